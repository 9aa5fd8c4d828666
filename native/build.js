#!/usr/bin/env node
// Builds the native training kernel with node-gyp (the package's `install` script runs this).
// A machine without a C++ toolchain still installs: we warn, and the app trains with the
// TypeScript reference instead (Settings says so). CI's parity test fails if the addon is missing.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

function warn(why) {
  console.warn(`\n[reeltaste] WARNING: the native training kernel was not built (${why}).`);
  console.warn(
    '[reeltaste] Training will use the slower TypeScript backend. To build it later: npm run build:native\n',
  );
}

let gyp;
try {
  gyp = require.resolve('node-gyp/bin/node-gyp.js');
} catch {
  warn('node-gyp is not installed');
  process.exit(0);
}

const args = [gyp, 'rebuild', '--directory', here, '--jobs', 'max'];
const r = spawnSync(process.execPath, args, { stdio: 'inherit', env: process.env });
if (r.status !== 0) {
  warn(r.error ? r.error.message : `node-gyp exited with ${r.status ?? r.signal}`);
  process.exit(process.env.REELTASTE_REQUIRE_NATIVE === '1' ? 1 : 0);
}
console.log(`[reeltaste] native training kernel built: ${join(here, 'build/Release/reeltaste_train.node')}`);
