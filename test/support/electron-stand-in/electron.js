// A stand-in for the `electron` module, for running the built out/main/index.js under Node 24
// (test/e2e/bundle-smoke.e2e.test.ts). Written from Electron 45's documentation, not from what our
// code expects: each modelled behaviour cites its doc file and section in github.com/electron/electron
// (docs/api/*.md, read at v45.0.0-nightly.20260821, commit 96f3996; published at
// https://www.electronjs.org/docs/latest/api/<file>), and, where the docs are silent, the Electron
// source file that decides it. It records what the app does in `log` and lets the driver fire app
// events; nothing here knows Reeltaste.
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

/** The `event` Event the docs pass first to app and window listeners; preventDefault() is how they cancel. */
const event = () => ({
  defaultPrevented: false,
  preventDefault() {
    this.defaultPrevented = true;
  },
});

// docs/api/app.md. `app.whenReady()`: "Returns Promise<void> - fulfilled when Electron is
// initialized"; `app.isReady()`; Event: 'ready' (event, launchInfo), "Emitted once". `app.quit()`:
// "Try to close all windows. The before-quit event will be emitted first. If all windows are
// successfully closed, the will-quit event will be emitted". Event: 'before-quit' and 'will-quit':
// "Calling event.preventDefault() will prevent the default behavior, which is terminating the
// application". Event: 'quit' (event, exitCode). Event: 'window-all-closed': after app.quit()
// "the window-all-closed event would not be emitted". A window that cancels its close cancels
// the quit (shell/browser/browser.cc, Browser::Quit and OnWindowCloseCancelled).
class App extends EventEmitter {
  #readyResolve;
  #ready = new Promise((r) => (this.#readyResolve = r));
  #paths = new Map([['userData', '/nonexistent']]);
  quitting = false;
  commandLine = {
    // docs/api/command-line.md `commandLine.appendSwitch(switch[, value])`: "This will not affect
    // process.argv". docs/api/command-line-switches.md (intro): append them "in your app's main
    // script before the ready event of the app module is emitted".
    appendSwitch: (name, value) => log.switches.push({ name, value, beforeReady: !ready }),
  };
  whenReady = () => this.#ready;
  isReady = () => ready;
  setPath = (name, path) => this.#paths.set(name, path);
  getPath = (name) => this.#paths.get(name);
  getVersion = () => '0.0.0';
  // docs/api/app.md `app.getLocaleCountryCode()`: "Returns string - User operating system's locale
  // two-letter ISO 3166 country code"; "When unable to detect locale country code, it returns empty
  // string". `app.getLocale()`: the application locale; "This API must be called after the ready
  // event is emitted".
  getLocaleCountryCode = () => 'GB';
  getLocale = () => {
    if (!ready) log.errors.push('app.getLocale() called before ready');
    return 'en-GB';
  };
  // docs/api/app.md `app.requestSingleInstanceLock([additionalData])`: "returns true if your process
  // is the primary instance of your application".
  requestSingleInstanceLock = () => true;
  fireReady() {
    ready = true;
    this.emit('ready', event(), {});
    this.#readyResolve();
  }
  quit() {
    log.quits++;
    if (this.quitting) return;
    if (this.emit('before-quit', event()) && this.#prevented) return;
    this.quitting = true;
    if (windows.size === 0) this.finishQuit();
    else for (const w of [...windows]) w.close();
  }
  #prevented = false;
  emit(name, ...args) {
    const handled = super.emit(name, ...args);
    this.#prevented = args[0]?.defaultPrevented === true;
    return handled;
  }
  /** The last window closed while quitting (browser.cc OnWindowAllClosed -> NotifyAndShutdown). */
  finishQuit() {
    if (this.emit('will-quit', event()) && this.#prevented) {
      this.quitting = false;
      return;
    }
    this.emit('quit', event(), 0);
  }
  /** A window cancelled its close: the quit is cancelled too (browser.cc OnWindowCloseCancelled). */
  cancelQuit() {
    this.quitting = false;
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
    // docs/api/web-contents.md `contents.send(channel, ...args)`: "Arguments will be serialized with
    // the Structured Clone Algorithm" (structuredClone throws where Electron would).
    this.sent.push({ channel, args: structuredClone(args) });
  }
  postMessage(channel, message) {
    this.sent.push({ channel, message });
  }
  isDestroyed = () => this.win.isDestroyed();
}

// docs/api/browser-window.md. `BrowserWindow.getAllWindows()`: "An array of all opened browser
// windows"; a hidden window is one (show: false only skips showing it: docs/api/structures/
// base-window-options.md `show`), and the list that 'window-all-closed' waits to empty holds every
// window, shown or not (shell/browser/window_list.cc, WindowList::RemoveWindow). `win.close()`: "Try
// to close the window"; Event: 'close': "Calling event.preventDefault() will cancel the close";
// `win.destroy()`: "close event will also not be emitted for this window, but it guarantees the
// closed event will be emitted"; Event: 'closed': "avoid using it any more": Electron's methods on a
// destroyed object throw TypeError "Object has been destroyed"
// (shell/common/gin_helper/function_template.h).
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
    if (this.#destroyed) throw new TypeError('Object has been destroyed');
  }
  isDestroyed = () => this.#destroyed;
  #load(path) {
    this.#alive();
    if (standIn.neverLoad.has(path.split(/[\\/]/).pop())) return new Promise(() => {});
    // docs/api/browser-window.md `win.loadFile(filePath[, options])`: "Returns Promise<void> - the
    // promise will resolve when the page has finished loading (see did-finish-load), and rejects if
    // the page fails to load (see did-fail-load)"; `win.loadURL` is the same (web-contents.md
    // `contents.loadURL`). Event: 'ready-to-show' once the page has rendered.
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
    const e = event();
    this.emit('close', e);
    if (e.defaultPrevented) {
      if (app.quitting) app.cancelQuit();
      return;
    }
    this.#finish();
  }
  destroy() {
    if (!this.#destroyed) this.#finish();
  }
  #finish() {
    this.#destroyed = true;
    windows.delete(this);
    this.emit('closed');
    // docs/api/app.md Event: 'window-all-closed': "Emitted when all windows have been closed", but
    // not after app.quit(), which goes on to 'will-quit' (see App above).
    if (windows.size > 0) return;
    if (app.quitting) app.finishQuit();
    else app.emit('window-all-closed', event());
  }
}

