// Electron main: the hidden GPU compute window. Sandboxed, no Node, a preload that only forwards one
// MessagePort; it loads the bundled compute page and gets a fresh port per connection (a new window
// each time: the page serves exactly one port). Kept thin: everything testable lives in page/serve.ts.
import { app, BrowserWindow, MessageChannelMain, type MessagePortMain } from 'electron';
import { join } from 'node:path';

/**
 * Chromium ships WebGPU on Windows, macOS and ChromeOS; on Linux it is still behind a switch. Must
 * run before the app is ready. Our pages are local and CSP-locked, and only the compute page uses it.
 */
export function enableWebGpu(): void {
  if (process.platform === 'linux') {
    app.commandLine.appendSwitch('enable-unsafe-webgpu');
    app.commandLine.appendSwitch('enable-features', 'Vulkan');
  }
}

let current: BrowserWindow | undefined;

/**
 * `track` hands each window to the app's window rules (shell/lifecycle.ts), so the hidden window
 * neither keeps the app alive nor counts as the user's window. A window that dies before it loaded
 * rejects at once; one that never loads is given up by the spawner (worker/port-connect.ts).
 */
export function computeWindowConnector(
  outDir: string,
  devUrl: string | undefined,
  track: (win: BrowserWindow) => void,
): () => Promise<MessagePortMain> {
  return async () => {
    if (current && !current.isDestroyed()) current.destroy();
    const win = new BrowserWindow({
      show: false,
      width: 320,
      height: 200,
      title: 'Reeltaste compute',
      webPreferences: {
        preload: join(outDir, '../preload/compute.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
        // A hidden window's timers are throttled by default; the GPU job must keep its pace.
        backgroundThrottling: false,
      },
    });
    current = win;
    track(win);
    const closedEarly = new Promise<never>((_resolve, reject) =>
      win.once('closed', () => reject(new Error('the compute window closed before it loaded'))),
    );
    closedEarly.catch(() => {});
    win.webContents.on('will-navigate', (event) => event.preventDefault());
    win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    // A crashed page closes its end of the port: the worker's job then fails as GPU_LOST.
    win.webContents.on('render-process-gone', () => {
      if (!win.isDestroyed()) win.destroy();
    });
    const load = devUrl
      ? win.loadURL(new URL('compute.html', devUrl).href)
      : win.loadFile(join(outDir, '../renderer/compute.html'));
    await Promise.race([load, closedEarly]);
    if (win.isDestroyed()) throw new Error('the compute window closed before it loaded');
    const { port1, port2 } = new MessageChannelMain();
    win.webContents.postMessage('compute-port', null, [port2]);
    return port1;
  };
}
