// RFC 4180 CSV over text regions: quoted fields may hold commas, doubled quotes and line breaks;
// CRLF and LF both end a record. Used for the smaller MovieLens files (movies, links, tags); the
// 25M-line ratings.csv has its own byte-level parser (ratings-parser.ts).
import { assertUtf8, MAX_LINE_BYTES, type Region } from './lines.ts';

const countNewlines = (s: string): number => s.split('\n').length - 1;
import { badLine } from './errors.ts';

export type RecordSink = (fields: string[], line: number) => void;

/**
 * Feeds regions of a CSV file and calls `onRecord` per data record (after checking the header).
 * A quoted field may span regions: the unfinished record is carried to the next region.
 */
export class CsvReader {
  private readonly label: string;
  private readonly header: string[];
  private readonly onRecord: RecordSink;
  private carry = '';
  private carryLine = 1;
  private headerSeen = false;
  records = 0;

  constructor(label: string, header: string[], onRecord: RecordSink) {
    this.label = label;
    this.header = header;
    this.onRecord = onRecord;
  }

  push(region: Region): void {
    assertUtf8(region, this.label, this.carryLine + countNewlines(this.carry));
    const text = this.carry + region.buf.toString('utf8');
    // carryLine is where the unfinished record starts, or the region's first line if none.
    const { consumed, nextLine } = parseCsv(
      text,
      this.carryLine,
      (fields, line) => this.record(fields, line),
      this.label,
    );
    this.carry = text.slice(consumed);
    this.carryLine = nextLine;
    // An opening quote that never closes would otherwise carry (and rescan) the rest of the file.
    if (this.carry.length > MAX_LINE_BYTES)
      throw badLine(
        this.label,
        this.carryLine,
        'a closing double quote within 1 MB of the opening one',
        this.carry.slice(0, 60),
      );
  }

  end(): void {
    if (this.carry.trim())
      throw badLine(this.label, this.carryLine, 'a closing double quote', this.carry.slice(0, 60));
    if (!this.headerSeen)
      throw badLine(this.label, 1, `the header "${this.header.join(',')}"`, '(empty file)');
  }

  private record(fields: string[], line: number): void {
    if (!this.headerSeen) {
      this.headerSeen = true;
      if (fields.join(',') !== this.header.join(',')) {
        throw badLine(this.label, line, `the header "${this.header.join(',')}"`, fields.join(','));
      }
      return;
    }
    if (fields.length !== this.header.length) {
      throw badLine(
        this.label,
        line,
        `${this.header.length} fields (${this.header.join(',')}) but the line has ${fields.length}`,
        fields.join(','),
      );
    }
    this.records++;
    this.onRecord(fields, line);
  }
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
