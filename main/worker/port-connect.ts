// Main's side of a worker's 'port-request': open the port within a deadline or say why not. A
// compute window that fails to load, never loads, or dies before taking its port must not leave the
// worker waiting: the worker gets a 'port' message with `error` and its GPU provider fails, which
// "auto" training and the GPU status answer by falling back to the CPU (model/gpu/select.ts).

/** Loading the local compute page takes well under a second; beyond this it is not coming. */
export const PORT_CONNECT_TIMEOUT_MS = 5_000;

export interface Closable {
  close(): void;
}

/** Resolves with the port, or rejects after `timeoutMs`; a port that arrives late is closed. */
export function connectWithin<P extends Closable>(
  connect: () => Promise<P>,
  timeoutMs = PORT_CONNECT_TIMEOUT_MS,
): Promise<P> {
  return new Promise<P>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      reject(new Error(`no answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    connect().then(
      (port) => {
        clearTimeout(timer);
        if (settled) port.close();
        else resolve(port);
        settled = true;
      },
      (err: unknown) => {
        clearTimeout(timer);
        if (!settled) reject(err instanceof Error ? err : new Error(String(err)));
        settled = true;
      },
    );
  });
}
