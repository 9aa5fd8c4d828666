// What the publishers allow, shown before the first download (CLI: printed, --accept-terms; app: a
// confirm dialog). Short summaries with a link to the full text.
import type { DatasetSource } from './types.ts';

export const TERMS: Record<DatasetSource, { title: string; text: string; url: string }> = {
  movielens: {
    title: 'MovieLens (GroupLens Research, University of Minnesota)',
    text:
      'The MovieLens datasets are provided by GroupLens for research and personal, non-commercial use. ' +
      'You may not state or imply endorsement by the University of Minnesota or GroupLens, may not ' +
      'redistribute the data (or derived data) without their permission, must cite the dataset in any ' +
      'publication that uses it (F. Maxwell Harper and Joseph A. Konstan. 2015. The MovieLens Datasets: ' +
      'History and Context. ACM TiiS 5, 4), and accept it as is, without warranty.',
    url: 'https://files.grouplens.org/datasets/movielens/ml-latest-small-README.html',
  },
  imdb: {
    title: 'IMDb Non-Commercial Datasets',
    text:
      'IMDb makes these files available for personal and non-commercial use only, under the IMDb ' +
      "Non-Commercial Licensing terms and IMDb's Conditions of Use. Information courtesy of IMDb " +
      '(https://www.imdb.com), used with permission. You may not republish or resell the data.',
    url: 'https://developer.imdb.com/non-commercial-datasets/',
  },
};
