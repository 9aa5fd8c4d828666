// lineRegions on hostile streams: one endless line costs linear work (bytes copied are counted,
// not timed) and is refused past MAX_LINE_BYTES with the offset where it starts.
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LineTooLongError, lineRegions, MAX_LINE_BYTES } from '../../main/datasets/parse/lines.ts';

/** `data` as a stream of `size`-byte chunks (yauzl's inflater hands out 16 KB at a time). */
function chunks(data: Buffer, size: number): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) parts.push(data.subarray(i, i + size));
  return Readable.from(parts);
}

async function collect(stream: Readable, maxLine?: number): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const r of lineRegions(stream, undefined, undefined, maxLine)) out.push(Buffer.from(r.buf));
  return Buffer.concat(out);
}

describe('lineRegions', () => {
  afterEach(() => vi.restoreAllMocks());

  it('copies each byte of one 8 MB line at most about twice, whatever the chunk size', async () => {
    const concat = vi.spyOn(Buffer, 'concat');
    const line = Buffer.alloc(8 << 20, 0x41);
    const out = await collect(chunks(line, 16 * 1024), Infinity);
    expect(out.equals(line)).toBe(true);
    const copied = concat.mock.calls.reduce((n, [list]) => n + list.reduce((m, b) => m + b.length, 0), 0);
    expect(copied).toBeLessThanOrEqual(2 * line.length);
  });

  it('refuses a line longer than MAX_LINE_BYTES, saying where it starts', async () => {
    const head = Buffer.from('userId,movieId,rating,timestamp\n1,1,4.0,1\n');
    const data = Buffer.concat([head, Buffer.alloc(MAX_LINE_BYTES + 1, 0x31)]);
    const err = await collect(chunks(data, 16 * 1024)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LineTooLongError);
    expect((err as LineTooLongError).offset).toBe(head.length);
  });

  it('passes normal lines through unchanged in regions of whole lines', async () => {
    const text = Buffer.from('\uFEFFa,b\r\n'.slice(0, 1) + 'a,b\r\n1,2\n'.repeat(200_000) + 'last');
    const seen: Buffer[] = [];
    for await (const r of lineRegions(chunks(text, 777), undefined, 64 * 1024)) {
      expect(r.buf[r.buf.length - 1] === 10 || r.buf.toString().endsWith('last')).toBe(true);
      seen.push(Buffer.from(r.buf));
    }
    expect(Buffer.concat(seen).toString()).toBe(text.toString().slice(1));
  });
});
