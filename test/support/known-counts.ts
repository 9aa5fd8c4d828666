// Facts about the real files in ../shared/data (see its SOURCES.md), written down once. Tests
// assert importers against these.

/** What an import of ml-latest-small must store. */
export const ML_LATEST_SMALL = { movies: 9742, ratings: 100836, users: 610, links: 9742 } as const;

/** The four real IMDb ratings exports: rows, and rows per normalised title type. */
export const SAMPLE_EXPORTS: Record<string, { rows: number; byType: Record<string, number> }> = {
  ethanfuerst: { rows: 411, byType: { movie: 410, short: 1 } },
  aureliome: {
    rows: 836,
    byType: { movie: 778, tvSeries: 27, tvMiniSeries: 25, short: 3, tvSpecial: 1, tvEpisode: 1, video: 1 },
  },
  mcanouil: {
    rows: 3369,
    byType: {
      movie: 3300,
      video: 30,
      tvMovie: 25,
      tvMiniSeries: 9,
      tvSpecial: 2,
      short: 1,
      tvEpisode: 1,
      tvShort: 1,
    },
  },
  'michael-123': {
    rows: 774,
    byType: { movie: 743, tvSeries: 17, tvMovie: 9, tvMiniSeries: 3, short: 1, videoGame: 1 },
  },
};

/**
 * More of ml-latest-small: rows of tags.csv, the movies that have at least one rating, and those that
 * the 2017 title.ratings rates.
 */
export const ML_LATEST_SMALL_EXTRA = { tags: 3683, ratedMovies: 9724, imdbRated: 9634 } as const;

/** Rows of the complete 2017 imdb/title.ratings.tsv.gz. */
export const IMDB_RATINGS_2017 = 755_460;
