// Genres as one shape everywhere: a string[]. The stored lists come in three spellings: MovieLens'
// 'Drama|Romance' (with '(no genres listed)' for none), IMDb title.basics' 'Drama,Romance' and an
// IMDb export's 'Drama, Romance' (kept as imported with your ratings); this is their one parser.
export function parseGenres(raw: string | null | undefined): string[] {
  if (!raw || raw === '(no genres listed)') return [];
  return raw.split(/\s*[|,]\s*/).filter(Boolean);
}

/**
 * MovieLens' list where a title has one (the vocabulary the recommendations' genre filter offers),
 * else IMDb's.
 */
export function splitGenres(ml: string | null | undefined, imdb: string | null = null): string[] {
  return ml ? parseGenres(ml) : parseGenres(imdb);
}
