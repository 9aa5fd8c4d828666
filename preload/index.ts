// The sandboxed preload: exposes exactly one object, window.api, built from the IPC contract.
// No generic send/invoke: only the contract's channel names get through.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { eventChannels, invokeChannels } from '../main/ipc/contract.ts';
import { buildApi } from './bridge.ts';

const api = buildApi(invokeChannels, eventChannels, {
  invoke: (channel, input) => ipcRenderer.invoke(channel, input),
  subscribe: (event, listener) => {
    const wrapped = (_e: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(event, wrapped);
    return () => ipcRenderer.removeListener(event, wrapped);
  },
  pathForFile: (file) => webUtils.getPathForFile(file),
});

contextBridge.exposeInMainWorld('api', api);
