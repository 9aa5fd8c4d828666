// Builds the Linux app offline against a stand-in Electron distribution (electron-builder's
// `electronDist`: an executable, chrome-sandbox and the files electron-builder copies) and inspects
// what an installer would ship: the asar listing, the unpacked native addons, and the metadata the
// deb's control file is made from. The `dir` target is what the AppImage and deb wrap; those two
// need tools electron-builder downloads from GitHub (fpm, appimagetool), unreachable here.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { listPackage } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  homepage?: string;
  author?: { name: string; email: string };
  devDependencies: Record<string, string>;
  build: Record<string, unknown> & { linux: Record<string, unknown>; npmRebuild?: boolean };
};
const electronVersion = (
  JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }
).version;
const tmp = mkdtempSync(join(tmpdir(), 'rt-package-'));
const appDir = join(tmp, 'dist', 'linux-unpacked');
let asar: string[] = [];
let unpacked: string[] = [];

function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

beforeAll(() => {
  // The stand-in distribution: what an Electron zip unpacks to, minus Chromium.
  const dist = join(tmp, 'electron-dist');
  mkdirSync(join(dist, 'resources'), { recursive: true });
  for (const exe of ['electron', 'chrome-sandbox']) {
    writeFileSync(join(dist, exe), '#!/bin/sh\nexit 0\n');
    chmodSync(join(dist, exe), 0o755);
  }
  writeFileSync(join(dist, 'version'), electronVersion);
  writeFileSync(join(dist, 'LICENSE'), '');
  writeFileSync(join(dist, 'LICENSES.chromium.html'), '');
  const r = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/electron-builder/cli.js'),
      '--linux',
      'dir',
      `-c.electronDist=${dist}`,
      `-c.directories.output=${join(tmp, 'dist')}`,
    ],
    { cwd: root, encoding: 'utf8', env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' } },
  );
  if (r.status !== 0) throw new Error(`electron-builder failed:\n${r.stdout}\n${r.stderr}`);
  asar = listPackage(join(appDir, 'resources/app.asar'), { isPack: false }).map((p) =>
    p.replace(/^[\\/]/, ''),
  );
  unpacked = walk(join(appDir, 'resources/app.asar.unpacked'));
}, 240_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Bare specifiers the built main-process code imports at run time. */
function runtimeImports(): Set<string> {
  const found = new Set<string>();
  const files = walk(join(root, 'out/main')).filter((f) => f.endsWith('.js'));
  for (const f of files) {
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

describe('the Linux package', () => {
  it('every runtime import of out/main resolves inside the asar or app.asar.unpacked', () => {
    const imports = runtimeImports();
    expect(imports).toContain('better-sqlite3');
    // webgpu (dawn.node) is the CLI's GPU; inside Electron the compute window does that work.
    imports.delete('webgpu');
    const shipped = new Set([...asar, ...unpacked].map((p) => p.split(/[\\/]/).slice(0, 3).join('/')));
    const missing = [...imports].filter(
      (s) =>
        !shipped.has(`node_modules/${s}/package.json`) && !asar.includes(`node_modules/${s}/package.json`),
    );
    expect(missing).toEqual([]);
    expect(asar).toContain('out/main/index.js');
    expect(asar).toContain('out/main/worker.js');
    expect(asar).toContain('out/preload/compute.cjs');
    expect(asar).toContain('out/renderer/compute.html');
  });

  it('unpacks only this platform’s native addons, and ships no sources', () => {
    const natives = [...asar, ...unpacked]
      .filter((p) => p.endsWith('.node'))
      .map((p) => p.replaceAll('\\', '/'));
    const ours = unpacked.filter((p) => p.endsWith('.node')).map((p) => p.replaceAll('\\', '/'));
    expect(ours.sort()).toEqual(
      [
        `node_modules/better-sqlite3/prebuilds/linux-${process.arch}.node`,
        'native/build/Release/reeltaste_train.node',
      ].sort(),
    );
    // Inside the asar a .node is listed but unusable: every one must be unpacked.
    expect(new Set(natives)).toEqual(new Set(ours));
    const sources = asar.filter((p) => /\.(ts|cc|cpp|c|h|gyp|gypi)$/.test(p) && !p.endsWith('.d.ts'));
    expect(sources).toEqual([]);
    expect(asar.some((p) => p.startsWith('node_modules/better-sqlite3/deps'))).toBe(false);
    expect(asar.some((p) => p.startsWith('node_modules/webgpu/'))).toBe(false);
  });

  it('has the executable and the chrome-sandbox helper the deb sets up', () => {
    const top = readdirSync(appDir);
    expect(top).toContain(String(pkg.build.linux.executableName));
    expect(top).toContain('chrome-sandbox');
  });

  it('the metadata a deb control file needs (maintainer, homepage, description) and no rebuild', () => {
    expect(pkg.build.npmRebuild).toBe(false);
    expect(pkg.build.linux.maintainer).toMatch(/^[^<]+ <[^@\s]+@[^>\s]+>$/);
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.author?.email).toMatch(/@/);
    // The deb's postinst is electron-builder's own (chrome-sandbox mode and the AppArmor profile
    // for Ubuntu 24.04): no afterInstall of ours may replace it.
    expect(pkg.build.deb).not.toHaveProperty('afterInstall');
  });
});
