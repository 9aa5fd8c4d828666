// The search domain's tables: the title index (search_titles, search_keys, search_fts: rebuilt at
// every dataset import and swapped in with it) and the rows of Letterboxd imports.
export const SEARCH_TABLES = ['search_titles', 'search_fts', 'search_trigrams'] as const;
export type SearchTable = (typeof SEARCH_TABLES)[number];
