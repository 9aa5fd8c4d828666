// The compute window's preload: exposes nothing. It hands the one MessagePort main sends to the
// page's world (window.postMessage with the port transferred), where the GPU jobs are served.
import { ipcRenderer } from 'electron';
import { COMPUTE_PORT_MESSAGE } from '../protocol.ts';

ipcRenderer.once('compute-port', (event) => window.postMessage(COMPUTE_PORT_MESSAGE, '*', event.ports));