// docs/api/protocol.md `protocol.registerSchemesAsPrivileged(customSchemes)`: "This method can only
// be used before the ready event of the app module gets emitted and can be called only once."; the
// module's note: "All methods unless specified can only be used after the ready event".
export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    if (ready) log.errors.push('protocol.registerSchemesAsPrivileged called after ready');
    if (log.schemes.length) log.errors.push('protocol.registerSchemesAsPrivileged called twice');
    log.schemes.push(...schemes.map((s) => ({ scheme: s.scheme, beforeReady: !ready })));
  },
  handle(scheme) {
    if (!ready) log.errors.push(`protocol.handle(${scheme}) before ready`);
  },
};

// docs/api/ipc-main.md `ipcMain.handle(channel, listener)`; a second handler for a channel throws
// "Attempted to register a second handler for '<channel>'" (the docs are silent:
// lib/browser/ipc-main-impl.ts, IpcMainImpl.handle).
export const ipcMain = {
  handle(channel, fn) {
    if (log.ipc.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    log.ipc.set(channel, fn);
  },
  on() {},
};

// docs/api/message-channel-main.md: `port1` and `port2`, each a MessagePortMain
// (docs/api/message-port-main.md: an EventEmitter with postMessage, start, close; Event: 'close').
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

// docs/api/utility-process.md `utilityProcess.fork(modulePath[, args][, options])`: "the equivalent
// of child_process.fork"; Event: 'spawn'; Event: 'message' (message) "Emitted when the child process
// sends a message using process.parentPort.postMessage()"; Event: 'exit' (code); `child.kill()`
// returns boolean. Modelled with child_process.fork and a parentPort shim (utility-child.js).
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
    child.on('spawn', () => proc.emit('spawn'));
    child.on('message', (m) => proc.emit('message', m));
    child.on('exit', (code) => proc.emit('exit', code ?? 0));
    // A message to a child that has exited is dropped without an error: the docs' only 'error' is
    // a fatal V8 error, and ForkUtilityProcess.postMessage calls `this.#handle?.postMessage`, the
    // handle being null after exit (lib/browser/api/utility-process.ts).
    child.on('error', () => {});
    proc.postMessage = (message, transfer = []) => {
      if (transfer.length) log.errors.push('utility postMessage with ports: not modelled');
      if (child.connected) child.send(structuredClone(message));
    };
    proc.kill = () => child.exitCode === null && child.signalCode === null && child.kill();
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
// docs/api/safe-storage.md `safeStorage.isEncryptionAvailable()`: "On Linux, returns true if the app
// has emitted the ready event and the secret key is available" (here: no secret store).
export const safeStorage = {
  isEncryptionAvailable: () => false,
  encryptString: () => Buffer.alloc(0),
  decryptString: () => '',
};
// docs/api/net.md `net.fetch(input[, init])`: "Sends a request, similarly to how fetch() works in the
// renderer, using Chromium's network stack"; the module: "The net API can be used only after the
// application emits the ready event. Trying to use the module before the ready event will throw an
// error."
export const net = {
  fetch: (input, init) => {
    if (!ready) throw new Error('net.fetch called before the app is ready');
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
