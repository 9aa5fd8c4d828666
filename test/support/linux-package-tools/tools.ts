// What electron-builder's Linux targets need from outside the npm registry, made offline for
// test/e2e/package-linux.e2e.test.ts: a stand-in Electron distribution (`electronDist`), the fpm
// stand-in for the deb (fpm.js, via CUSTOM_FPM_PATH) and an AppImage toolset folder (via
// APPIMAGE_TOOLS_PATH) with Debian's real mksquashfs and desktop-file-validate and a stand-in runtime.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const fpmStandIn = join(import.meta.dirname, 'fpm.js');

/**
 * What an Electron zip unpacks to, minus Chromium. The executable records the arguments it was
 * started with into $STAND_IN_ARGS (so a launcher such as the AppImage's AppRun can be checked).
 */
export function standInElectronDist(dir: string, electronVersion: string, executable = 'electron'): string {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  writeFileSync(
    join(dir, executable),
    '#!/bin/sh\n[ -n "$STAND_IN_ARGS" ] && printf \'%s\\n\' "$@" > "$STAND_IN_ARGS"\nexit 0\n',
  );
  writeFileSync(join(dir, 'chrome-sandbox'), '#!/bin/sh\nexit 0\n');
  for (const exe of [executable, 'chrome-sandbox']) chmodSync(join(dir, exe), 0o755);
  writeFileSync(join(dir, 'version'), electronVersion);
  writeFileSync(join(dir, 'LICENSE'), '');
  writeFileSync(join(dir, 'LICENSES.chromium.html'), '');
  return dir;
}

/** Debian's tools the package test needs that this machine lacks (`.ci/run` installs them). */
export function missingLinuxPackageTools(): string[] {
  return ['dpkg-deb', 'mksquashfs', 'unsquashfs', 'desktop-file-validate'].filter(
    (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0,
  );
}

function onPath(tool: string, aptPackage: string): string {
  const r = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  const path = r.stdout.trim();
  if (r.status !== 0 || !path)
    throw new Error(`${tool} is not installed: apt-get install ${aptPackage} (.ci/run does this)`);
  return path;
}

/**
 * The toolset folder for electron-builder 26's default AppImage toolset (`toolsets.appimage`
 * unset = "0.0.0", the FUSE2 layout read by app-builder-lib/out/toolsets/linux.js getFuse2Paths):
 * linux-x64/{mksquashfs,desktop-file-validate}, runtime-x64, lib/x64. The runtime is a STAND-IN:
 * the real one is an ELF that mounts the squashfs appended to it; this one is a shell script that
 * says so and exits 1, so the AppImage built with it does not run, but its squashfs payload (what
 * mksquashfs really wrote at the runtime's length as offset) is real and can be unsquashed.
 */
export function appImageTools(dir: string): { dir: string; runtimeBytes: number } {
  mkdirSync(join(dir, 'linux-x64'), { recursive: true });
  mkdirSync(join(dir, 'lib', 'x64'), { recursive: true });
  symlinkSync(onPath('mksquashfs', 'squashfs-tools'), join(dir, 'linux-x64', 'mksquashfs'));
  symlinkSync(
    onPath('desktop-file-validate', 'desktop-file-utils'),
    join(dir, 'linux-x64', 'desktop-file-validate'),
  );
  const runtime =
    '#!/bin/sh\necho "stand-in AppImage runtime (test/support/linux-package-tools): not runnable" >&2\nexit 1\n';
  writeFileSync(join(dir, 'runtime-x64'), runtime);
  return { dir, runtimeBytes: Buffer.byteLength(runtime) };
}
