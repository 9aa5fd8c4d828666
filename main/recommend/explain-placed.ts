// Why a title outside MovieLens is predicted as it is: what placed it (its IMDb metadata: director,
// cast, genres, year, IMDb's rating), then the usual reasons computed on the posterior the metadata
// model gave it: the films you rated closest to it and the taste factors that move it most.
import type { Database } from 'better-sqlite3';
import { withColdItems } from '../model/service.ts';
import type { ItemPosterior } from '../model/types.ts';
import type { Predictor } from '../profile/predictor.ts';
import { explain } from './explain.ts';
import type { Explanation, ImplicitModel, TitleFacts } from './types.ts';

const list = (xs: readonly string[]) =>
  xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`;

export function explainPlaced(
  db: Database,
  predictor: Predictor,
  implicit: ImplicitModel | null,
  placed: ItemPosterior,
  facts: Pick<TitleFacts, 'directors' | 'cast' | 'genres' | 'year' | 'imdbRating'>,
  prediction: { predicted: number; low: number; high: number },
): Explanation {
  const model = predictor.model;
  const item = model.itemIds.length;
  // The title as one more item (an id above every movieId keeps them sorted) so the reasons run unchanged.
  const joined = withColdItems(model, [2 ** 31 - 1], [placed]);
  const why = explain(db, joined, predictor.posterior, implicit, item, prediction);
  const known = [
    facts.directors.length ? `directed by ${list(facts.directors.slice(0, 2))}` : '',
    facts.cast.length ? `with ${list(facts.cast.slice(0, 3))}` : '',
    facts.genres.length ? facts.genres.join(', ') : '',
    facts.year ? String(facts.year) : '',
    facts.imdbRating !== null ? `IMDb ${facts.imdbRating.toFixed(1)}` : '',
  ].filter(Boolean);
  const from = `Placed from its IMDb metadata, not MovieLens ratings${known.length ? `: ${known.join('; ')}` : ''}.`;
  return { ...why, summary: `${from} ${why.summary}` };
}
