// Spawns the worker with child_process.fork: how the CLI and the tests run it. Node 24 runs the
// .ts entry directly (type stripping), so there is no build step between source and worker.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FromWorker, WorkerChannel, WorkerSpawner } from './protocol.ts';

export const defaultWorkerEntry = fileURLToPath(new URL('./entry.ts', import.meta.url));

export function nodeSpawner(
  entry: string = defaultWorkerEntry,
  env: NodeJS.ProcessEnv = process.env,
): WorkerSpawner {
  return () => {
    const child = fork(entry, [], {
      // 'advanced' = structured clone: typed arrays cross without JSON.
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env,
      execArgv: process.execArgv.filter((a) => !a.startsWith('--inspect')),
    });
    // A send racing the worker's death fails with EPIPE here; its 'exit' already fails the jobs.
    child.on('error', () => {});
    const channel: WorkerChannel = {
      pid: child.pid,
      send: (m) => {
        if (child.connected) child.send(m);
      },
      onMessage: (l) => child.on('message', (m) => l(m as FromWorker)),
      onExit: (l) => child.on('exit', (code, signal) => l(code, signal)),
      kill: () => child.kill('SIGKILL'),
    };
    return channel;
  };
}
