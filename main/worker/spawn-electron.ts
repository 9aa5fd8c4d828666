// Spawns the worker as an Electron utility process (the built out/main/worker.js). The worker may ask
// for a MessagePort ('port-request'): the spawner answers from `ports` (e.g. 'gpu': a port to the
// GPU compute window) and keeps those requests away from the host.
import { utilityProcess, type MessagePortMain } from 'electron';
import type { FromWorker, WorkerChannel, WorkerPortName, WorkerSpawner } from './protocol.ts';
import { connectWithin } from './port-connect.ts';

export type PortConnectors = Partial<Record<WorkerPortName, () => Promise<MessagePortMain>>>;

export function electronSpawner(entry: string, ports: PortConnectors = {}): WorkerSpawner {
  return () => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'Reeltaste compute', stdio: 'inherit' });
    let exited = false;
    const answerPort = (name: WorkerPortName) => {
      const connect = ports[name];
      if (!connect) {
        if (!exited) child.postMessage({ type: 'port', name, error: `no ${name} port in this app` });
        return;
      }
      void connectWithin(connect).then(
        (port) => (exited ? port.close() : child.postMessage({ type: 'port', name }, [port])),
        (err: Error) => {
          console.error(`[worker] could not open the ${name} port:`, err);
          // Without an answer the worker's GPU job would wait forever; with one it takes the CPU.
          if (!exited) child.postMessage({ type: 'port', name, error: err.message });
        },
      );
    };
    const channel: WorkerChannel = {
      get pid() {
        return child.pid;
      },
      send: (m) => {
        if (!exited) child.postMessage(m);
      },
      onMessage: (l) =>
        child.on('message', (m: FromWorker) => (m.type === 'port-request' ? answerPort(m.name) : l(m))),
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
