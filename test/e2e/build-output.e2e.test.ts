// Guards the bundle layout that runtime paths rely on: files found relative to import.meta.url
// (the native addon, the parse worker) must sit in out/main/*.js entries, two levels below the app
// root. A chunk in out/main/chunks/ resolving '../../x' would point inside out/ and fail only in the
// packaged app.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const out = fileURLToPath(new URL('../../out/', import.meta.url));

describe('built main bundle', () => {
  it('has the entries Electron loads', () => {
    for (const f of [
      'main/index.js',
      'main/worker.js',
      'main/parse-worker.js',
      'main/search-thread.js',
      'preload/index.cjs',
      'renderer/index.html',
    ]) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
  });

  it('keeps root-relative URLs out of chunks', () => {
    const chunks = join(out, 'main/chunks');
    const offenders = (existsSync(chunks) ? readdirSync(chunks) : []).filter((f) =>
      /new URL\(["']\.\.\/\.\.\//.test(readFileSync(join(chunks, f), 'utf8')),
    );
    expect(offenders).toEqual([]);
    expect(readFileSync(join(out, 'main/worker.js'), 'utf8')).toContain(
      'native/build/Release/reeltaste_train.node',
    );
  });

  it('bundles the sandboxed preload without any require but electron', () => {
    const requires = [
      ...readFileSync(join(out, 'preload/index.cjs'), 'utf8').matchAll(/require\(["']([^"']+)["']\)/g),
    ].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
  });
});
