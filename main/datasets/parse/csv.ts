// The CSV reader (files/csv.ts) over a file's regions, with the header checked and every record's
// field count: the smaller MovieLens files (movies, links, tags); the 25M-line ratings.csv has its
// own byte-level parser (ratings-parser.ts).
import { assertUtf8, MAX_LINE_BYTES, type Region } from './lines.ts';

const countNewlines = (s: string): number => s.split('\n').length - 1;
import { badLine } from '../../files/errors.ts';
import { parseCsv, type RecordSink } from '../../files/csv.ts';

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
