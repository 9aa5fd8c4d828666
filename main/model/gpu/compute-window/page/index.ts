// Entry of the hidden compute window's page (built as out/renderer/compute.html). It waits for the
// one MessagePort its preload forwards, then serves GPU jobs on it with Chromium's WebGPU.
import { COMPUTE_PORT_MESSAGE, type ToCompute } from '../protocol.ts';
import { serveCompute } from './serve.ts';

function onPort(e: MessageEvent): void {
  if (e.source !== window || e.data !== COMPUTE_PORT_MESSAGE || !e.ports[0]) return;
  window.removeEventListener('message', onPort);
  const port = e.ports[0];
  const handle = serveCompute({ postMessage: (m) => port.postMessage(m) }, navigator.gpu);
  port.onmessage = (ev: MessageEvent<ToCompute>) => handle(ev.data);
  document.title = 'Reeltaste compute (ready)';
}

window.addEventListener('message', onPort);
