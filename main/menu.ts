// Application menu with the standard roles, plus File → Import (per platform, see
// shell/import-dialogs.ts) which opens the same routing as a drop.
import { Menu, dialog, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { importDialogs } from './shell/import-dialogs.ts';

export function installMenu(
  getWindow: () => BrowserWindow | undefined,
  importPaths: (paths: string[]) => void,
): void {
  const isMac = process.platform === 'darwin';
  const importItems: MenuItemConstructorOptions[] = importDialogs(process.platform).map((d) => ({
    label: d.label,
    accelerator: d.accelerator,
    click: async () => {
      const win = getWindow();
      const opts = { title: d.title, properties: d.properties };
      const result = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
      if (!result.canceled && result.filePaths.length) importPaths(result.filePaths);
    },
  }));
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [...importItems, { type: 'separator' }, isMac ? { role: 'close' } : { role: 'quit' }],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'MovieLens datasets',
          click: () => void shell.openExternal('https://grouplens.org/datasets/movielens/'),
        },
        {
          label: 'IMDb non-commercial datasets',
          click: () => void shell.openExternal('https://developer.imdb.com/non-commercial-datasets/'),
        },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
