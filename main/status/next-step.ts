// The first thing a user should do next, from what exists: one rule for main's `status` and the
// window, which recomputes it as narrow events patch its copy of the status (pure: the renderer
// imports it).
import type { AppStatus } from './types.ts';

export function nextStepOf(s: Pick<AppStatus, 'datasets' | 'model' | 'profile'>): AppStatus['nextStep'] {
  if (!s.datasets.some((d) => d.kind === 'movielens')) return 'import-datasets';
  if (!s.model) return 'train-model';
  if (!s.profile || s.profile.ratings + s.profile.comparisons === 0) return 'import-ratings';
  return 'ready';
}
