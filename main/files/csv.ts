// The one CSV reader: RFC 4180 (quoted fields may hold commas, doubled quotes and line breaks; CRLF
// and LF both end a record), each record with the 1-based line it starts on, and a malformed quote
// reported with the file's name and line. MovieLens' files read it region by region
// (datasets/parse/csv.ts), a ratings export (IMDb, Letterboxd) as one text.
import { badLine } from './errors.ts';

export type RecordSink = (fields: string[], line: number) => void;

export interface CsvRecord {
  line: number;
  fields: string[];
}

/** Every record of a whole CSV text (a leading byte-order mark is dropped); blank lines are skipped. */
export function readCsv(text: string, label = 'CSV'): IterableIterator<CsvRecord> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  const { consumed, nextLine } = parseCsv(body, 1, (fields, line) => records.push({ line, fields }), label);
  if (consumed < body.length)
    throw badLine(label, nextLine, 'a closing double quote', body.slice(consumed, consumed + 60));
  return records.values();
}

/**
 * Parses complete records from `text`; returns how far it got (the start of an unfinished quoted
 * record, if any) and the line number there. Blank lines are skipped.
 */
export function parseCsv(
  text: string,
  firstLine: number,
  onRecord: RecordSink,
  label = 'CSV',
): { consumed: number; nextLine: number } {
  let i = 0;
  let line = firstLine;
  const n = text.length;
  while (i < n) {
    const recordStart = i;
    const recordLine = line;
    const fields: string[] = [];
    for (;;) {
      if (text.charCodeAt(i) === 34 /* " */) {
        let value = '';
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q === -1) return { consumed: recordStart, nextLine: recordLine };
          value += text.slice(j, q);
          if (text.charCodeAt(q + 1) === 34) {
            value += '"';
            j = q + 2;
          } else {
            j = q + 1;
            break;
          }
        }
        for (let k = i; k < j; k++) if (text.charCodeAt(k) === 10) line++;
        fields.push(value);
        i = j;
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break;
          j++;
        }
        fields.push(text.slice(i, j));
        i = j;
      }
      const c = text.charCodeAt(i);
      if (c === 44) {
        i++;
        continue;
      }
      if (c === 13 && text.charCodeAt(i + 1) === 10) i += 2;
      else if (c === 10) i++;
      else if (i < n)
        throw badLine(
          label,
          line,
          'a comma or a line break after a quoted field',
          text.slice(recordStart, text.indexOf('\n', i)),
        );
      line++;
      break;
    }
    if (fields.length === 1 && fields[0] === '') continue;
    onRecord(fields, recordLine);
  }
  return { consumed: n, nextLine: line };
}
