// Electron main entry: thin glue between Electron and the transport-free services. Everything that
// can be tested under plain Node lives elsewhere; this file only wires windows, IPC and lifecycle.
import { app, BrowserWindow, dialog, ipcMain, nativeTheme, net } from 'electron';
import { createServices, type Services } from './compose/services.ts';
import { createHandlers } from './ipc/handlers.ts';
import { dispatch } from './ipc/dispatch.ts';
import { invokeChannels } from './ipc/contract.ts';
import { electronSpawner } from './worker/spawn-electron.ts';
import { createMainWindow, installContentSecurityPolicy } from './window.ts';
import { isTrustedSender } from './security.ts';
import { installMenu } from './menu.ts';
import { join } from 'node:path';
import { electronSecretStore, handlePosterProtocol, registerPosterScheme } from './posters/electron.ts';
import { computeWindowConnector, enableWebGpu } from './model/gpu/compute-window/main/electron-window.ts';
import { createLifecycle } from './shell/lifecycle.ts';
import { useFetch } from './net/fetch.ts';

const outDir = import.meta.dirname;
const devUrl = process.env.ELECTRON_RENDERER_URL;
let services: Services | undefined;
// Which windows are the app's and what closing them means: shell/lifecycle.ts (tested per platform).
const windows = createLifecycle<BrowserWindow>({
  platform: process.platform,
  createMainWindow: () => createMainWindow(outDir, devUrl),
  focus: (win) => {
    if (win.isMinimized()) win.restore();
    win.focus();
  },
  quit: () => app.quit(),
});

if (process.env.REELTASTE_DATA_DIR) app.setPath('userData', process.env.REELTASTE_DATA_DIR);
// Custom schemes must be declared before the app is ready.
registerPosterScheme();
enableWebGpu();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (app.isReady() && services) windows.onSecondInstance();
  });

  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  void app.whenReady().then(() => {
    // TMDB and downloads through Chromium's stack: the system proxy and certificate store apply.
    useFetch((input, init) => net.fetch(input instanceof URL ? input.href : input, init));
    try {
      services = createServices({
        dataDir: app.getPath('userData'),
        spawner: electronSpawner(join(outDir, 'worker.js'), {
          gpu: computeWindowConnector(outDir, devUrl, (win) => windows.track(win, 'compute')),
        }),
        secrets: electronSecretStore,
      });
    } catch (err) {
      // E.g. a database written by a newer Reeltaste: say why and leave the data untouched.
      dialog.showErrorBox('Reeltaste cannot open its data', err instanceof Error ? err.message : String(err));
      app.quit();
      return;
    }
    const s = services;
    // Where to watch defaults to the system's country (Settings can change it).
    if (/^[A-Z]{2}$/.test(app.getLocaleCountryCode())) s.where.localeRegion = app.getLocaleCountryCode();
    nativeTheme.themeSource = s.settings.get().theme;
    const handlers = createHandlers(s, { onSettings: (next) => (nativeTheme.themeSource = next.theme) });
    for (const channel of invokeChannels) {
      ipcMain.handle(channel, (event, raw: unknown) => {
        if (!isTrustedSender(event.senderFrame?.url, devUrl)) {
          return { ok: false, error: { code: 'INVALID_INPUT', message: 'Untrusted sender.' } };
        }
        return dispatch(handlers, channel, raw);
      });
    }
    s.events.add({
      emit: (event, payload) => {
        for (const win of BrowserWindow.getAllWindows()) win.webContents.send(event, payload);
      },
    });
    installContentSecurityPolicy();
    handlePosterProtocol(s.posters);
    installMenu(
      () => windows.mainWindow(),
      (paths) => void s.files.drop(paths).then((result) => s.events.emit('files/routed', result)),
    );
    windows.openMainWindow();
    app.on('activate', () => windows.onActivate());
  });

  app.on('window-all-closed', () => windows.onWindowAllClosed());
  app.on('will-quit', () => services?.shutdown());
}
