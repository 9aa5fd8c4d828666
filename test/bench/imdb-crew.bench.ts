// title.crew import (issue 21): ~1M kept titles in IMDb's shapes (write-titles.ts: the real
// head50k-2025 rows, then generated ones) with a title.crew.tsv for them, imported through
// `ingest imdb` into a fresh folder twice in the same run: title.basics + title.ratings alone (the
// baseline: what an import costs today, search index included) and with title.crew added, at the
// default vote floor. Prints each import's time, the database size (after a WAL checkpoint), and
// imdb_crew's own pages. REELTASTE_BENCH_DIR=DIR keeps (and reuses) the generated files.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestImdb } from '../../main/datasets/imdb.ts';
import { DEFAULT_MIN_VOTES } from '../../main/datasets/imdb-crew.ts';
import { createServices } from '../../main/compose/services.ts';
import { nodeSpawner } from '../../main/worker/spawn-node.ts';
import { dataPath, hasSharedData } from '../support/shared-data.ts';
import { writeTitles } from './write-titles.ts';

if (!hasSharedData) {
  console.log('imdb-crew bench: needs ../shared/data (the real head50k-2025 sample); skipped.');
  process.exit(0);
}
const keep = process.env.REELTASTE_BENCH_DIR;
const work = keep ?? mkdtempSync(join(tmpdir(), 'reeltaste-crew-bench-'));
const filesDir = join(work, 'titles');
const mb = (b: number) => (b / 1024 / 1024).toFixed(1);

async function importInto(name: string, files: string[]) {
  const dataDir = join(work, name);
  rmSync(dataDir, { recursive: true, force: true });
  const s = createServices({ dataDir, spawner: nodeSpawner() });
  try {
    const t = performance.now();
    const r = await ingestImdb(s, files);
    const seconds = (performance.now() - t) / 1000;
    s.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = statSync(join(dataDir, 'reeltaste.db')).size;
    const crewBytes = s.db
      .prepare("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'imdb_crew%'")
      .pluck()
      .get() as number;
    return { r, seconds, bytes, crewBytes };
  } finally {
    s.shutdown();
  }
}

try {
  console.log(
    `load average before: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  mkdirSync(filesDir, { recursive: true });
  if (!existsSync(join(filesDir, 'title.crew.tsv'))) {
    const w = await writeTitles(dataPath('imdb', 'head50k-2025'), filesDir, 1_000_000, 7, true);
    console.log(`wrote ${w.kept.toLocaleString('en-US')} kept titles with their crew`);
  }
  const basics = join(filesDir, 'title.basics.tsv');
  const ratings = join(filesDir, 'title.ratings.tsv');
  const crew = join(filesDir, 'title.crew.tsv');
  console.log(`title.crew.tsv: ${mb(statSync(crew).size)} MB; vote floor ${DEFAULT_MIN_VOTES}`);
  const base = await importInto('without-crew', [basics, ratings]);
  const withCrew = await importInto('with-crew', [basics, ratings, crew]);
  console.log(
    `basics + ratings (baseline): ${base.seconds.toFixed(1)} s, database ${mb(base.bytes)} MB, ${base.r.titles} titles`,
  );
  console.log(
    `+ title.crew: ${withCrew.seconds.toFixed(1)} s (+${(withCrew.seconds - base.seconds).toFixed(1)} s), database ${mb(withCrew.bytes)} MB (+${mb(withCrew.bytes - base.bytes)} MB; imdb_crew and its index ${mb(withCrew.crewBytes)} MB), crew of ${withCrew.r.crewTitles} titles (${withCrew.r.crewDirectors} director and ${withCrew.r.crewWriters} writer credits)`,
  );
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
}
