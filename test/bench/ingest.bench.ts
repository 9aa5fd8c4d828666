// Ingest benchmark (issue 3): writes the generated ml-25m-shaped MovieLens folder, then in the
// same run times the sqlite3 CLI's `.import` of its ratings.csv into a plain table (the baseline)
// and `reeltaste ingest movielens` of the folder, each as a child under /usr/bin/time -v for peak
// RSS. Targets (issue 20): >= 8x faster than .import, < 8 s, peak RSS < 1.5 GB, and never slower
// than an older checkout given as REELTASTE_BENCH_BASELINE=DIR (e.g. a worktree of 83eae82 with
// node_modules), whose CLI is run alternately with ours on the same file. Also prints where the
// time goes (read, parse, pack, write, index, swap) in an in-process import, how long the event
// loop was blocked during it, and the read-back speed of loadRatings.
// REELTASTE_BENCH_DIR=DIR keeps (and reuses) the generated files there.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { writeMl25m } from './write-ml25m.ts';
import { ML25M_SHAPE } from './synthetic.ts';
import { createServices } from '../../main/compose/services.ts';
import { nodeSpawner } from '../../main/worker/spawn-node.ts';
import { loadRatings } from '../../main/datasets/packed.ts';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { openDatabase } from '../../main/db/database.ts';
import { emptyPhases, INGEST_PHASES } from '../../main/datasets/parse/phases.ts';

const cli = fileURLToPath(new URL('../../main/cli/reeltaste.js', import.meta.url));
const keep = process.env.REELTASTE_BENCH_DIR;
const baselineCheckout = process.env.REELTASTE_BENCH_BASELINE;
const work = mkdtempSync(join(tmpdir(), 'reeltaste-bench-'));
const dataDir = keep ?? join(work, 'ml-25m-synthetic');

function timed(
  cmd: string,
  args: string[],
  input?: string,
): { seconds: number; cpuSeconds: number; rssMB: number; stdout: string; stderr: string } {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], {
    input,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const seconds = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? NaN);
  // CPU seconds (user + system) vary far less than wall time on a shared machine.
  const cpu = (what: string) =>
    Number(new RegExp(`${what} time \\(seconds\\): ([\\d.]+)`).exec(r.stderr)?.[1] ?? NaN);
  return {
    seconds,
    cpuSeconds: cpu('User') + cpu('System'),
    rssMB: kb / 1024,
    stdout: r.stdout,
    stderr: r.stderr,
  };
}

