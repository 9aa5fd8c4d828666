// The app's window rules, kept free of Electron so they are tested for linux, win32 and darwin
// (test/unit/shell-lifecycle.test.ts). Electron's `window-all-closed` and `activate` count every
// BrowserWindow, hidden ones included, so the hidden GPU compute window kept the app alive on
// Windows and Linux and made macOS's `activate` open nothing. Here only the app's own main window
// counts, and every tracked window forgets itself when closed.

/** The parts of Electron's BrowserWindow the rules use. */
export interface ManagedWindow {
  isDestroyed(): boolean;
  destroy(): void;
  once(event: 'closed', listener: () => void): unknown;
}

export type WindowRole = 'main' | 'compute';

export interface LifecycleDeps<W extends ManagedWindow> {
  platform: NodeJS.Platform;
  createMainWindow(): W;
  /** Brings an existing main window forward (restore if minimised, focus). */
  focus(win: W): void;
  quit(): void;
}

export interface Lifecycle<W extends ManagedWindow> {
  /** Registers a window the app created; it leaves the registry on 'closed'. */
  track(win: W, role: WindowRole): W;
  mainWindow(): W | undefined;
  openMainWindow(): W;
  /** A second launch: focus the main window, or open one if it was closed (macOS, or mid-quit). */
  onSecondInstance(): void;
  /** macOS dock click: a new main window unless one is open (the hidden compute window does not count). */
  onActivate(): void;
  /**
   * Electron's 'window-all-closed': quit except on macOS (Electron's
   * docs/tutorial/tutorial-2-first-app.md, "Quit the app when all windows are closed").
   */
  onWindowAllClosed(): void;
  /** How many windows of a role are tracked (for tests and diagnostics). */
  count(role: WindowRole): number;
}

export function createLifecycle<W extends ManagedWindow>(deps: LifecycleDeps<W>): Lifecycle<W> {
  const windows = new Map<W, WindowRole>();
  const quitsWithLastWindow = deps.platform !== 'darwin';
  const live = (role: WindowRole) => [...windows].filter(([w, r]) => r === role && !w.isDestroyed());

  const mainClosed = () => {
    if (live('main').length > 0) return;
    // On macOS the app stays in the dock and a running GPU job may go on in the compute window;
    // elsewhere closing the main window ends the app, so nothing hidden may hold it open.
    if (!quitsWithLastWindow) return;
    for (const [w] of live('compute')) w.destroy();
    deps.quit();
  };

  const lifecycle: Lifecycle<W> = {
    track(win, role) {
      windows.set(win, role);
      win.once('closed', () => {
        windows.delete(win);
        if (role === 'main') mainClosed();
      });
      return win;
    },
    mainWindow: () => live('main')[0]?.[0],
    openMainWindow: () => lifecycle.track(deps.createMainWindow(), 'main'),
    onSecondInstance() {
      const win = lifecycle.mainWindow();
      if (win) deps.focus(win);
      else lifecycle.openMainWindow();
    },
    onActivate() {
      if (!lifecycle.mainWindow()) lifecycle.openMainWindow();
    },
    onWindowAllClosed() {
      if (quitsWithLastWindow) deps.quit();
    },
    count: (role) => live(role).length,
  };
  return lifecycle;
}
