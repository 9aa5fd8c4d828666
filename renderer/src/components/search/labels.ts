// How a single title's type and vote count read in the search box and on the title page.
import { formatCount } from '../../format.ts';

const names: Record<string, string> = {
  movie: 'Film',
  tvMovie: 'TV film',
  tvSeries: 'TV series',
  tvMiniSeries: 'Mini-series',
  tvSpecial: 'TV special',
};

export const titleTypeName = (t: string): string => names[t] ?? t;

/** 1,326,821 -> "1.3M", 29,897 -> "30k". */
export function shortCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  return formatCount(n);
}

/** "1999", "2011–2019", "2020–" for a running series. */
export function yearSpan(year: number | null, endYear: number | null, type: string): string {
  if (year === null) return '';
  if (type === 'tvSeries' || type === 'tvMiniSeries')
    return endYear && endYear !== year
      ? `${year}–${endYear}`
      : type === 'tvSeries' && !endYear
        ? `${year}–`
        : String(year);
  return String(year);
}
