// A stand-in for the `electron` module, for running the built out/main/index.js under Node 24
// (test/e2e/bundle-smoke.e2e.test.ts). Written from Electron 45's documentation, not from what our
// code expects: each modelled behaviour cites its doc page. It records what the app does in `log`
// and lets the driver fire app events; nothing here knows Reeltaste.
import { EventEmitter } from 'node:events';
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const log = {
  switches: [],
  schemes: [],
  opened: [],
  windows: [],
  quits: 0,
  errors: [],
  ipc: new Map(),
};
/** Test knobs: pages whose load never settles (a page that never loads). */
export const standIn = { neverLoad: new Set() };
let ready = false;
const missing = (kind, path) => {
  if (!existsSync(path)) log.errors.push(`${kind} does not exist: ${path}`);
  log.opened.push({ kind, path });
};

// https://www.electronjs.org/docs/latest/api/app: an EventEmitter; whenReady() "Returns Promise<void> - fulfilled when Electron is
// initialized"; isReady(); quit(): "Try to close all windows. The before-quit event will be emitted
// first. If all windows are successfully closed, the will-quit event will be emitted", and
// 'window-all-closed' "would not be emitted" in that case.
class App extends EventEmitter {
  #readyResolve;
  #ready = new Promise((r) => (this.#readyResolve = r));
  #paths = new Map([['userData', '/nonexistent']]);
  quitting = false;
  commandLine = {
    // https://www.electronjs.org/docs/latest/api/command-line "appendSwitch": "This will not affect process.argv"; switches only take
    // effect when appended before the ready event (app docs, app.commandLine).
    appendSwitch: (name, value) => log.switches.push({ name, value, beforeReady: !ready }),
  };
  whenReady = () => this.#ready;
  isReady = () => ready;
  setPath = (name, path) => this.#paths.set(name, path);
  getPath = (name) => this.#paths.get(name);
  getVersion = () => '0.0.0';
  // https://www.electronjs.org/docs/latest/api/app "getLocaleCountryCode": "Returns string - User
  // operating system's locale two-letter ISO 3166 country code"; "When unable to detect locale
  // country code, it returns empty string". "getLocale": the application locale, e.g. "en-US".
  getLocaleCountryCode = () => 'GB';
  getLocale = () => 'en-GB';
  // https://www.electronjs.org/docs/latest/api/app "requestSingleInstanceLock": true for the first instance.
  requestSingleInstanceLock = () => true;
  fireReady() {
    ready = true;
    this.emit('ready');
    this.#readyResolve();
  }
  quit() {
    log.quits++;
    if (this.quitting) return;
    this.quitting = true;
    this.emit('before-quit', { preventDefault() {} });
    for (const w of [...windows]) w.close();
    this.emit('will-quit', { preventDefault() {} });
    this.emit('quit');
  }
}
export const app = new App();

const windows = new Set();
let nextId = 1;

class WebContents extends EventEmitter {
  sent = [];
  constructor(win) {
    super();
    this.win = win;
  }
  setWindowOpenHandler(fn) {
    this.openHandler = fn;
  }
  send(channel, ...args) {
    // https://www.electronjs.org/docs/latest/api/web-contents "send": "Arguments will be serialized with the Structured Clone Algorithm".
    this.sent.push({ channel, args: structuredClone(args) });
  }
  postMessage(channel, message) {
    this.sent.push({ channel, message });
  }
  isDestroyed = () => this.win.isDestroyed();
}

