// The metadata model stored beside its model version (metadata_models, migration 0012): one blob per
// version, replaced when refitted, deleted with the version (ON DELETE CASCADE).
import type { Database } from 'better-sqlite3';
import { MetadataModel } from './model.ts';
import { deserialiseMetadataModel, serialiseMetadataModel } from './serialise.ts';
import type { MetadataFitReport } from './types.ts';

export function saveMetadataModel(
  db: Database,
  modelId: number,
  model: MetadataModel | Uint8Array,
  report: MetadataFitReport,
): void {
  // A blob is one serialised in the worker (fitted with the version, model/metadata/version.ts).
  const blob = model instanceof MetadataModel ? serialiseMetadataModel(model) : Buffer.from(model);
  db.transaction(() => {
    db.prepare(
      'INSERT OR REPLACE INTO metadata_models (model_id, created_at, blob, report) VALUES (?, ?, ?, ?)',
    ).run(modelId, new Date().toISOString(), blob, JSON.stringify(report));
    // Titles placed by the model this one replaces are placed again (placements.ts).
    db.prepare('DELETE FROM metadata_placements WHERE model_id = ?').run(modelId);
  })();
}

/** The metadata model of model version `modelId`, or null when none was fitted for it. */
export function loadMetadataModel(
  db: Database,
  modelId: number,
): { model: MetadataModel; report: MetadataFitReport } | null {
  const row = db
    .prepare<[number], { blob: Buffer; report: string }>(
      'SELECT blob, report FROM metadata_models WHERE model_id = ?',
    )
    .get(modelId);
  if (!row) return null;
  return { model: deserialiseMetadataModel(row.blob), report: JSON.parse(row.report) as MetadataFitReport };
}
