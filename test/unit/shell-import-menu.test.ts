// File → Import per platform: on every platform the menu can reach both files (CSV, zip, tsv.gz)
// and folders, given what Electron's open dialog can do there (main/shell/import-dialogs.ts).
import { describe, expect, it } from 'vitest';
import { canPickFiles, importDialogs } from '../../main/shell/import-dialogs.ts';

describe.each(['linux', 'win32', 'darwin'] as const)('File → Import on %s', (platform) => {
  const dialogs = importDialogs(platform);
  it('some item can pick files and some item can pick folders', () => {
    expect(dialogs.some((d) => canPickFiles(platform, d.properties))).toBe(true);
    expect(dialogs.some((d) => d.properties.includes('openDirectory'))).toBe(true);
  });
  it('labels and shortcuts are unique', () => {
    expect(new Set(dialogs.map((d) => d.label)).size).toBe(dialogs.length);
    const keys = dialogs.map((d) => d.accelerator).filter(Boolean);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('the open dialog model (Electron docs, dialog.showOpenDialog properties)', () => {
  it('openFile + openDirectory is a folder picker on Windows and Linux, both on macOS', () => {
    const both = ['openFile', 'openDirectory'] as const;
    expect(canPickFiles('linux', [...both])).toBe(false);
    expect(canPickFiles('win32', [...both])).toBe(false);
    expect(canPickFiles('darwin', [...both])).toBe(true);
  });
});
