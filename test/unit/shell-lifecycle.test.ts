// The app's window rules (main/shell/lifecycle.ts) per platform, with windows that behave like
// Electron's: 'closed' fires once, a destroyed window stays destroyed.
import { describe, expect, it } from 'vitest';
import { createLifecycle, type ManagedWindow } from '../../main/shell/lifecycle.ts';

class FakeWindow implements ManagedWindow {
  destroyed = false;
  focused = 0;
  private closed: (() => void)[] = [];
  isDestroyed = () => this.destroyed;
  once(_event: 'closed', l: () => void) {
    this.closed.push(l);
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const l of this.closed.splice(0)) l();
  }
}

function setup(platform: NodeJS.Platform) {
  const created: FakeWindow[] = [];
  let quits = 0;
  const life = createLifecycle<FakeWindow>({
    platform,
    createMainWindow: () => {
      const w = new FakeWindow();
      created.push(w);
      return w;
    },
    focus: (w) => w.focused++,
    quit: () => quits++,
  });
  return { life, created, quits: () => quits };
}

describe.each(['linux', 'win32'] as const)('window rules on %s', (platform) => {
  it('closing the main window closes the hidden compute window and quits', () => {
    const { life, quits } = setup(platform);
    const main = life.openMainWindow();
    const compute = life.track(new FakeWindow(), 'compute');
    main.destroy();
    expect(compute.isDestroyed()).toBe(true);
    expect(quits()).toBe(1);
    expect(life.mainWindow()).toBeUndefined();
  });

  it('window-all-closed quits', () => {
    const { life, quits } = setup(platform);
    life.onWindowAllClosed();
    expect(quits()).toBe(1);
  });
});

describe.each(['linux', 'win32', 'darwin'] as const)('window rules shared by %s', (platform) => {
  it('second-instance with no window opens one; with one, focuses it', () => {
    const { life, created } = setup(platform);
    life.onSecondInstance();
    expect(created).toHaveLength(1);
    life.onSecondInstance();
    expect(created).toHaveLength(1);
    expect(created[0]!.focused).toBe(1);
  });

  it('every tracked window forgets itself when closed', () => {
    const { life } = setup(platform);
    const compute = life.track(new FakeWindow(), 'compute');
    const main = life.openMainWindow();
    compute.destroy();
    expect(life.count('compute')).toBe(0);
    main.destroy();
    expect(life.count('main')).toBe(0);
    expect(life.mainWindow()).toBeUndefined();
  });
});

describe('window rules on darwin', () => {
  it('closing the main window keeps the app (and a running GPU job) alive', () => {
    const { life, quits } = setup('darwin');
    const main = life.openMainWindow();
    const compute = life.track(new FakeWindow(), 'compute');
    main.destroy();
    life.onWindowAllClosed();
    expect(quits()).toBe(0);
    expect(compute.isDestroyed()).toBe(false);
  });

  it('activate counts only the main window: the hidden compute window does not stop a new one', () => {
    const { life, created } = setup('darwin');
    life.openMainWindow().destroy();
    life.track(new FakeWindow(), 'compute');
    life.onActivate();
    expect(created).toHaveLength(2);
    // The window activate made clears itself too, so Import after closing it finds no dead window.
    created[1]!.destroy();
    expect(life.mainWindow()).toBeUndefined();
    life.onActivate();
    expect(created).toHaveLength(3);
  });
});
