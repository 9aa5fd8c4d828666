// Spawns the worker as an Electron utility process (the built out/main/worker.js).
import { utilityProcess } from 'electron';
import type { FromWorker, WorkerChannel, WorkerSpawner } from './protocol.ts';

export function electronSpawner(entry: string): WorkerSpawner {
  return () => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'Reeltaste compute', stdio: 'inherit' });
    let exited = false;
    const channel: WorkerChannel = {
      get pid() {
        return child.pid;
      },
      send: (m) => {
        if (!exited) child.postMessage(m);
      },
      onMessage: (l) => child.on('message', (m: FromWorker) => l(m)),
      onExit: (l) =>
        child.on('exit', (code) => {
          exited = true;
          l(code, null);
        }),
      kill: () => {
        child.kill();
      },
    };
    return channel;
  };
}
