// Byte-level parser for MovieLens ratings.csv (userId,movieId,rating,timestamp): no strings are
// made per line, numbers are read digit by digit straight into growable typed-array columns.
// This is the hot loop of a 25M-line import; errors re-read the one bad line to explain it.
import type { Region } from './lines.ts';
import { badLine } from '../../files/errors.ts';

export const RATINGS_HEADER = ['userId', 'movieId', 'rating', 'timestamp'];
const HEADER_TEXT = RATINGS_HEADER.join(',');

export class RatingsColumns {
  users = new Int32Array(1 << 16);
  items = new Int32Array(1 << 16);
  /** rating * 2: 1..10 half stars. */
  halves = new Uint8Array(1 << 16);
  timestamps = new Int32Array(1 << 16);
  length = 0;

  ensure(extra: number): void {
    const need = this.length + extra;
    if (need <= this.users.length) return;
    const cap = Math.max(need, Math.ceil(this.users.length * 1.5));
    const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a.subarray(0, this.length));
      return b;
    };
    this.users = grow(this.users, (n) => new Int32Array(n));
    this.items = grow(this.items, (n) => new Int32Array(n));
    this.halves = grow(this.halves, (n) => new Uint8Array(n));
    this.timestamps = grow(this.timestamps, (n) => new Int32Array(n));
  }
}

export class RatingsParser {
  readonly cols = new RatingsColumns();
  private readonly label: string;
  private headerSeen = false;
  private line = 1;

  constructor(label: string, expectedRows = 0) {
    this.label = label;
    if (expectedRows > 0) this.cols.ensure(expectedRows);
  }

  push(region: Region): void {
    const buf = region.buf;
    let i = 0;
    let line = this.line;
    if (!this.headerSeen) {
      const nl = buf.indexOf(10);
      const end = nl === -1 ? buf.length : nl;
      const header = buf.toString('utf8', 0, end).replace(/\r$/, '').replace(/"/g, '');
      if (header !== HEADER_TEXT) throw badLine(this.label, line, `the header "${HEADER_TEXT}"`, header);
      this.headerSeen = true;
      i = end + 1;
      line++;
    }
    // Shortest possible line "1,1,1,1\n" is 8 bytes: reserve once per region, not per line.
    const cols = this.cols;
    cols.ensure(((buf.length - i) >>> 3) + 1);
    const users = cols.users;
    const items = cols.items;
    const halves = cols.halves;
    const stamps = cols.timestamps;
    let k = cols.length;
    const n = buf.length;
    while (i < n) {
      const lineStart = i;
      let c = buf[i]!;
      if (c === 10) {
        i++;
        line++;
        continue;
      }
      if (c === 13 && buf[i + 1] === 10) {
        i += 2;
        line++;
        continue;
      }
      // userId
      let u = 0;
      let s = i;
      while (c >= 48 && c <= 57) {
        u = u * 10 + (c - 48);
        c = buf[++i]!;
      }
      if (i === s || c !== 44 || i - s > 9) this.fail(buf, lineStart, line);
      c = buf[++i]!;
      // movieId
      let m = 0;
      s = i;
      while (c >= 48 && c <= 57) {
        m = m * 10 + (c - 48);
        c = buf[++i]!;
      }
      if (i === s || c !== 44 || i - s > 9) this.fail(buf, lineStart, line);
      c = buf[++i]!;
      // rating: whole stars, then an optional .0 or .5 (trailing zeros allowed)
      let h = 0;
      s = i;
      while (c >= 48 && c <= 57) {
        h = h * 10 + (c - 48);
        c = buf[++i]!;
      }
      if (i === s || i - s > 2) this.fail(buf, lineStart, line);
      h *= 2;
      if (c === 46) {
        c = buf[++i]!;
        if (c === 53) h += 1;
        else if (c !== 48) this.fail(buf, lineStart, line);
        c = buf[++i]!;
        while (c === 48) c = buf[++i]!;
      }
      if (c !== 44 || h < 1 || h > 10) this.fail(buf, lineStart, line);
      c = buf[++i]!;
      // timestamp (unix seconds)
      let t = 0;
      s = i;
      while (c >= 48 && c <= 57) {
        t = t * 10 + (c - 48);
        c = buf[++i]!;
      }
      if (i === s || i - s > 10 || t > 2147483647) this.fail(buf, lineStart, line);
      if (c === 13) c = buf[++i]!;
      if (c === 10) i++;
      else if (i < n) this.fail(buf, lineStart, line);
      users[k] = u;
      items[k] = m;
      halves[k] = h;
      stamps[k] = t;
      k++;
      line++;
    }
    cols.length = k;
    this.line = line;
  }

  end(): void {
    if (!this.headerSeen) throw badLine(this.label, 1, `the header "${HEADER_TEXT}"`, '(empty file)');
  }

  /** Re-reads one bad line and says exactly what is wrong with it. */
  private fail(buf: Buffer, start: number, line: number): never {
    let end = buf.indexOf(10, start);
    if (end === -1) end = buf.length;
    const text = buf.toString('utf8', start, end).replace(/\r$/, '');
    const fields = text.split(',');
    if (fields.length !== 4) {
      throw badLine(this.label, line, `4 fields (${HEADER_TEXT}) but the line has ${fields.length}`, text);
    }
    const [u, m, r, t] = fields as [string, string, string, string];
    if (!/^\d{1,9}$/.test(u)) throw badLine(this.label, line, 'a whole number for userId', u);
    if (!/^\d{1,9}$/.test(m)) throw badLine(this.label, line, 'a whole number for movieId', m);
    if (!/^\d{1,2}(\.\d+)?$/.test(r))
      throw badLine(this.label, line, 'a number for rating (0.5 to 5 in half stars)', r);
    const stars = Number(r);
    if (!(stars >= 0.5 && stars <= 5) || (stars * 2) % 1 !== 0) {
      throw badLine(this.label, line, 'a rating from 0.5 to 5 in half stars', r);
    }
    throw badLine(this.label, line, 'a unix timestamp in seconds for timestamp', t);
  }
}
