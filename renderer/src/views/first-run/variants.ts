// What the guide says about each MovieLens release and each setup phase.
import type { SetupPhase, SetupVariant } from '../../../../main/setup/types.ts';

export const VARIANTS: { id: SetupVariant; name: string; blurb: string; size: string }[] = [
  {
    id: 'ml-latest-small',
    name: 'Quick look',
    blurb: '100,836 ratings of 9,742 films. Ready in a minute or two; good enough to try Reeltaste.',
    size: '≈1 MB',
  },
  {
    id: 'ml-25m',
    name: 'Quality',
    blurb: '25 million ratings of 62,423 films. Much better recommendations; training takes a while.',
    size: '≈250 MB',
  },
  {
    id: 'ml-32m',
    name: 'Best',
    blurb: '32 million ratings of 87,585 films, the newest release. The most films and the best model.',
    size: '≈240 MB',
  },
];

export const PHASES: Record<SetupPhase, string> = {
  'download-movielens': 'Download and import MovieLens',
  'download-imdb': 'Download and import IMDb titles and ratings',
  train: 'Train the taste model',
};