/** Lets the kernel write back the previous run's dirty pages so they do not slow the next run. */
function settle(): void {
  spawnSync('sync');
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
try {
  console.log(`load average before: ${load()} (2 cores; other work on the machine makes timings noisy)`);
  if (!existsSync(join(dataDir, 'ratings.csv'))) {
    const t = performance.now();
    const w = writeMl25m(dataDir, ML25M_SHAPE);
    console.log(
      `generated ${w.ratings.toLocaleString('en-US')} ratings, ${w.users.toLocaleString('en-US')} users, ${w.movies.toLocaleString('en-US')} movies in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
  }
  const csvMB = statSync(join(dataDir, 'ratings.csv')).size / 1e6;
  console.log(`ratings.csv: ${csvMB.toFixed(0)} MB`);

  // Baseline: the sqlite3 command line's CSV import into a plain table.
  const sqliteDb = join(work, 'import.db');
  writeFileSync(
    join(work, 'import.sql'),
    `CREATE TABLE ratings(userId INTEGER, movieId INTEGER, rating REAL, timestamp INTEGER);\n.import --csv --skip 1 ${join(dataDir, 'ratings.csv')} ratings\nSELECT count(*) FROM ratings;\n`,
  );
  const base = timed('sqlite3', [sqliteDb, `.read ${join(work, 'import.sql')}`]);
  console.log(
    `sqlite3 .import: ${base.seconds.toFixed(2)} s, ${Number(base.stdout.trim()).toLocaleString('en-US')} rows, peak RSS ${base.rssMB.toFixed(0)} MB`,
  );
  rmSync(sqliteDb, { force: true });
  settle();

  // Ours (and the baseline checkout's, alternately): the real CLI into a fresh data folder, five
  // runs each (medians reported; the machine is shared).
  const ingest = (cliPath: string, tag: string, i: number) => {
    const folder = join(work, `${tag}-${i}`);
    const r = timed(process.execPath, [
      cliPath,
      '--data-dir',
      folder,
      '--json',
      'ingest',
      'movielens',
      dataDir,
    ]);
    const result = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number>;
    console.log(
      `${tag} ingest run ${i}: ${r.seconds.toFixed(2)} s wall (process start to exit; import itself ${result.seconds!.toFixed(2)} s), ${r.cpuSeconds.toFixed(2)} s CPU, ` +
        `peak RSS ${r.rssMB.toFixed(0)} MB; stored ${result.ratings!.toLocaleString('en-US')} ratings, ${result.users!.toLocaleString('en-US')} users, ${result.movies!.toLocaleString('en-US')} movies`,
    );
    rmSync(folder, { recursive: true, force: true });
    settle();
    return r;
  };
  const runs: ReturnType<typeof timed>[] = [];
  const baseRuns: ReturnType<typeof timed>[] = [];
  for (const i of [1, 2, 3, 4, 5]) {
    if (baselineCheckout)
      baseRuns.push(ingest(join(baselineCheckout, 'main/cli/reeltaste.js'), 'baseline', i));
    runs.push(ingest(cli, 'reeltaste', i));
  }
  const median = (rs: ReturnType<typeof timed>[], by: 'seconds' | 'cpuSeconds' = 'seconds') =>
    [...rs].sort((a, b) => a[by] - b[by])[rs.length >> 1]!;
  const ours = median(runs);
  const older = baseRuns.length ? median(baseRuns) : null;
  const cpuOurs = median(runs, 'cpuSeconds').cpuSeconds;
  const cpuOlder = baseRuns.length ? median(baseRuns, 'cpuSeconds').cpuSeconds : null;
  const peakRss = Math.max(...runs.map((r) => r.rssMB));

  // In-process: how long the event loop is blocked at worst while importing (the app's main process).
  const s = createServices({ dataDir: join(work, 'inproc'), spawner: nodeSpawner() });
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const phases = emptyPhases();
  const t0 = performance.now();
  await ingestMovieLens(s, dataDir, { phases });
  const inproc = (performance.now() - t0) / 1000;
  h.disable();
  s.shutdown();
  const ro = openDatabase(join(work, 'inproc', 'reeltaste.db'), { readonly: true });
  const t1 = performance.now();
  const m = loadRatings(ro);
  const readBack = (performance.now() - t1) / 1000;
  ro.close();

  const ratio = base.seconds / ours.seconds;
  const ok = (b: boolean) => (b ? 'PASS' : 'MISS');
  console.log(
    `\nin-process import ${inproc.toFixed(2)} s; event loop delay max ${(h.max / 1e6).toFixed(0)} ms, p99 ${(h.percentile(99) / 1e6).toFixed(0)} ms`,
  );
  console.log(
    `phases (s; read, parse and pack overlap write in the pipeline): ${INGEST_PHASES.map((p) => `${p} ${phases[p].toFixed(2)}`).join(', ')}`,
  );
  console.log(
    `loadRatings read-back: ${readBack.toFixed(2)} s (${(m.ratings.length / readBack / 1e6).toFixed(1)}M ratings/s)`,
  );
  console.log('\n| figure | value | target |');
  console.log('|---|---|---|');
  console.log(`| sqlite3 .import | ${base.seconds.toFixed(2)} s | baseline |`);
  console.log(
    `| reeltaste ingest (wall, CLI, median of 5) | ${ours.seconds.toFixed(2)} s | < 8 s: ${ok(ours.seconds < 8)} |`,
  );
  console.log(`| speed-up vs .import | ${ratio.toFixed(1)}x | >= 8x: ${ok(ratio >= 8)} |`);
  for (const p of INGEST_PHASES)
    console.log(`| phase ${p} (in-process import) | ${phases[p].toFixed(2)} s | |`);
  if (older)
    console.log(
      `| vs ${baselineCheckout} (wall, median of 5, alternated) | ${older.seconds.toFixed(2)} s: ours is ${(older.seconds / ours.seconds).toFixed(2)}x its speed | >= 1.0x: ${ok(ours.seconds <= older.seconds)} |`,
    );
  if (cpuOlder !== null)
    console.log(
      `| CPU seconds, ours vs ${baselineCheckout} (medians) | ${cpuOurs.toFixed(2)} s vs ${cpuOlder.toFixed(2)} s: ${(cpuOlder / cpuOurs).toFixed(2)}x | >= 1.0x: ${ok(cpuOurs <= cpuOlder)} |`,
    );
  console.log(
    `| peak RSS (ingest, worst run) | ${peakRss.toFixed(0)} MB | < 1536 MB: ${ok(peakRss < 1536)} |`,
  );
  console.log(`load average after: ${load()}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
