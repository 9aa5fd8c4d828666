#!/usr/bin/env node
// `reeltaste` command: runs the TypeScript CLI straight from source. Node 24 strips types natively;
// Node 22.12-22.17 needs the flag, so re-run under it there.
import { spawnSync } from 'node:child_process';
import { enableCompileCache } from 'node:module';
import { fileURLToPath } from 'node:url';

// Every start strips the types of a few hundred source files and compiles them: Node's compile
// cache (in the temp folder, checked against each file's contents) keeps both, which halves the
// start (0.55 -> 0.25 s CPU on the shared 2-core machine). Worker threads (the parse worker, the
// search index build: 140 -> 70 ms to load) use it only through the environment variable, which
// they inherit. Where it cannot write, nothing changes.
const cache = enableCompileCache();
if (cache.directory) process.env.NODE_COMPILE_CACHE ??= cache.directory;

if (process.features.typescript) {
  await import('./index.ts');
} else {
  const entry = fileURLToPath(new URL('./index.ts', import.meta.url));
  const flags = ['--experimental-strip-types', '--no-warnings=ExperimentalWarning'];
  const r = spawnSync(process.execPath, [...flags, entry, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
