// Held-out users on real MovieLens data, shared by the profile and recommendation quality tests:
// users with enough ratings are split into folds and left out of training (withoutUsers), each
// user's ratings are split at random into what the app is shown (written as an IMDb-style export,
// imported through the app's own import path) and what is hidden for scoring. heldOutServices and
// the functions after it are the simulation's setup the held-out tests share: the app on
// ml-latest-small, a model trained without the users, each user's usable ratings, and a profile
// replaced by an import.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll } from 'vitest';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { loadRatings } from '../../main/datasets/packed.ts';
import type { RatingsMatrix } from '../../main/datasets/types.ts';
import { saveModel, type ActiveModel } from '../../main/model/store.ts';
import { trainModel } from '../../main/model/train.ts';
import type { TrainOptions } from '../../main/model/types.ts';
import { itemIndex } from '../../main/catalogue/items.ts';
import { createServices, type Services } from '../../main/compose/services.ts';
import { nodeSpawner } from '../../main/worker/spawn-node.ts';
import { rng } from '../unit/profile-synthetic-model.ts';
import { dataPath } from './shared-data.ts';
import { tempDir } from './tmp.ts';

export type Rng = ReturnType<typeof rng>;

export function withoutUsers(m: RatingsMatrix, drop: Set<number>): RatingsMatrix {
  const keep = [...m.userIds.keys()].filter((u) => !drop.has(m.userIds[u]!));
  const offsets = new Uint32Array(keep.length + 1);
  keep.forEach((u, i) => (offsets[i + 1] = offsets[i]! + m.userOffsets[u + 1]! - m.userOffsets[u]!));
  const n = offsets[keep.length]!;
  const itemIndexArr = new Int32Array(n);
  const ratings = new Float32Array(n);
  const timestamps = new Int32Array(n);
  keep.forEach((u, i) => {
    const [a, b] = [m.userOffsets[u]!, m.userOffsets[u + 1]!];
    itemIndexArr.set(m.itemIndex.subarray(a, b), offsets[i]!);
    ratings.set(m.ratings.subarray(a, b), offsets[i]!);
    timestamps.set(m.timestamps.subarray(a, b), offsets[i]!);
  });
  return {
    userIds: Int32Array.from(keep, (u) => m.userIds[u]!),
    itemIds: m.itemIds,
    userOffsets: offsets,
    itemIndex: itemIndexArr,
    ratings,
    timestamps,
  };
}

/** Dense indices of the users with at least minRatings, shuffled with the seed; the generator goes on. */
export function eligibleUsers(
  full: RatingsMatrix,
  minRatings: number,
  seed: number,
): { users: number[]; r: Rng } {
  const eligible = [...full.userIds.keys()].filter(
    (u) => full.userOffsets[u + 1]! - full.userOffsets[u]! >= minRatings,
  );
  const r = rng(seed);
  return { users: [...eligible].sort(() => r.uniform() - 0.5), r };
}

export function foldOf<T>(users: T[], folds: number, fold: number): T[] {
  return users.filter((_, i) => i % folds === fold);
}

export interface Rated {
  movieId: number;
  stars: number;
}

/** A user's ratings in a random order, cut at `fraction`: what the app sees and what is hidden. */
export function splitUser(
  full: RatingsMatrix,
  u: number,
  r: Rng,
  fraction = 0.8,
): { shown: Rated[]; hidden: Rated[] } {
  const rated: Rated[] = [];
  for (let j = full.userOffsets[u]!; j < full.userOffsets[u + 1]!; j++)
    rated.push({ movieId: full.itemIds[full.itemIndex[j]!]!, stars: full.ratings[j]! });
  const order = rated
    .map((x) => ({ x, k: r.uniform() }))
    .sort((a, b) => a.k - b.k)
    .map((o) => o.x);
  const cut = Math.round(order.length * fraction);
  return { shown: order.slice(0, cut), hidden: order.slice(cut) };
}

export interface CatalogueMovie {
  movie_id: number;
  tconst: string | null;
  title: string;
  year: number | null;
}

