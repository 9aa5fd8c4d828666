// The install step leaves a runnable Electron, and without one `npm start` says in one line what is
// missing and how to fix it. Pinned against the installed electron and electron-vite packages: if
// either changes how the binary is fetched or found, this fails (scripts/electron-binary.js).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  electronBinaryState,
  FIX_COMMAND,
  linuxSandboxAdvice,
  platformPath,
  startProblem,
} from '../../scripts/electron-binary.js';

const root = join(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));
const electronPkg = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
  scripts?: Record<string, string>;
};
const ourPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};
const tmp = mkdtempSync(join(tmpdir(), 'rt-electron-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the electron package as installed', () => {
  it('downloads nothing by itself: no install script, an install-electron bin that writes path.txt', () => {
    expect(electronPkg.scripts?.install ?? electronPkg.scripts?.postinstall).toBeUndefined();
    const installer = readFileSync(join(electronDir, electronPkg.bin['install-electron']!), 'utf8');
    expect(installer).toMatch(/path\.txt/);
    for (const p of ['linux', 'win32', 'darwin'] as const)
      expect(installer).toContain(`'${platformPath(p)}'`);
  });

  it('electron-vite finds the binary through node_modules/electron/path.txt', () => {
    const dist = join(dirname(require.resolve('electron-vite/package.json')), 'dist');
    const files = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
    const finder = files
      .map((f) => readFileSync(join(dist, f), 'utf8'))
      .find((s) => s.includes('Electron uninstall'));
    expect(finder).toMatch(/path\.txt/);
  });

  it('our install step runs install-electron, and start/dev check the binary first', () => {
    expect(ourPkg.scripts.install).toContain('scripts/electron-binary.js install');
    expect(ourPkg.scripts.start).toMatch(/^node scripts\/electron-binary\.js check && /);
    expect(ourPkg.scripts.dev).toMatch(/^node scripts\/electron-binary\.js check && /);
  });
});

describe('electronBinaryState', () => {
  const fake = join(tmp, 'electron');
  mkdirSync(fake);
  writeFileSync(join(fake, 'package.json'), JSON.stringify({ version: electronPkg.version }));

  it('without path.txt: one line naming what is missing and the fix', () => {
    const state = electronBinaryState(fake, {});
    if (state.ok) throw new Error('a package without path.txt counted as installed');
    expect(state.message.split('\n')).toHaveLength(1);
    expect(state.message).toContain('path.txt');
    expect(state.message).toContain(FIX_COMMAND);
    expect(Object.keys(electronPkg.bin)).toContain(FIX_COMMAND.split(' ')[1]);
  });

  it('path.txt pointing at a missing file is not installed; at a present one it is', () => {
    writeFileSync(join(fake, 'path.txt'), platformPath());
    expect(electronBinaryState(fake, {}).ok).toBe(false);
    mkdirSync(dirname(join(fake, 'dist', platformPath())), { recursive: true });
    writeFileSync(join(fake, 'dist', platformPath()), '');
    expect(electronBinaryState(fake, {})).toEqual({
      ok: true,
      executable: join(fake, 'dist', platformPath()),
    });
  });

  it('install with ELECTRON_SKIP_BINARY_DOWNLOAD succeeds without network', () => {
    const r = spawnSync(process.execPath, ['scripts/electron-binary.js', 'install'], {
      cwd: root,
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
  });

  it.runIf(!electronBinaryState(electronDir).ok)('check here (no binary): exit 1 and one line', () => {
    const r = spawnSync(process.execPath, ['scripts/electron-binary.js', 'check'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(FIX_COMMAND);
  });
});

describe('linuxSandboxAdvice (Ubuntu 24.04: AppArmor restricts unprivileged user namespaces)', () => {
  const sandboxPath = '/x/node_modules/electron/dist/chrome-sandbox';
  const base = { platform: 'linux' as const, restrictUserns: true, sandboxPath };
  it('a chrome-sandbox that is not setuid root gets one line with the fix', () => {
    const advice = linuxSandboxAdvice({ ...base, sandbox: { uid: 1000, mode: 0o100755 } });
    expect(advice).toContain(`sudo chown root:root ${sandboxPath} && sudo chmod 4755 ${sandboxPath}`);
    expect(advice?.split('\n')).toHaveLength(1);
  });
  it('nothing to say when the helper is setuid root, the policy is off, or elsewhere', () => {
    expect(linuxSandboxAdvice({ ...base, sandbox: { uid: 0, mode: 0o104755 } })).toBeNull();
    expect(
      linuxSandboxAdvice({ ...base, restrictUserns: false, sandbox: { uid: 1000, mode: 0o755 } }),
    ).toBeNull();
    expect(
      linuxSandboxAdvice({ ...base, platform: 'darwin' as const, sandbox: { uid: 1000, mode: 0o755 } }),
    ).toBeNull();
  });
});

describe.runIf(process.platform === 'linux')('npm start on a Linux that restricts user namespaces', () => {
  // An installed electron package (path.txt, the binary, chrome-sandbox as npm leaves it: 0755,
  // not setuid) and the AppArmor switch as a file, as /proc/sys/kernel shows it.
  const dir = join(tmp, 'electron-installed');
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ version: electronPkg.version }));
  writeFileSync(join(dir, 'path.txt'), platformPath('linux'));
  writeFileSync(join(dir, 'dist', platformPath('linux')), '');
  writeFileSync(join(dir, 'dist', 'chrome-sandbox'), '');
  chmodSync(join(dir, 'dist', 'chrome-sandbox'), 0o755);
  const flag = (value: string) => {
    const f = join(tmp, `userns-${value}`);
    writeFileSync(f, `${value}\n`);
    return f;
  };

  it('says in one line how to make chrome-sandbox setuid root (Ubuntu 24.04: the switch is 1)', () => {
    const sandbox = join(dir, 'dist', 'chrome-sandbox');
    const message = startProblem(dir, {}, flag('1'));
    expect(message).toBe(
      `[reeltaste] This Linux restricts user namespaces (AppArmor), so Electron's sandbox cannot start; run: ` +
        `sudo chown root:root ${sandbox} && sudo chmod 4755 ${sandbox}`,
    );
  });

  it('says nothing where the switch is 0 or absent (Debian, Ubuntu 22.04)', () => {
    expect(startProblem(dir, {}, flag('0'))).toBeNull();
    expect(startProblem(dir, {}, join(tmp, 'no-such-switch'))).toBeNull();
  });

  it.runIf(process.getuid?.() === 0)('says nothing once chrome-sandbox is setuid root', () => {
    chmodSync(join(dir, 'dist', 'chrome-sandbox'), 0o4755);
    expect(startProblem(dir, {}, flag('1'))).toBeNull();
    chmodSync(join(dir, 'dist', 'chrome-sandbox'), 0o755);
  });
});