// https://www.electronjs.org/docs/latest/api/browser-window: getAllWindows() "Returns BrowserWindow[] - An array of all opened browser
// windows" (hidden ones too); close() emits 'close' then 'closed'; destroy(): "the close event will
// also not be emitted for this window, but it guarantees the closed event will be emitted"; after
// 'closed' every method throws "Object has been destroyed".
export class BrowserWindow extends EventEmitter {
  static getAllWindows = () => [...windows];
  #destroyed = false;
  constructor(options = {}) {
    super();
    this.id = nextId++;
    this.options = options;
    this.webContents = new WebContents(this);
    windows.add(this);
    log.windows.push({
      id: this.id,
      show: options.show !== false,
      title: options.title,
      webPreferences: options.webPreferences,
    });
    if (options.webPreferences?.preload) missing('preload', options.webPreferences.preload);
  }
  #alive() {
    if (this.#destroyed) throw new Error('Object has been destroyed');
  }
  isDestroyed = () => this.#destroyed;
  #load(path) {
    this.#alive();
    if (standIn.neverLoad.has(path.split(/[\\/]/).pop())) return new Promise(() => {});
    // https://www.electronjs.org/docs/latest/api/browser-window "loadFile": rejects when the page fails to load (did-fail-load).
    if (!existsSync(path))
      return Promise.reject(new Error(`ERR_FILE_NOT_FOUND (-6) loading 'file://${path}'`));
    setImmediate(() => this.#destroyed || this.emit('ready-to-show'));
    return Promise.resolve();
  }
  loadFile(path) {
    missing('page', path);
    return this.#load(path);
  }
  loadURL(url) {
    return this.#load(url.startsWith('file:') ? fileURLToPath(url) : url);
  }
  show() {
    this.#alive();
  }
  focus() {
    this.#alive();
    this.focused = (this.focused ?? 0) + 1;
  }
  isMinimized() {
    this.#alive();
    return false;
  }
  restore() {
    this.#alive();
  }
  close() {
    if (this.#destroyed) return;
    this.emit('close', { preventDefault() {} });
    this.#finish();
  }
  destroy() {
    if (!this.#destroyed) this.#finish();
  }
  #finish() {
    this.#destroyed = true;
    windows.delete(this);
    this.emit('closed');
    // https://www.electronjs.org/docs/latest/api/app 'window-all-closed': "Emitted when all windows have been closed", not while quitting.
    if (windows.size === 0 && !app.quitting) app.emit('window-all-closed');
  }
}

// https://www.electronjs.org/docs/latest/api/protocol "registerSchemesAsPrivileged": "This method can only be used before the ready
// event of the app module gets emitted and can be called only once."
export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    if (ready) log.errors.push('protocol.registerSchemesAsPrivileged called after ready');
    log.schemes.push(...schemes.map((s) => ({ scheme: s.scheme, beforeReady: !ready })));
  },
  handle(scheme) {
    if (!ready) log.errors.push(`protocol.handle(${scheme}) before ready`);
  },
};

// https://www.electronjs.org/docs/latest/api/ipc-main "handle": one handler per channel ("Error: Attempted to register a second handler").
export const ipcMain = {
  handle(channel, fn) {
    if (log.ipc.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    log.ipc.set(channel, fn);
  },
  on() {},
};

// https://www.electronjs.org/docs/latest/api/message-channel-main: a pair of MessagePortMain (EventEmitters with postMessage/start/close).
class MessagePortMain extends EventEmitter {
  postMessage() {}
  start() {}
  close() {
    this.emit('close');
  }
}
export class MessageChannelMain {
  port1 = new MessagePortMain();
  port2 = new MessagePortMain();
}

// https://www.electronjs.org/docs/latest/api/utility-process "fork(modulePath, args, options)": a Node.js child with
// process.parentPort; 'message' carries the data; postMessage(message, transfer) structured-clones;
// 'exit' gives the code. Modelled with child_process.fork and a parentPort shim (utility-child.js).
export const utilityProcess = {
  fork(modulePath, args = []) {
    missing('utility', modulePath);
    const shim = new URL('./utility-child.js', import.meta.url);
    // 'advanced': structured clone, as parentPort.postMessage does (typed arrays stay typed arrays).
    const child = fork(modulePath, args, {
      execArgv: ['--import', shim.href],
      stdio: 'inherit',
      serialization: 'advanced',
    });
    const proc = new EventEmitter();
    Object.defineProperty(proc, 'pid', { get: () => child.pid });
    child.on('message', (m) => proc.emit('message', m));
    child.on('exit', (code) => proc.emit('exit', code ?? 0));
    // A UtilityProcess has no 'error' event for messages to a process that has gone (the docs list
    // 'spawn', 'exit', 'message' and 'error' for fatal V8 errors only): such a message is dropped.
    child.on('error', () => {});
    proc.postMessage = (message, transfer = []) => {
      if (transfer.length) log.errors.push('utility postMessage with ports: not modelled');
      if (child.connected) child.send(structuredClone(message));
    };
    proc.kill = () => child.kill();
    return proc;
  },
};

export const dialog = {
  showErrorBox: (title, content) => log.errors.push(`${title}: ${content}`),
  showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
};
export const Menu = {
  buildFromTemplate: (t) => ({ template: t }),
  setApplicationMenu: (m) => (log.menu = m),
};
export const nativeTheme = { themeSource: 'system', shouldUseDarkColors: false };
export const shell = { openExternal: async () => {} };
// https://www.electronjs.org/docs/latest/api/safe-storage: isEncryptionAvailable() is false until ready on Linux without a keyring.
export const safeStorage = {
  isEncryptionAvailable: () => false,
  encryptString: () => Buffer.alloc(0),
  decryptString: () => '',
};
// https://www.electronjs.org/docs/latest/api/net "net.fetch": like the web fetch, through Chromium's network stack; only after ready.
export const net = {
  fetch: (input, init) => {
    if (!ready) return Promise.reject(new Error('net.fetch before ready'));
    return globalThis.fetch(input, init);
  },
};
const webRequest = { onHeadersReceived() {} };
export const session = { defaultSession: { webRequest, setPermissionRequestHandler() {} } };
export default {
  app,
  BrowserWindow,
  protocol,
  ipcMain,
  MessageChannelMain,
  utilityProcess,
  dialog,
  Menu,
  nativeTheme,
  shell,
  safeStorage,
  net,
  session,
};
