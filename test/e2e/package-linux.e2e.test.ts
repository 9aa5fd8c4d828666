// Builds the Linux installers offline, as `npm run dist` would on Linux, and inspects what they
// ship. Nothing is downloaded: the Electron distribution is a stand-in (electron-builder's
// `electronDist`), the deb is made by an fpm stand-in around Debian's dpkg-deb (CUSTOM_FPM_PATH),
// and the AppImage by Debian's mksquashfs with a STAND-IN runtime (APPIMAGE_TOOLS_PATH): that
// AppImage cannot run, but its squashfs payload is real and is unpacked with unsquashfs here.
// See test/support/linux-package-tools/.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  mkdirSync,
  chmodSync,
  copyFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { listPackage } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appImageTools,
  fpmStandIn,
  missingLinuxPackageTools,
  standInElectronDist,
} from '../support/linux-package-tools/tools';

const root = join(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  homepage: string;
  description: string;
  build: {
    productName: string;
    npmRebuild?: boolean;
    linux: { maintainer: string; synopsis: string; executableName: string };
    deb: { depends: string[]; packageCategory: string; afterInstall?: string };
  };
};
const electronVersion = (
  JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }
).version;
const exe = pkg.build.linux.executableName;
const debArch = { x64: 'amd64', arm64: 'arm64' }[process.arch as 'x64' | 'arm64'];
/** ELF e_machine per Node arch (x86-64 = 62, AArch64 = 183). */
const elfMachine = { x64: 62, arm64: 183 }[process.arch as 'x64' | 'arm64'];
const tmp = mkdtempSync(join(tmpdir(), 'rt-package-'));
const out = join(tmp, 'dist');
const debFile = join(out, `${exe}_${pkg.version}_${debArch}.deb`);
const appImageFile = join(out, `${pkg.build.productName}-${pkg.version}.AppImage`);
const debRoot = join(tmp, 'deb-root');
const debControl = join(tmp, 'deb-control');
const appImageRoot = join(tmp, 'appimage-root');
const optApp = join(debRoot, 'opt', pkg.build.productName);
// Outside CI, a machine without Debian's tools (macOS, Windows, another distro) skips this file,
// saying which; in CI (.ci/run installs them) a missing tool fails beforeAll with the apt command.
const missingTools = process.platform === 'linux' ? missingLinuxPackageTools() : ['Linux'];
const skip = missingTools.length > 0 && process.env.CI !== 'true';
const skipNote = skip ? ` (skipped: no ${missingTools.join(', ')})` : '';
let asar: string[] = [];
let unpacked: string[] = [];

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', env, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).replaceAll('\\', '/'));
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

