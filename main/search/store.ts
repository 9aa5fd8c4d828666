// The search domain's tables: the title index (search_titles, search_fts, search_trigrams,
// search_words: rebuilt at every dataset import and swapped in with it).

export const SEARCH_TABLES = ['search_titles', 'search_fts', 'search_trigrams', 'search_words'] as const;
export type SearchTable = (typeof SEARCH_TABLES)[number];
