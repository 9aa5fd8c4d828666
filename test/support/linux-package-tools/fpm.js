#!/usr/bin/env node
// A stand-in for fpm (https://github.com/jordansissel/fpm), for building electron-builder's deb
// target offline (electron-builder downloads fpm from GitHub; CUSTOM_FPM_PATH points it here).
// It implements exactly what app-builder-lib's FpmTarget passes for `-s dir -t deb` and refuses
// any other option, so a new electron-builder argument fails the package test instead of being
// dropped. What it writes follows fpm's own deb output (lib/fpm/package/deb.rb, templates/deb.erb):
// the control fields in fpm's order, the maintainer scripts verbatim as postinst/postrm (0755),
// md5sums, Installed-Size as fpm computes it, and the package made by Debian's own
// `dpkg-deb --build --root-owner-group` (every file root:root, as fpm's tar does).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

const single = new Map([
  ['-s', 'source'],
  ['-t', 'target'],
  ['--architecture', 'architecture'],
  ['--after-install', 'afterInstall'],
  ['--after-remove', 'afterRemove'],
  ['--description', 'description'],
  ['--version', 'version'],
  ['--package', 'package'],
  ['--name', 'name'],
  ['--maintainer', 'maintainer'],
  ['--vendor', 'vendor'],
  ['--url', 'url'],
  ['--license', 'license'],
  ['--category', 'category'],
  ['--iteration', 'iteration'],
  ['--deb-priority', 'priority'],
  ['--deb-compression', 'compression'],
  ['--log', 'log'],
]);
const repeated = new Map([
  ['-d', 'depends'],
  ['--deb-recommends', 'recommends'],
]);
const flags = new Set(['--force', '--debug']);

function fail(message) {
  console.error(`fpm stand-in: ${message}`);
  process.exit(1);
}

function parse(argv) {
  const o = { depends: [], recommends: [], mappings: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (flags.has(a)) continue;
    const key = single.get(a) ?? repeated.get(a);
    if (key) {
      if (i + 1 >= argv.length) fail(`${a} needs a value`);
      const v = argv[++i];
      if (repeated.has(a)) o[key].push(v);
      else o[key] = v;
    } else if (a.startsWith('-')) fail(`option ${a} is not modelled`);
    else if (a.includes('=')) {
      const at = a.indexOf('=');
      o.mappings.push({ from: a.slice(0, at), to: a.slice(at + 1) });
    } else fail(`argument ${a} is not a source=destination mapping`);
  }
  if (o.source !== 'dir' || o.target !== 'deb')
    fail(`only -s dir -t deb is modelled (got ${o.source} -> ${o.target})`);
  for (const k of ['name', 'version', 'architecture', 'maintainer', 'package'])
    if (!o[k]) fail(`--${k} is required`);
  return o;
}

/** fpm's deb.erb, for the fields electron-builder can set. */
function control(o, installedSize) {
  const lines = [
    `Package: ${o.name}`,
    `Version: ${o.version}${o.iteration ? `-${o.iteration}` : ''}`,
    `License: ${o.license ?? 'unknown'}`,
  ];
  if (o.vendor) lines.push(`Vendor: ${o.vendor}`);
  lines.push(
    `Architecture: ${o.architecture}`,
    `Maintainer: ${o.maintainer}`,
    `Installed-Size: ${installedSize}`,
  );
  if (o.depends.length) lines.push(`Depends: ${o.depends.join(', ')}`);
  if (o.recommends.length) lines.push(`Recommends: ${o.recommends.join(', ')}`);
  lines.push(
    `Section: ${o.category ?? 'default'}`,
    `Priority: ${o.priority ?? 'optional'}`,
    `Homepage: ${o.url ?? 'http://nourlgiven.example.com/'}`,
  );
  const [first, ...rest] = (o.description ?? 'no description given').split('\n');
  lines.push(`Description: ${first}`, ...rest.map((l) => (/^ *$/.test(l) ? ' .' : ` ${l}`)));
  return `${lines.join('\n')}\n`;
}

function files(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => join(e.parentPath, e.name));
}

const compressors = { xz: 'xz', gz: 'gzip', zst: 'zstd', none: 'none' };

function main() {
  const o = parse(process.argv.slice(2));
  const compressor = compressors[o.compression ?? 'gz'];
  if (!compressor) fail(`--deb-compression ${o.compression} is not modelled`);
  const stage = mkdtempSync(join(tmpdir(), 'fpm-stand-in-'));
  try {
    const root = join(stage, 'root');
    mkdirSync(root, { mode: 0o755 });
    chmodSync(root, 0o755);
    // `dir/=dest` puts dir's contents at dest; `file=dest` puts the file there (fpm's dir source).
    for (const { from, to } of o.mappings) {
      const dest = join(root, to);
      mkdirSync(dirname(dest), { recursive: true });
      if (statSync(from).isDirectory()) cpSync(from, dest, { recursive: true, verbatimSymlinks: true });
      else cpSync(from, dest);
    }
    let total = 0;
    const sums = [];
    for (const f of files(root)) {
      const st = lstatSync(f);
      total += st.size;
      if (st.isFile())
        sums.push(`${createHash('md5').update(readFileSync(f)).digest('hex')}  ${relative(root, f)}`);
    }
    const debian = join(root, 'DEBIAN');
    mkdirSync(debian, { mode: 0o755 });
    chmodSync(debian, 0o755);
    writeFileSync(join(debian, 'control'), control(o, Math.floor(total / 1024)), { mode: 0o644 });
    writeFileSync(join(debian, 'md5sums'), `${sums.join('\n')}\n`, { mode: 0o644 });
    for (const [script, name] of [
      [o.afterInstall, 'postinst'],
      [o.afterRemove, 'postrm'],
    ]) {
      if (!script) continue;
      writeFileSync(join(debian, name), readFileSync(script));
      chmodSync(join(debian, name), 0o755);
    }
    rmSync(o.package, { force: true });
    const r = spawnSync('dpkg-deb', ['--root-owner-group', '-Z', compressor, '--build', root, o.package], {
      encoding: 'utf8',
    });
    if (r.error) fail(`dpkg-deb: ${r.error.message} (Debian's dpkg package provides it)`);
    if (r.status !== 0) fail(`dpkg-deb failed:\n${r.stderr}`);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

main();
