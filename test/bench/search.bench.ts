// Title search benchmark (issue 11): ~1M titles (the real head50k-2025 title.basics sample plus
// generated titles in IMDb's shapes, write-titles.ts) imported through `ingest imdb`, then:
// the index build time (a rebuild job, the same code an import runs) and its size on disk; main's
// event-loop stall while it builds; and every keystroke of ~300 typed titles (a third with a typo)
// timed three ways: through SearchService (the query thread, what the app does), in-process on the
// engine alone (wall and CPU time: the machine is shared), and the baseline without the index (a
// LIKE scan over the same names) on a sample. Target: p95 < 15 ms per keystroke.
// REELTASTE_BENCH_DIR=DIR keeps (and reuses) the generated files and the database there.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { ingestImdb } from '../../main/datasets/imdb.ts';
import { TitleSearcher } from '../../main/search/query.ts';
import { createServices } from '../../main/compose/services.ts';
import { nodeSpawner } from '../../main/worker/spawn-node.ts';
import { dataPath, hasSharedData } from '../support/shared-data.ts';
import { rng } from './synthetic.ts';
import { writeTitles } from './write-titles.ts';

if (!hasSharedData) {
  console.log('search bench: needs ../shared/data (the real head50k-2025 sample); skipped.');
  process.exit(0);
}
const keep = process.env.REELTASTE_BENCH_DIR;
const work = keep ?? mkdtempSync(join(tmpdir(), 'reeltaste-search-bench-'));
const filesDir = join(work, 'titles');
const dataDir = join(work, 'data');
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const ms = (x: number) => x.toFixed(2);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};
const line = (label: string, xs: number[]) =>
  console.log(
    `${label.padEnd(44)} n=${String(xs.length).padStart(5)}  p50 ${ms(pct(xs, 0.5))} ms  p95 ${ms(pct(xs, 0.95))} ms  max ${ms(Math.max(...xs))} ms`,
  );

