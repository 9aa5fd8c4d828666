// Display names for the normalised IMDb title types.
export const typeLabels: Record<string, string> = {
  movie: 'Films',
  tvSeries: 'TV series',
  tvMiniSeries: 'Mini-series',
  tvMovie: 'TV films',
  tvSpecial: 'TV specials',
  tvShort: 'TV shorts',
  short: 'Shorts',
  video: 'Videos',
  tvEpisode: 'TV episodes',
  videoGame: 'Video games',
  musicVideo: 'Music videos',
  podcastSeries: 'Podcasts',
  podcastEpisode: 'Podcast episodes',
  other: 'Other',
};

export const typeLabel = (t: string): string => typeLabels[t] ?? t;
