// Whether a ratings set can train a model worth making active. A file that repeats one rating
// (1 user, 1 film) once trained a "model" that replaced a good one and could recommend nothing:
// such data is refused with the reason, and the active model stays.
import type { RatingsMatrix } from '../datasets/types.ts';
import { AppError } from '../errors.ts';

export const MIN_USERS = 10;
export const MIN_ITEMS = 10;

const plural = (n: number, one: string, many: string) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** Why these figures cannot train a useful model, or null when they can. */
export function untrainableReason(users: number, items: number, distinctRatings = 2): string | null {
  const problems: string[] = [];
  if (users < MIN_USERS || items < MIN_ITEMS)
    problems.push(
      `they hold ${plural(users, 'user', 'users')} and ${plural(items, 'rated film', 'rated films')} ` +
        `(at least ${MIN_USERS} of each are needed)`,
    );
  if (distinctRatings < 2) problems.push('every rating has the same value, so there is no taste to learn');
  if (problems.length === 0) return null;
  return (
    `The imported MovieLens ratings cannot train a useful model: ${problems.join('; ')}. ` +
    'The active model is unchanged. Import a complete MovieLens dataset (reeltaste ingest movielens PATH).'
  );
}

export function assertTrainable(matrix: RatingsMatrix): void {
  const values = new Set<number>();
  for (let k = 0; k < matrix.ratings.length && values.size < 2; k++) values.add(matrix.ratings[k]!);
  const reason = untrainableReason(matrix.userIds.length, matrix.itemIds.length, values.size);
  if (reason) throw new AppError('NO_DATA', reason);
}
