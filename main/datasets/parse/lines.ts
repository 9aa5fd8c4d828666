// Turns a byte stream into regions of whole lines (each ends with '\n', except a last line without
// one), stripping a UTF-8 BOM and refusing a line longer than MAX_LINE_BYTES. Consumers count lines
// themselves (counting here cost a third of the parse time). Regions are ~1 MiB: big enough that
// per-chunk overhead vanishes, small enough that the event loop gets a turn between them.
import { isUtf8 } from 'node:buffer';
import { readSync } from 'node:fs';
import { throwIfCancelled } from '../../jobs/registry.ts';
import { badLine } from '../../files/errors.ts';

export const REGION_BYTES = 1 << 20;
/** No line of any file we import comes near this; a longer one means the file is something else. */
export const MAX_LINE_BYTES = 1 << 20;
/** Give the event loop a turn at least this often (ms), even when the stream has data buffered. */
const YIELD_MS = 12;

export interface Region {
  buf: Buffer;
  /** Bytes of the file consumed so far, this region included (for progress). */
  bytesRead: number;
}

/** A line ran past MAX_LINE_BYTES; `offset` is the file offset where it starts (for its number). */
export class LineTooLongError extends Error {
  readonly offset: number;
  constructor(offset: number) {
    super(`a line longer than ${MAX_LINE_BYTES} bytes starts at byte ${offset}`);
    this.offset = offset;
  }
}

/**
 * Each byte is copied at most twice (into a region, and once more if it belongs to the unfinished
 * last line carried to the next one), whatever the chunk sizes: a file with one huge line costs
 * linear time and at most MAX_LINE_BYTES of memory before it is refused.
 */
export async function* lineRegions(
  stream: AsyncIterable<Buffer>,
  signal?: AbortSignal,
  regionBytes = REGION_BYTES,
  maxLine = MAX_LINE_BYTES,
): AsyncGenerator<Region> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  /** Offset in `pending` just after its last '\n' (0: none yet): where the unfinished line starts. */
  let lineStart = 0;
  /** File bytes before pending[0]. */
  let consumed = 0;
  let first = true;
  let lastYield = Date.now();
  const take = (cut: number): Region => {
    const buf = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    const rest = buf.subarray(cut);
    pending = rest.length ? [rest] : [];
    pendingBytes = rest.length;
    lineStart = 0;
    consumed += cut;
    let region = buf.subarray(0, cut);
    if (first) {
      if (region[0] === 0xef && region[1] === 0xbb && region[2] === 0xbf) region = region.subarray(3);
      first = false;
    }
    return { buf: region, bytesRead: consumed };
  };
  for await (const chunk of stream) {
    throwIfCancelled(signal);
    const nl = chunk.lastIndexOf(10);
    if (nl !== -1) lineStart = pendingBytes + nl + 1;
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes - lineStart > maxLine) throw new LineTooLongError(consumed + lineStart);
    if (pendingBytes >= regionBytes && lineStart > 0) {
      yield take(lineStart);
      if (Date.now() - lastYield >= YIELD_MS) {
        await new Promise((r) => setImmediate(r));
        lastYield = Date.now();
      }
    }
  }
  throwIfCancelled(signal);
  if (pendingBytes > 0) yield take(pendingBytes);
}

/**
 * lineRegions for a plain file the caller has open (the parse worker's ratings.csv): regions of at
 * most `regionBytes` read straight into one buffer that is reused, so a 688 MB file allocates
 * 1.5 MB instead of a new 1 MB chunk per read (which kept the garbage collector busy). Each region
 * is valid until the next is asked for. Same BOM, line-length and bytesRead rules as lineRegions.
 */
export function* fileRegions(
  fd: number,
  regionBytes = REGION_BYTES,
  maxLine = MAX_LINE_BYTES,
): Generator<Region> {
  const buf = Buffer.allocUnsafe(regionBytes + maxLine + 1);
  /** Bytes at the front of `buf` that belong to the unfinished line carried over. */
  let carry = 0;
  /** File bytes before buf[0]. */
  let consumed = 0;
  let first = true;
  for (;;) {
    const n = readSync(fd, buf, carry, Math.min(regionBytes, buf.length - carry), null);
    const total = carry + n;
    if (total === 0) return;
    const cut = n === 0 ? total : buf.lastIndexOf(10, total - 1) + 1;
    if (total - cut > maxLine) throw new LineTooLongError(consumed + cut);
    if (cut > 0) {
      let region = buf.subarray(0, cut);
      if (first && region[0] === 0xef && region[1] === 0xbb && region[2] === 0xbf)
        region = region.subarray(3);
      first = false;
      consumed += cut;
      yield { buf: region, bytesRead: consumed };
      buf.copyWithin(0, cut, total);
    }
    carry = total - cut;
    if (n === 0) return;
  }
}

/** Throws BAD_FILE naming the first line that is not UTF-8 (e.g. a Latin-1 MovieLens 1M file). */
export function assertUtf8(region: Region, label: string, firstLine: number): void {
  if (isUtf8(region.buf)) return;
  let start = 0;
  let line = firstLine;
  while (start < region.buf.length) {
    let end = region.buf.indexOf(10, start);
    if (end === -1) end = region.buf.length;
    const bytes = region.buf.subarray(start, end);
    if (!isUtf8(bytes)) {
      const bad = [...bytes].find((b) => b >= 0x80) ?? 0;
      throw badLine(
        label,
        line,
        `UTF-8 text (this line has byte 0x${bad.toString(16).toUpperCase()}, which is how Latin-1/ISO-8859-1 files ` +
          'such as MovieLens 1M and 100K encode accented letters; this importer reads the UTF-8 CSV releases)',
        bytes.toString('latin1'),
      );
    }
    start = end + 1;
    line++;
  }
}
