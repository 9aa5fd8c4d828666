#!/usr/bin/env node
// The Electron binary, at install and at start. electron >= 42 has no install script: its
// `install-electron` bin downloads the binary and writes node_modules/electron/path.txt, the file
// electron-vite reads to find it (without it: "Error: Electron uninstall"). So:
//   node scripts/electron-binary.js install  (npm install): run install-electron; offline, or with
//       ELECTRON_SKIP_BINARY_DOWNLOAD=1, warn and succeed, so the install itself never fails.
//   node scripts/electron-binary.js check    (npm start / npm run dev): one line saying what is
//       missing and the command that fixes it, exit 1; likewise on a Linux whose AppArmor policy
//       would make Electron's sandbox abort (Ubuntu 24.04) while chrome-sandbox is not setuid root.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIX_COMMAND = 'npx install-electron';

/** The executable's path inside node_modules/electron/dist per platform, as install.js names it. */
export function platformPath(platform = process.platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/**
 * Whether the electron package in `electronDir` has its binary: `{ ok: true, executable }` or
 * `{ ok: false, message }` (one line). ELECTRON_EXEC_PATH / ELECTRON_OVERRIDE_DIST_PATH, which
 * electron-vite and electron honour, count as installed.
 */
export function electronBinaryState(electronDir, env = process.env) {
  if (env.ELECTRON_EXEC_PATH && existsSync(env.ELECTRON_EXEC_PATH))
    return { ok: true, executable: env.ELECTRON_EXEC_PATH };
  const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8'));
  const pathFile = join(electronDir, 'path.txt');
  const missing = (what) => ({
    ok: false,
    message: `[reeltaste] The Electron ${version} binary is not installed (${what}); run: ${FIX_COMMAND}`,
  });
  if (!existsSync(pathFile)) return missing('no node_modules/electron/path.txt');
  const rel = readFileSync(pathFile, 'utf8');
  const base = env.ELECTRON_OVERRIDE_DIST_PATH || join(electronDir, 'dist');
  const executable = join(base, rel);
  if (!existsSync(executable)) return missing(`${executable} is missing`);
  return { ok: true, executable };
}

/**
 * Ubuntu 23.10+ and 24.04 (AppArmor's kernel.apparmor_restrict_unprivileged_userns=1) refuse the
 * user namespaces Chromium's sandbox uses, and Electron then aborts at start unless chrome-sandbox
 * is setuid root. Electron's docs say nothing on this (docs/tutorial/sandbox.md only covers
 * --no-sandbox); sources: https://ubuntu.com/blog/ubuntu-23-10-restricted-unprivileged-user-namespaces
 * (opt-in in 23.10, on by default in 24.04) and electron-builder's deb after-install template, which
 * makes chrome-sandbox setuid where user namespaces fail. Returns one line of advice, or null.
 * `sandbox` is the stat of node_modules/electron/dist/chrome-sandbox (null when absent).
 */
export function linuxSandboxAdvice({ platform, restrictUserns, sandbox, sandboxPath }) {
  if (platform !== 'linux' || !restrictUserns || !sandbox) return null;
  const setuidRoot = sandbox.uid === 0 && (sandbox.mode & 0o4000) !== 0;
  if (setuidRoot) return null;
  return (
    `[reeltaste] This Linux restricts user namespaces (AppArmor), so Electron's sandbox cannot start; run: ` +
    `sudo chown root:root ${sandboxPath} && sudo chmod 4755 ${sandboxPath}`
  );
}

/** The AppArmor switch Ubuntu 23.10+ reads (1: unprivileged user namespaces restricted). */
export const USERNS_FLAG = '/proc/sys/kernel/apparmor_restrict_unprivileged_userns';

function sandboxAdvice(dir, flag) {
  const sandboxPath = join(dir, 'dist', 'chrome-sandbox');
  return linuxSandboxAdvice({
    platform: process.platform,
    restrictUserns: existsSync(flag) && readFileSync(flag, 'utf8').trim() === '1',
    sandbox: existsSync(sandboxPath) ? statSync(sandboxPath) : null,
    sandboxPath,
  });
}

function electronDir() {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('electron/package.json'));
}

function install() {
  const dir = electronDir();
  if (electronBinaryState(dir).ok) return 0;
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    console.warn(
      `[reeltaste] ELECTRON_SKIP_BINARY_DOWNLOAD is set: no Electron binary. Later: ${FIX_COMMAND}`,
    );
    return 0;
  }
  const r = spawnSync(process.execPath, [join(dir, 'install.js')], { stdio: 'inherit' });
  if (r.status !== 0) {
    // Offline or behind a firewall: the rest of the install (and the CLI) still works.
    console.warn(`[reeltaste] WARNING: the Electron binary could not be downloaded. Later: ${FIX_COMMAND}`);
  }
  return 0;
}

/**
 * What `npm start` / `npm run dev` must say before launching, or null: the missing binary first,
 * then the Linux sandbox. Inputs are parameters so the test can give it a fake electron package.
 */
export function startProblem(dir = electronDir(), env = process.env, flag = USERNS_FLAG) {
  const state = electronBinaryState(dir, env);
  return state.ok ? sandboxAdvice(dir, flag) : state.message;
}

function check() {
  const message = startProblem();
  if (!message) return 0;
  console.error(message);
  return 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const command = process.argv[2];
  if (command === 'install') process.exit(install());
  else if (command === 'check') process.exit(check());
  else {
    console.error('usage: node scripts/electron-binary.js install|check');
    process.exit(2);
  }
}
