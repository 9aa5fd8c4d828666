// Where an import's time goes, for `npm run bench ingest`: seconds per phase, summed over the run.
// read (file to line regions), parse (text to columns) and pack (columns to per-user runs) run on
// the parse worker's side of the pipeline and overlap write (SQLite inserts on the writer thread),
// so the phases add up to more than the wall time; index and swap run after them, alone.
export const INGEST_PHASES = ['read', 'parse', 'pack', 'write', 'index', 'swap'] as const;
export type IngestPhase = (typeof INGEST_PHASES)[number];
export type PhaseTimes = Record<IngestPhase, number>;

export function emptyPhases(): PhaseTimes {
  return { read: 0, parse: 0, pack: 0, write: 0, index: 0, swap: 0 };
}

/** Runs `fn`, adding its duration to `phases[phase]` when phases are being recorded. */
export function timePhase<T>(phases: PhaseTimes | undefined, phase: IngestPhase, fn: () => T): T {
  if (!phases) return fn();
  const t = performance.now();
  try {
    return fn();
  } finally {
    phases[phase] += (performance.now() - t) / 1000;
  }
}

/** The async form of timePhase. */
export async function timePhaseAsync<T>(
  phases: PhaseTimes | undefined,
  phase: IngestPhase,
  fn: () => Promise<T>,
): Promise<T> {
  if (!phases) return fn();
  const t = performance.now();
  try {
    return await fn();
  } finally {
    phases[phase] += (performance.now() - t) / 1000;
  }
}