try {
  console.log(`load average before: ${load()} (other work on the machine makes timings noisy)`);
  mkdirSync(filesDir, { recursive: true });
  if (!existsSync(join(filesDir, 'title.ratings.tsv'))) {
    const t = performance.now();
    const w = await writeTitles(dataPath('imdb', 'head50k-2025'), filesDir);
    console.log(
      `wrote ${w.kept.toLocaleString('en-US')} kept titles (${w.real.toLocaleString('en-US')} real, ${w.generated.toLocaleString('en-US')} generated) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
  }
  const s = createServices({ dataDir, spawner: nodeSpawner() });
  try {
    if (!s.db.prepare('SELECT 1 FROM search_titles LIMIT 1').get()) {
      const t = performance.now();
      const r = await ingestImdb(s, [
        join(filesDir, 'title.basics.tsv'),
        join(filesDir, 'title.ratings.tsv'),
      ]);
      console.log(
        `ingest imdb (with the search index): ${r.titles?.toLocaleString('en-US')} titles in ${((performance.now() - t) / 1000).toFixed(1)} s`,
      );
    }
    // The build alone, as every import runs it (on its thread), with main's event loop watched.
    // (REELTASTE_BENCH_SKIP_BUILD=1 with a kept REELTASTE_BENCH_DIR times only the keystrokes.)
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const t0 = performance.now();
    if (!process.env.REELTASTE_BENCH_SKIP_BUILD) await s.search.rebuild().done;
    const buildSeconds = (performance.now() - t0) / 1000;
    loop.disable();
    const titles = s.db.prepare('SELECT count(*) FROM search_titles').pluck().get() as number;
    const sizes = s.db
      .prepare<[], { name: string; bytes: number }>(
        "SELECT name, sum(pgsize) AS bytes FROM dbstat WHERE name LIKE 'search%' GROUP BY name ORDER BY name",
      )
      .all();
    const total = sizes.reduce((n, r) => n + r.bytes, 0);
    console.log(
      `index build: ${titles.toLocaleString('en-US')} titles in ${buildSeconds.toFixed(1)} s; main's event loop max stall ${ms(loop.max / 1e6)} ms (p99 ${ms(loop.percentile(99) / 1e6)} ms)`,
    );
    console.log(
      `index size: ${(total / 1e6).toFixed(1)} MB (${sizes.map((r) => `${r.name} ${(r.bytes / 1e6).toFixed(1)}`).join(', ')})`,
    );

    // Keystrokes: titles drawn half by popularity, half uniformly; a third get one typo.
    const rand = rng(11);
    const titleOf = s.db.prepare<[number], string>('SELECT title FROM search_titles WHERE id = ?').pluck();
    const typed: string[] = [];
    for (let i = 0; i < 300; i++) {
      const id = 1 + Math.floor((i % 2 ? rand() : Math.pow(rand(), 4)) * titles);
      let text = titleOf.get(id)!.slice(0, 30);
      if (i % 3 === 0 && text.length > 5) {
        const p = 2 + Math.floor(rand() * (text.length - 3));
        text = text.slice(0, p) + text.slice(p + 1);
      }
      for (let k = 1; k <= text.length; k++) typed.push(text.slice(0, k));
    }
    // Through the service: the query thread, messaging included; main's loop watched meanwhile.
    await s.search.search('warm up');
    const viaThread: number[] = [];
    const mainLoop = monitorEventLoopDelay({ resolution: 10 });
    mainLoop.enable();
    for (const q of typed) {
      const t = performance.now();
      await s.search.search(q);
      viaThread.push(performance.now() - t);
    }
    mainLoop.disable();
    // The engine alone on its own connection (what the thread runs), wall and CPU time.
    const db = new BetterSqlite3(s.dbFile, { readonly: true });
    db.pragma('cache_size = -65536');
    db.pragma('mmap_size = 268435456');
    const engine = new TitleSearcher(db);
    engine.search('warm up');
    const wall: number[] = [];
    const cpu: number[] = [];
    // Run here on main's thread (as it would without the search thread), one query per turn of
    // the event loop: the loop's stalls are then the queries themselves.
    const inlineLoop = monitorEventLoopDelay({ resolution: 10 });
    inlineLoop.enable();
    for (const q of typed) {
      const c = process.cpuUsage();
      const t = performance.now();
      engine.search(q);
      wall.push(performance.now() - t);
      const d = process.cpuUsage(c);
      cpu.push((d.user + d.system) / 1000);
      await new Promise((r) => setImmediate(r));
    }
    inlineLoop.disable();
    // Baseline: no index, the same names scanned with LIKE, most popular first (a sample of keystrokes).
    const like = db.prepare('SELECT id FROM search_titles WHERE keys LIKE ? ORDER BY id LIMIT 10');
    const baseline: number[] = [];
    for (const q of typed.filter((_, i) => i % 40 === 0)) {
      const t = performance.now();
      like.all(`%${q.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')}%`);
      baseline.push(performance.now() - t);
    }
    db.close();
    console.log(`keystrokes: ${typed.length} queries (${typed.length / 300} per title on average)`);
    line('per keystroke via SearchService (thread)', viaThread);
    line('per keystroke, engine alone (wall)', wall);
    line('per keystroke, engine alone (CPU)', cpu);
    line('baseline: LIKE scan, no index (wall)', baseline);
    console.log(
      `main's event loop while typing: through the thread max stall ${ms(mainLoop.max / 1e6)} ms (p99 ${ms(mainLoop.percentile(99) / 1e6)}); ` +
        `if the queries ran on main instead, max stall ${ms(inlineLoop.max / 1e6)} ms (p99 ${ms(inlineLoop.percentile(99) / 1e6)})`,
    );
    console.log(`ratio baseline/engine at p50: ${(pct(baseline, 0.5) / pct(wall, 0.5)).toFixed(0)}x`);
    console.log(
      `target: p95 < 15 ms per keystroke: ${pct(viaThread, 0.95) < 15 ? 'met' : 'NOT met'} (via the thread)`,
    );
  } finally {
    s.shutdown();
  }
  console.log(`load average after: ${load()}`);
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
}
