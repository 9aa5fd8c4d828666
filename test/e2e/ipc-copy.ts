// What crosses Electron's IPC: a structured clone (Electron's docs/api/ipc-renderer.md,
// `ipcRenderer.invoke(channel, ...args)`: "Arguments will be serialized with the Structured Clone Algorithm ... Sending Functions,
// Promises, Symbols, WeakMaps, or WeakSets will throw an exception"). Prototypes and methods are lost,
// so a class instance arrives as a plain object: the copy drops them here as Electron would.
export function ipcCopy<T>(value: T): T {
  try {
    return structuredClone(value);
  } catch (err) {
    throw new Error(`Electron's IPC could not send this value: ${(err as Error).message}`, { cause: err });
  }
}
