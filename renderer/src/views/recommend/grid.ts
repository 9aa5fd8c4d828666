// The poster grid's geometry and keyboard moves, kept pure: columns from the width, which rows are
// on screen (only those are rendered), and where an arrow key takes the focus.
import type { Mark } from '../../../../main/recommend/types.ts';
import type { PosteriorSource } from '../../../../main/model/metadata/types.ts';

/** What a card shows: a recommendation or a marked title (a watchlist entry) alike. */
export interface GridTitle {
  tconst: string;
  title: string;
  year: number | null;
  genres: string[];
  predicted: number | null;
  low: number | null;
  high: number | null;
  imdbRating: number | null;
  /** Where the prediction comes from (recommendations carry it; marked titles do not). */
  source?: PosteriorSource;
  mark: Mark | null;
}

export interface Layout {
  cols: number;
  cardWidth: number;
  rowHeight: number;
  rows: number;
  height: number;
}

export const MIN_CARD = 168;
export const GAP = 18;
/** Card text below the 2:3 poster (title, year and genres, where the prediction comes from, scores) plus padding. */
const TEXT_HEIGHT = 102;

export function layout(width: number, count: number): Layout {
  const cols = Math.max(1, Math.floor((width + GAP) / (MIN_CARD + GAP)));
  const cardWidth = Math.max(MIN_CARD, (width - GAP * (cols - 1)) / cols);
  const rowHeight = Math.round((cardWidth - 12) * 1.5 + TEXT_HEIGHT + GAP);
  const rows = Math.ceil(count / cols);
  return { cols, cardWidth, rowHeight, rows, height: rows * rowHeight };
}

/** Indices [from, to) of the items in the rows on screen, with `overscan` rows either side. */
export function visibleRange(
  l: Layout,
  scrollTop: number,
  viewHeight: number,
  count: number,
  overscan = 1,
): [number, number] {
  const first = Math.max(0, Math.floor(scrollTop / l.rowHeight) - overscan);
  const last = Math.min(l.rows, Math.ceil((scrollTop + viewHeight) / l.rowHeight) + overscan);
  return [first * l.cols, Math.min(count, last * l.cols)];
}

/** The index an arrow (or Home/End/PageUp/PageDown) key moves to; null for other keys. */
export function move(key: string, index: number, cols: number, count: number, pageRows = 3): number | null {
  const clampTo = (i: number) => Math.min(count - 1, Math.max(0, i));
  switch (key) {
    case 'ArrowRight':
      return clampTo(index + 1);
    case 'ArrowLeft':
      return clampTo(index - 1);
    case 'ArrowDown':
      return index + cols < count ? index + cols : index;
    case 'ArrowUp':
      return index - cols >= 0 ? index - cols : index;
    case 'PageDown':
      return clampTo(index + cols * pageRows);
    case 'PageUp':
      return clampTo(index - cols * pageRows);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