beforeAll(() => {
  if (skip) return;
  const dist = standInElectronDist(join(tmp, 'electron-dist'), electronVersion);
  const tools = appImageTools(join(tmp, 'appimage-tools'));
  run(
    process.execPath,
    [
      join(root, 'node_modules/electron-builder/cli.js'),
      '--linux',
      'deb',
      'AppImage',
      `-c.electronDist=${dist}`,
      `-c.directories.output=${out}`,
    ],
    {
      ...process.env,
      CSC_IDENTITY_AUTO_DISCOVERY: 'false',
      CUSTOM_FPM_PATH: fpmStandIn,
      APPIMAGE_TOOLS_PATH: tools.dir,
    },
  );
  run('dpkg-deb', ['-x', debFile, debRoot]);
  run('dpkg-deb', ['-e', debFile, debControl]);
  run('unsquashfs', ['-o', String(tools.runtimeBytes), '-d', appImageRoot, '-no-xattrs', '-q', appImageFile]);
  asar = listPackage(join(optApp, 'resources/app.asar'), { isPack: false }).map((p) =>
    p.replace(/^[\\/]/, '').replaceAll('\\', '/'),
  );
  unpacked = walk(join(optApp, 'resources/app.asar.unpacked'));
}, 240_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Bare specifiers the built main-process code imports at run time. */
function runtimeImports(): Set<string> {
  const found = new Set<string>();
  for (const f of walk(join(root, 'out/main')).filter((p) => p.endsWith('.js'))) {
    const code = readFileSync(join(root, 'out/main', f), 'utf8');
    for (const m of code.matchAll(
      /^\s*(?:import|export)\s[^;]*?\bfrom\s*"([^"]+)"|\bimport\(\s*"([^"]+)"/gm,
    )) {
      const spec = (m[1] ?? m[2])!;
      if (spec.startsWith('.') || spec.startsWith('node:') || spec === 'electron') continue;
      found.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  return found;
}

describe.skipIf(skip)(`the deb${skipNote}`, () => {
  it('has complete control fields (dpkg-deb -f)', () => {
    const field = (name: string) => run('dpkg-deb', ['-f', debFile, name]).trimEnd();
    expect(field('Package')).toBe(exe);
    expect(field('Version')).toBe(pkg.version);
    expect(field('Architecture')).toBe(debArch);
    expect(field('Maintainer')).toBe(pkg.build.linux.maintainer);
    expect(field('Maintainer')).toMatch(/^[^<]+ <[^@\s]+@[^>\s]+>$/);
    expect(field('Homepage')).toBe(pkg.homepage);
    expect(field('Section')).toBe('video');
    expect(field('Priority')).toBe('optional');
    expect(field('Depends').split(', ')).toEqual(pkg.build.deb.depends);
    const [summary, ...long] = field('Description').split('\n');
    expect(summary).toBe(pkg.build.linux.synopsis);
    expect(long.join(' ')).toContain('learns one person');
    expect(Number(field('Installed-Size'))).toBeGreaterThan(1000);
  });

  it('every runtime import of out/main resolves inside its app.asar or app.asar.unpacked', () => {
    const imports = runtimeImports();
    expect(imports).toContain('better-sqlite3');
    // webgpu (dawn.node) is the CLI's GPU; inside Electron the compute window does that work.
    imports.delete('webgpu');
    const missing = [...imports].filter(
      (s) =>
        !asar.includes(`node_modules/${s}/package.json`) &&
        !unpacked.includes(`node_modules/${s}/package.json`),
    );
    expect(missing).toEqual([]);
    for (const f of [
      'out/main/index.js',
      'out/main/worker.js',
      'out/preload/compute.cjs',
      'out/renderer/compute.html',
    ])
      expect(asar).toContain(f);
  });

  it(
    'unpacks only linux-' + process.arch + ' native addons (ELF for this machine) and ships no sources',
    () => {
      const ours = unpacked.filter((p) => p.endsWith('.node')).sort();
      expect(ours).toEqual(
        [
          `node_modules/better-sqlite3/prebuilds/linux-${process.arch}.node`,
          'native/build/Release/reeltaste_train.node',
        ].sort(),
      );
      for (const p of ours) {
        const head = readFileSync(join(optApp, 'resources/app.asar.unpacked', p)).subarray(0, 20);
        expect(head.subarray(0, 4).toString('latin1'), p).toBe('\x7fELF');
        expect(head.readUInt16LE(18), `${p} e_machine`).toBe(elfMachine);
      }
      // Inside the asar a .node is listed but unusable: every one must be unpacked.
      expect(asar.filter((p) => p.endsWith('.node')).sort()).toEqual(ours);
      const sources = [...asar, ...unpacked].filter(
        (p) => /\.(ts|cc|cpp|c|h|gyp|gypi)$/.test(p) && !p.endsWith('.d.ts'),
      );
      expect(sources).toEqual([]);
      expect(asar.some((p) => p.startsWith('node_modules/better-sqlite3/deps'))).toBe(false);
      expect(asar.some((p) => p.startsWith('node_modules/webgpu/'))).toBe(false);
      expect(pkg.build.npmRebuild).toBe(false);
    },
  );

  it('sets the sandbox helper up: root-owned chrome-sandbox, setuid by postinst where user namespaces fail', () => {
    const listing = run('dpkg-deb', ['-c', debFile]);
    expect(listing).toMatch(
      new RegExp(`^-rwxr-xr-x root/root .* \\./opt/${pkg.build.productName}/chrome-sandbox$`, 'm'),
    );
    // electron-builder's own after-install template, not one of ours.
    expect(pkg.build.deb).not.toHaveProperty('afterInstall');
    const postinst = readFileSync(join(debControl, 'postinst'), 'utf8');
    expect(statSync(join(debControl, 'postinst')).mode & 0o777).toBe(0o755);
    // Run the postinst's sandbox block on a copy of the helper, once with user namespaces
    // working and once with `unshare` failing (what AppArmor's restriction or an old kernel does).
    const block = postinst.match(/^# Check if user namespaces[\s\S]*?^fi$/m)?.[0];
    expect(block).toBeDefined();
    const helper = join(tmp, 'chrome-sandbox');
    const script = block!.replaceAll(`/opt/${pkg.build.productName}/chrome-sandbox`, helper);
    const modeWith = (unshareExit: number) => {
      copyFileSync(join(optApp, 'chrome-sandbox'), helper);
      const bin = join(tmp, `bin-${unshareExit}`);
      mkdirSync(bin, { recursive: true });
      writeFileSync(join(bin, 'unshare'), `#!/bin/sh\nexit ${unshareExit}\n`);
      chmodSync(join(bin, 'unshare'), 0o755);
      run('bash', ['-c', script], { ...process.env, PATH: `${bin}:${process.env.PATH}` });
      return statSync(helper).mode & 0o7777;
    };
    expect(modeWith(1)).toBe(0o4755);
    expect(modeWith(0)).toBe(0o755);
    // Ubuntu 24.04: an AppArmor profile that allows user namespaces for the installed executable.
    const profile = readFileSync(join(optApp, 'resources/apparmor-profile'), 'utf8');
    expect(profile).toContain(`profile "${exe}" "/opt/${pkg.build.productName}/${exe}"`);
    expect(profile).toMatch(/^\s*userns,$/m);
    expect(postinst).toContain(`APPARMOR_PROFILE_TARGET='/etc/apparmor.d/${exe}'`);
    expect(postinst).toContain('apparmor_parser --replace');
  });
});

describe.skipIf(skip)(
  `the AppImage (stand-in runtime, so not runnable; its squashfs payload is real)${skipNote}`,
  () => {
    it('carries the same app as the deb, and a valid desktop entry', () => {
      expect(sha(join(appImageRoot, 'resources/app.asar'))).toBe(sha(join(optApp, 'resources/app.asar')));
      expect(walk(join(appImageRoot, 'resources/app.asar.unpacked')).sort()).toEqual([...unpacked].sort());
      for (const f of [exe, 'chrome-sandbox', 'AppRun'])
        expect(statSync(join(appImageRoot, f)).mode & 0o111).toBeTruthy();
      const desktop = join(appImageRoot, `${exe}.desktop`);
      run('desktop-file-validate', [desktop]);
      // No --no-sandbox in the menu entry (electron-builder's default for its legacy AppImage toolset;
      // build.appImage.executableArgs is [] instead): AppRun adds it only where it must (next test).
      expect(readFileSync(desktop, 'utf8')).toMatch(/^Exec=AppRun %U$/m);
    });

    it('AppRun starts the app with --no-sandbox only where user namespaces fail (Ubuntu 24.04)', () => {
      const argsWith = (unshareExit: number, ...args: string[]) => {
        const bin = join(tmp, `bin-apprun-${unshareExit}`);
        mkdirSync(bin, { recursive: true });
        writeFileSync(join(bin, 'unshare'), `#!/bin/sh\nexit ${unshareExit}\n`);
        chmodSync(join(bin, 'unshare'), 0o755);
        const record = join(tmp, `args-${unshareExit}`);
        rmSync(record, { force: true });
        run('bash', [join(appImageRoot, 'AppRun'), ...args], {
          ...process.env,
          PATH: `${bin}:${process.env.PATH}`,
          APPDIR: appImageRoot,
          STAND_IN_ARGS: record,
        });
        return readFileSync(record, 'utf8').split('\n').filter(Boolean);
      };
      expect(argsWith(1)).toEqual(['--no-sandbox']);
      expect(argsWith(0, 'x')).toEqual(['x']);
    });
  },
);
