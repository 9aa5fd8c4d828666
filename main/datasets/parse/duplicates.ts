// A (user, movie) pair rated twice in ratings.csv. MovieLens releases list each pair once (a re-rating
// replaces the old one), so a repeat means the file is not one as published: two files joined, or
// lines repeated (a file repeating one rating 11 million times once imported as "1 user" and
// replaced a real dataset). The import is refused at the first repeated line, naming both lines:
// keeping one of the two silently would import a file whose origin is in doubt.
import type { AppError } from '../../errors.ts';
import { badLine } from '../../files/errors.ts';
import { lineRegions } from './lines.ts';
import type { SourceEntry } from './sources.ts';

/** Found by the parsers by data-row index (0 = the first line after the header). */
export class DuplicateRatingError extends Error {
  readonly row: number;
  readonly firstRow: number;
  readonly user: number;
  readonly movie: number;
  constructor(row: number, firstRow: number, user: number, movie: number) {
    super(`user ${user} rated movie ${movie} twice (data rows ${firstRow} and ${row})`);
    this.row = row;
    this.firstRow = firstRow;
    this.user = user;
    this.movie = movie;
  }
}

/** The BAD_FILE error for `dup`: re-reads the file up to the repeat to give both line numbers. */
export async function explainDuplicate(entry: SourceEntry, dup: DuplicateRatingError): Promise<AppError> {
  const want = new Map([
    [dup.firstRow, 0],
    [dup.row, 0],
  ]);
  let text = '';
  let line = 0;
  let row = -1; // the header line
  const stream = await entry.open();
  try {
    outer: for await (const region of lineRegions(stream)) {
      const buf = region.buf;
      for (let start = 0; start < buf.length;) {
        let end = buf.indexOf(10, start);
        if (end === -1) end = buf.length;
        line++;
        const blank = end === start || (end === start + 1 && buf[start] === 13);
        if (!blank) {
          if (want.has(row)) want.set(row, line);
          if (row === dup.row) {
            text = buf.toString('utf8', start, end);
            break outer;
          }
          row++;
        }
        start = end + 1;
      }
    }
  } finally {
    stream.destroy();
  }
  return badLine(
    entry.label,
    want.get(dup.row) ?? 0,
    `a (userId, movieId) pair not seen before (user ${dup.user} rated movie ${dup.movie} already on line ` +
      `${want.get(dup.firstRow) ?? '?'}; a MovieLens ratings file lists each pair once)`,
    text,
  );
}
