// What File → Import offers per platform, as plain data (tested in test/unit/shell-import-menu.test.ts).
// Electron's docs/api/dialog.md, `dialog.showOpenDialog([window, ]options)`, the note under
// `properties`: "On Windows and Linux an open dialog can not be both a file selector and a directory
// selector, so if you set properties to ['openFile', 'openDirectory'] on these platforms, a directory
// selector will be shown." So only macOS gets one combined dialog; elsewhere files and folders are
// two menu items.

export type OpenProperty = 'openFile' | 'openDirectory' | 'multiSelections';

export interface ImportDialog {
  label: string;
  accelerator?: string;
  title: string;
  properties: OpenProperty[];
}

export function importDialogs(platform: NodeJS.Platform): ImportDialog[] {
  if (platform === 'darwin') {
    return [
      {
        label: 'Import…',
        accelerator: 'CmdOrCtrl+O',
        title: 'Import datasets or your IMDb ratings',
        properties: ['openFile', 'openDirectory', 'multiSelections'],
      },
    ];
  }
  return [
    {
      label: 'Import files…',
      accelerator: 'CmdOrCtrl+O',
      title: 'Import dataset files (zip, tsv.gz) or your IMDb ratings CSV',
      properties: ['openFile', 'multiSelections'],
    },
    {
      label: 'Import folder…',
      accelerator: 'CmdOrCtrl+Shift+O',
      title: 'Import an unpacked dataset folder',
      properties: ['openDirectory', 'multiSelections'],
    },
  ];
}

/** Whether a dialog with these properties can pick files on `platform` (per the docs quoted above). */
export function canPickFiles(platform: NodeJS.Platform, properties: OpenProperty[]): boolean {
  if (!properties.includes('openFile')) return false;
  return platform === 'darwin' || !properties.includes('openDirectory');
}
