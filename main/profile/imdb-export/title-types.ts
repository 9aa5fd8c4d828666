// IMDb's title types as the app stores them (the IMDb dataset's own names), and every spelling the
// ratings exports use for them: current English (`Movie`, `TV Series`), older camelCase (`movie`,
// `tvSeries`), localised exports (Italian `Film`, `Serie TV`...) and the legacy list export
// (`Feature Film`, `Mini-Series`, `Documentary`...).

export const titleTypes = [
  'movie',
  'tvSeries',
  'tvMiniSeries',
  'tvMovie',
  'tvSpecial',
  'tvShort',
  'short',
  'video',
  'tvEpisode',
  'videoGame',
  'musicVideo',
  'podcastSeries',
  'podcastEpisode',
  'other',
] as const;
export type TitleType = (typeof titleTypes)[number];

// Keys are lower-case with everything but letters removed, so `TV Mini Series`, `tvMiniSeries`
// and `TV Mini-Series` meet on `tvminiseries`.
const spellings: Record<string, TitleType> = {
  movie: 'movie',
  film: 'movie', // it, fr, de, es
  featurefilm: 'movie', // legacy list export
  documentary: 'movie', // legacy list export files documentaries as their own type
  pelicula: 'movie', // es (Película)
  tvseries: 'tvSeries',
  serietv: 'tvSeries', // it
  serietele: 'tvSeries',
  fernsehserie: 'tvSeries', // de
  seriedetv: 'tvSeries', // es
  tvminiseries: 'tvMiniSeries',
  miniseries: 'tvMiniSeries', // legacy `Mini-Series`
  miniserietv: 'tvMiniSeries', // it
  tvmovie: 'tvMovie',
  filmtv: 'tvMovie', // it
  fernsehfilm: 'tvMovie', // de
  tvspecial: 'tvSpecial',
  specialetv: 'tvSpecial', // it
  tvshort: 'tvShort',
  cortotv: 'tvShort', // it
  short: 'short',
  shortfilm: 'short', // legacy
  corto: 'short', // it
  cortometraggio: 'short',
  courtmetrage: 'short', // fr (Court métrage)
  kurzfilm: 'short', // de
  video: 'video',
  tvepisode: 'tvEpisode',
  episode: 'tvEpisode',
  episodiotv: 'tvEpisode', // it
  videogame: 'videoGame',
  videogioco: 'videoGame', // it
  jeuvideo: 'videoGame', // fr (Jeu vidéo)
  musicvideo: 'musicVideo',
  videomusicale: 'musicVideo',
  podcastseries: 'podcastSeries',
  podcastepisode: 'podcastEpisode',
};

export function normaliseTitleType(raw: string): TitleType {
  const key = raw
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  return spellings[key] ?? 'other';
}

/** Why a row of this type is not kept as a rating (undefined: it is kept). */
export function skipReason(type: TitleType): string | undefined {
  switch (type) {
    case 'tvEpisode':
      return 'TV episode: rated through its series, not on its own';
    case 'videoGame':
      return 'video game: not a film or series';
    case 'podcastSeries':
    case 'podcastEpisode':
      return 'podcast: not a film or series';
    case 'musicVideo':
      return 'music video: not a film or series';
    default:
      return undefined;
  }
}

/** Types the MovieLens catalogue can hold (the others are kept as known ratings only). */
export const filmTypes: ReadonlySet<TitleType> = new Set([
  'movie',
  'tvMovie',
  'short',
  'video',
  'tvSpecial',
  'tvShort',
]);
