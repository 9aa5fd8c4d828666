// Spawns the worker with child_process.fork: how the CLI and the tests run it. Node 24 runs the
// .ts entry directly (type stripping), so there is no build step between source and worker.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FromWorker, WorkerChannel, WorkerSpawner } from './protocol.ts';

export const defaultWorkerEntry = fileURLToPath(new URL('../compose/worker-entry.ts', import.meta.url));

export function nodeSpawner(
  entry: string = defaultWorkerEntry,
  env: NodeJS.ProcessEnv = process.env,
  execPath: string = process.execPath,
): WorkerSpawner {
  return () => {
    const child = fork(entry, [], {
      // 'advanced' = structured clone: typed arrays cross without JSON.
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env,
      execPath,
      execArgv: process.execArgv.filter((a) => !a.startsWith('--inspect')),
    });
    const exitListeners: ((code: null, signal: null, failure: string) => void)[] = [];
    child.on('error', (err) => {
      // A send racing the worker's death fails with EPIPE here; its 'exit' already fails the jobs.
      // A worker that never started (EACCES, ENOENT) has no 'exit': report its failure as one.
      if (child.pid === undefined) for (const l of exitListeners) l(null, null, err.message);
    });
    const channel: WorkerChannel = {
      pid: child.pid,
      send: (m) => {
        if (child.connected) child.send(m);
      },
      onMessage: (l) => child.on('message', (m) => l(m as FromWorker)),
      onExit: (l) => {
        exitListeners.push(l);
        child.on('exit', (code, signal) => l(code, signal));
      },
      kill: () => child.kill('SIGKILL'),
    };
    return channel;
  };
}
