// Inside Electron's utility process (the compute worker), where dawn.node cannot load: GPU jobs go
// to the compute window over a MessagePort that main hands over on request.
import { requestPort } from '../../../../worker/runtime.ts';
import { setGpuProvider } from '../../provider.ts';
import { computeWindowProvider, type ComputeChannel } from './client.ts';
import type { FromCompute, ToCompute } from '../protocol.ts';

/** The parts of Electron's MessagePortMain the channel uses. */
interface MessagePortMain {
  on(event: 'message', listener: (e: { data: FromCompute }) => void): void;
  on(event: 'close', listener: () => void): void;
  postMessage(message: ToCompute): void;
  start(): void;
}

export function useComputeWindowForGpu(): void {
  setGpuProvider(
    computeWindowProvider(async (): Promise<ComputeChannel> => {
      const port = (await requestPort('gpu')) as MessagePortMain;
      port.start();
      return {
        send: (m) => port.postMessage(m),
        onMessage: (l) => port.on('message', (e) => l(e.data)),
        onClose: (l) => port.on('close', l),
      };
    }),
  );
}
