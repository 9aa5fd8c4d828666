// How a title is described on a card: year and type in words.
import type { TitleCard } from '../../../../main/elicit/types.ts';

const typeNames: Record<string, string> = {
  movie: 'Film',
  tvSeries: 'TV series',
  tvMiniSeries: 'Mini-series',
  tvMovie: 'TV film',
  tvSpecial: 'TV special',
  short: 'Short',
  video: 'Video',
};

export const typeName = (type: string): string => typeNames[type] ?? type;

export function titleFacts(card: Pick<TitleCard, 'year' | 'type'>): string {
  return [card.year ?? '', typeName(card.type)].filter(Boolean).join(' · ');
}
