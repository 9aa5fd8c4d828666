// Runs the real CLI as a child process, as a user's script would.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const cliBin = fileURLToPath(new URL('../../main/cli/reeltaste.js', import.meta.url));

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  json<T = Record<string, unknown>>(): T;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 300_000): CliRun {
  const r = spawnSync(process.execPath, [cliBin, ...args], {
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

export interface RunningCli {
  pid: number;
  /** What it printed so far. */
  stdout(): string;
  stderr(): string;
  exited(): boolean;
  done: Promise<CliRun>;
}

/** Starts the real CLI without waiting for it: for two processes on one data folder. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): RunningCli {
  const child = spawn(process.execPath, [cliBin, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let exited = false;
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const done = new Promise<CliRun>((resolve) =>
    child.on('close', (status) => {
      exited = true;
      resolve({
        status,
        stdout: out,
        stderr: err,
        json<T>() {
          const lines = out.trim().split('\n');
          return JSON.parse(lines[lines.length - 1] ?? '') as T;
        },
      });
    }),
  );
  return { pid: child.pid!, stdout: () => out, stderr: () => err, exited: () => exited, done };
}

/** Resolves once `ready()` holds, checking every 20 ms; fails after `timeoutMs`. */
export async function until(ready: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!ready()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** runCli without blocking this process: for tests whose local HTTP server must keep answering. */
export function runCliAsync(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 300_000,
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cliBin, ...args],
      { encoding: 'utf8', env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) =>
        resolve({
          status: err ? (typeof err.code === 'number' ? err.code : null) : 0,
          stdout,
          stderr,
          json<T>() {
            const lines = stdout.trim().split('\n');
            return JSON.parse(lines[lines.length - 1] ?? '') as T;
          },
        }),
    );
  });
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
    const child = spawn(process.execPath, [cliBin, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
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
