// What crosses Electron's IPC: a structured clone (https://www.electronjs.org/docs/latest/api/ipc-renderer,
// "invoke": "Arguments will be serialized with the Structured Clone Algorithm ... Sending Functions,
// Promises, Symbols, WeakMaps, or WeakSets will throw an exception"). Prototypes and methods are lost,
// so a class instance arrives as a plain object: the copy drops them here as Electron would.
export function ipcCopy<T>(value: T): T {
  try {
    return structuredClone(value);
  } catch (err) {
    throw new Error(`Electron's IPC could not send this value: ${(err as Error).message}`, { cause: err });
  }
}
