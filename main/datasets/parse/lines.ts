// Turns a byte stream into regions of whole lines (each ends with '\n', except a last line without
// one), stripping a UTF-8 BOM. Consumers count lines themselves (counting here cost a third of
// the parse time). Regions are ~1 MiB: big enough that per-chunk overhead vanishes,
// small enough that the event loop gets a turn between them.
import { isUtf8 } from 'node:buffer';
import { throwIfCancelled } from '../../jobs/registry.ts';
import { badLine } from './errors.ts';

export const REGION_BYTES = 1 << 20;
/** Give the event loop a turn at least this often (ms), even when the stream has data buffered. */
const YIELD_MS = 12;

export interface Region {
  buf: Buffer;
  /** Bytes of the file consumed so far, this region included (for progress). */
  bytesRead: number;
}

export async function* lineRegions(
  stream: AsyncIterable<Buffer>,
  signal?: AbortSignal,
  regionBytes = REGION_BYTES,
): AsyncGenerator<Region> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let bytesRead = 0;
  let first = true;
  let lastYield = Date.now();
  const emit = function* (final: boolean): Generator<Region> {
    if (pendingBytes === 0) return;
    let buf = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    if (first) {
      if (buf.length < 3 && !final) return;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
      first = false;
    }
    const cut = final ? buf.length : buf.lastIndexOf(10) + 1;
    if (cut === 0) {
      pending = [buf];
      pendingBytes = buf.length;
      return;
    }
    const region = buf.subarray(0, cut);
    const rest = buf.subarray(cut);
    pending = rest.length ? [rest] : [];
    pendingBytes = rest.length;
    yield { buf: region, bytesRead: bytesRead - pendingBytes };
  };
  for await (const chunk of stream) {
    throwIfCancelled(signal);
    pending.push(chunk);
    pendingBytes += chunk.length;
    bytesRead += chunk.length;
    if (pendingBytes >= regionBytes) {
      yield* emit(false);
      if (Date.now() - lastYield >= YIELD_MS) {
        await new Promise((r) => setImmediate(r));
        lastYield = Date.now();
      }
    }
  }
  throwIfCancelled(signal);
  yield* emit(true);
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
