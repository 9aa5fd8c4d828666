// Preloaded into a utilityProcess stand-in child: https://www.electronjs.org/docs/latest/api/utility-process documents
// `process.parentPort` ("on('message')" with `{ data, ports }`, `postMessage(message)`), and the
// process object docs (https://www.electronjs.org/docs/latest/api/process) `process.versions.electron`.
import { EventEmitter } from 'node:events';

const parentPort = new EventEmitter();
parentPort.postMessage = (message) => process.send?.(message);
process.on('message', (data) => parentPort.emit('message', { data, ports: [] }));
Object.defineProperty(process, 'parentPort', { value: parentPort });
Object.defineProperty(process.versions, 'electron', { value: '45.4.1', enumerable: true });