export function movieCatalogue(db: Database): Map<number, CatalogueMovie> {
  return new Map(
    db
      .prepare<[], CatalogueMovie>('SELECT movie_id, tconst, title, year FROM movies')
      .all()
      .map((m) => [m.movie_id, m]),
  );
}

// The older export header (no Original Title): the tests also exercise that variant's path.
const HEADER =
  'Const,Your Rating,Date Rated,Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors';

/** Writes the ratings (those whose film has an IMDb id) as an IMDb export; returns the rows written. */
export function writeExport(file: string, rated: Rated[], movies: Map<number, CatalogueMovie>): Rated[] {
  const rows = rated.filter((x) => movies.get(x.movieId)?.tconst);
  const csv = [
    HEADER,
    ...rows.map((x) => {
      const m = movies.get(x.movieId)!;
      const title =
        m.title.includes(',') || m.title.includes('"') ? `"${m.title.replace(/"/g, '""')}"` : m.title;
      return `${m.tconst},${Math.round(x.stars * 2)},2018-01-01,${title},https://www.imdb.com/title/${m.tconst}/,movie,,,${m.year ?? ''},,,,`;
    }),
  ].join('\n');
  writeFileSync(file, `${csv}\n`);
  return rows;
}

/** Empties the profile (and marks) so the next user starts from nothing. */
export function clearProfile(db: Database): void {
  for (const t of [
    'profile_import_rows',
    'profile_rating_events',
    'profile_ratings',
    'profile_imports',
    'profile_fits',
    'profile_comparisons',
    'recommend_marks',
  ])
    db.prepare(`DELETE FROM ${t}`).run();
}

/** The app on a temporary data folder with ml-latest-small ingested, for one describe block. */
export interface HeldOut {
  services(): Services;
  /** Where the exports are written. */
  dir: string;
}

export function heldOutServices(): HeldOut {
  const dir = tempDir();
  let s: Services | undefined;
  beforeAll(async () => {
    s = createServices({ dataDir: dir.path, spawner: nodeSpawner() });
    await ingestMovieLens(s, dataPath('ml-latest-small'));
  });
  afterAll(() => {
    s?.shutdown();
    dir.remove();
  });
  return { services: () => s!, dir: dir.path };
}

/** The ratings and catalogue as the app stored them. */
export function heldOutData(s: Services): { full: RatingsMatrix; movies: Map<number, CatalogueMovie> } {
  return { full: loadRatings(s.db), movies: movieCatalogue(s.db) };
}

/** Trains and activates a model on everyone but `users` (dense indices); returns it and what it saw. */
export async function trainWithout(
  s: Services,
  full: RatingsMatrix,
  users: readonly number[],
  options: Partial<TrainOptions>,
): Promise<{ model: ActiveModel; train: RatingsMatrix }> {
  const train = withoutUsers(full, new Set(users.map((u) => full.userIds[u]!)));
  saveModel(s.db, await trainModel(train, { validation: 0, ...options }));
  return { model: s.model.active()!, train };
}

/** All of a user's ratings in a random order, of films the app can match (an IMDb id) and the model knows. */
export function usableRatings(
  full: RatingsMatrix,
  u: number,
  r: Rng,
  movies: Map<number, CatalogueMovie>,
  model: ActiveModel,
): Rated[] {
  return splitUser(full, u, r, 1).shown.filter(
    (x) => movies.get(x.movieId)?.tconst && itemIndex(model, x.movieId) >= 0,
  );
}

/** Replaces the profile with these ratings, imported as an IMDb export through the app. */
export async function importOnly(
  s: Services,
  h: HeldOut,
  name: string,
  rated: Rated[],
  movies: Map<number, CatalogueMovie>,
): Promise<{ rows: Rated[]; outcome: Awaited<ReturnType<Services['profile']['importRatings']>> }> {
  clearProfile(s.db);
  const file = join(h.dir, `${name}.csv`);
  const rows = writeExport(file, rated, movies);
  return { rows, outcome: await s.profile.importRatings(file) };
}
