// Helpers for dataset tests: services over a throwaway data folder, and figures computed naively
// from the real files so importer results are checked against an independent reading.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createServices, type Services } from '../../main/compose/services.ts';
import { nodeSpawner } from '../../main/worker/spawn-node.ts';
import { tempDir } from './tmp.ts';

export function testServices(prefix = 'reeltaste-ds-'): { s: Services; dir: string; close(): void } {
  const dir = tempDir(prefix);
  const s = createServices({ dataDir: dir.path, spawner: nodeSpawner() });
  return {
    s,
    dir: dir.path,
    close() {
      s.shutdown();
      dir.remove();
    },
  };
}

/** Data lines of a text file (header dropped, CRLF and a trailing newline tolerated). */
export function dataLines(path: string): string[] {
  const raw = readFileSync(path);
  const text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
  return text
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l !== '');
}

/** What the database holds now: the figures a failed import must leave unchanged. */
export function snapshot(s: Services): Record<string, unknown> {
  const one = (sql: string) => s.db.prepare(sql).pluck().get();
  return {
    datasets: s.db.prepare('SELECT kind, counts, imported_at FROM datasets ORDER BY kind').all(),
    movies: one('SELECT count(*) FROM movies'),
    ratings: one('SELECT coalesce(sum(n), 0) FROM ml_user_ratings'),
    users: one('SELECT count(*) FROM ml_user_ratings'),
    titleSum: one('SELECT total(length(title)) FROM movies'),
    imdbRatings: one('SELECT count(*) FROM imdb_ratings'),
    staging: one("SELECT count(*) FROM sqlite_master WHERE name LIKE 'staging_%'"),
  };
}
