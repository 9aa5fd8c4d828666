// Preloaded into a utilityProcess stand-in child. docs/api/process.md `process.parentPort`: "A
// Electron.ParentPort property if this is a UtilityProcess"; docs/api/parent-port.md Event: 'message'
// (messageEvent { data, ports }): "Messages received on this port will be queued up until a handler
// is registered for this event"; `parentPort.postMessage(message)`. docs/api/process.md
// `process.versions.electron`: "Electron's version string".
import { EventEmitter } from 'node:events';

const parentPort = new EventEmitter();
parentPort.postMessage = (message) => process.send?.(message);
const queued = [];
process.on('message', (data) => {
  if (parentPort.listenerCount('message') > 0 && queued.length === 0)
    parentPort.emit('message', { data, ports: [] });
  else queued.push(data);
});
parentPort.on('newListener', (name) => {
  if (name !== 'message') return;
  // After the listener is added (newListener fires before), in arrival order.
  setImmediate(() => {
    for (const data of queued.splice(0)) parentPort.emit('message', { data, ports: [] });
  });
});
Object.defineProperty(process, 'parentPort', { value: parentPort });
Object.defineProperty(process.versions, 'electron', { value: '45.4.1', enumerable: true });
