// The catalogue's titles outside MovieLens placed by a version's metadata model, as one block
// (placedWidth(dim) float32 values per title), computed in the compute worker after training and
// when the vote floor drops below what is stored, saved by main in metadata_placements (migration
// 0013), and read by the refresh's cache instead of placing every title again.
import type { Database } from 'better-sqlite3';
import { catalogueRevision } from '../../catalogue/datasets.ts';
import { catalogueMetadata } from './load.ts';
import { placedWidth, type MetadataModel } from './model.ts';
import { loadMetadataModel } from './store.ts';

export interface Placement {
  minVotes: number;
  /** catalogueRevision() of the database placed from. */
  revision: string;
  dim: number;
  /** In the block's order. */
  tconsts: string[];
  /** [tconsts.length * placedWidth(dim)]: bias, its variance, means[dim], variances[dim]. */
  posteriors: Float32Array;
}

/** Titles placed in this process (what a test counts to see that nothing was placed again). */
let placedCount = 0;
export const titlesPlaced = (): number => placedCount;

/** Places `tconsts` (their metadata from `metadata`) into `out` from title index `from` on. */
export function placeTitles(
  model: MetadataModel,
  metadata: ReadonlyMap<string, Parameters<MetadataModel['place']>[0]>,
  tconsts: readonly string[],
  out: Float32Array,
  at: (e: number) => number = (e) => e,
): void {
  const width = placedWidth(model.dim);
  tconsts.forEach((t, e) => {
    const m = metadata.get(t);
    if (!m) throw new Error(`No IMDb metadata for catalogue title ${t}.`);
    model.place(m, out, at(e) * width);
    placedCount++;
  });
}

/**
 * Every catalogue title outside MovieLens with at least `minVotes` votes, placed by model version
 * `modelId`'s metadata model; null when the version has none. Runs in the worker (read-only).
 */
export function placeCatalogue(db: Database, modelId: number, minVotes: number): Placement | null {
  const model = loadMetadataModel(db, modelId)?.model;
  if (!model) return null;
  const revision = catalogueRevision(db);
  const metadata = catalogueMetadata(db, minVotes);
  const tconsts = [...metadata.keys()].sort();
  const posteriors = new Float32Array(tconsts.length * placedWidth(model.dim));
  placeTitles(model, metadata, tconsts, posteriors);
  return { minVotes, revision, dim: model.dim, tconsts, posteriors };
}

/**
 * Stores a version's placement in one transaction, replacing the version's others (a placement at a
 * lower floor holds every title of a higher one). A failure leaves what was stored before.
 */
export function savePlacement(db: Database, modelId: number, p: Placement): void {
  db.transaction(() => {
    db.prepare('DELETE FROM metadata_placements WHERE model_id = ?').run(modelId);
    db.prepare(
      `INSERT INTO metadata_placements (model_id, min_votes, revision, created_at, titles, dim, tconsts, posteriors)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      modelId,
      p.minVotes,
      p.revision,
      new Date().toISOString(),
      p.tconsts.length,
      p.dim,
      p.tconsts.join('\n'),
      Buffer.from(p.posteriors.buffer, p.posteriors.byteOffset, p.posteriors.byteLength),
    );
  })();
}

/** Whether a stored placement of `modelId` covers `minVotes` on the current catalogue. */
export function hasPlacement(db: Database, modelId: number, minVotes: number): boolean {
  return (
    db
      .prepare<[number, number, string], number>(
        'SELECT 1 FROM metadata_placements WHERE model_id = ? AND min_votes <= ? AND revision = ?',
      )
      .pluck()
      .get(modelId, minVotes, catalogueRevision(db)) === 1
  );
}

/** The stored placement of `modelId` that covers `minVotes` on the current catalogue, or null. */
export function loadPlacement(db: Database, modelId: number, minVotes: number): Placement | null {
  const row = db
    .prepare<
      [number, number, string],
      { min_votes: number; revision: string; dim: number; tconsts: string; posteriors: Buffer }
    >(
      `SELECT min_votes, revision, dim, tconsts, posteriors FROM metadata_placements
       WHERE model_id = ? AND min_votes <= ? AND revision = ? ORDER BY min_votes DESC LIMIT 1`,
    )
    .get(modelId, minVotes, catalogueRevision(db));
  if (!row) return null;
  // Copied: a Buffer from SQLite need not be 4-byte aligned for a Float32Array view.
  const posteriors = new Float32Array(row.posteriors.byteLength / 4);
  new Uint8Array(posteriors.buffer).set(row.posteriors);
  return {
    minVotes: row.min_votes,
    revision: row.revision,
    dim: row.dim,
    tconsts: row.tconsts ? row.tconsts.split('\n') : [],
    posteriors,
  };
}
