// Runs the real CLI as a child process, as a user's script would.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../main/cli/reeltaste.js', import.meta.url));

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  json<T = Record<string, unknown>>(): T;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 300_000): CliRun {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    json<T>() {
      const lines = r.stdout.trim().split('\n');
      return JSON.parse(lines[lines.length - 1] ?? '') as T;
    },
  };
}

export interface InteractiveRun {
  status: number | null;
  /** Every stdout line parsed as JSON (--jsonl), in order; the last is the result. */
  objects: Record<string, unknown>[];
  stderr: string;
}

/**
 * Runs an interactive command with --jsonl as a script would: each prompt object on stdout gets
 * the answer `answer` returns (null: close stdin).
 */
export function runCliInteractive(
  args: string[],
  answer: (prompt: Record<string, unknown>) => string | null,
  timeoutMs = 300_000,
): Promise<InteractiveRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const objects: Record<string, unknown>[] = [];
    let stderr = '';
    const timer = setTimeout(() => child.kill(), timeoutMs);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const o = JSON.parse(line) as Record<string, unknown>;
      objects.push(o);
      if (!('prompt' in o)) return;
      const reply = answer(o);
      if (reply === null) child.stdin.end();
      else child.stdin.write(`${reply}\n`);
    });
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, objects, stderr });
    });
  });
}
