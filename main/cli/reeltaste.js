#!/usr/bin/env node
// `reeltaste` command: runs the TypeScript CLI straight from source. Node 24 strips types natively;
// Node 22.12-22.17 needs the flag, so re-run under it there.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

if (process.features.typescript) {
  await import('./index.ts');
} else {
  const entry = fileURLToPath(new URL('./index.ts', import.meta.url));
  const flags = ['--experimental-strip-types', '--no-warnings=ExperimentalWarning'];
  const r = spawnSync(process.execPath, [...flags, entry, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
