// lineRegions on hostile streams: one endless line costs linear work (bytes copied are counted,
// not timed) and is refused past MAX_LINE_BYTES with the offset where it starts.
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import {
  fileRegions,
  LineTooLongError,
  lineRegions,
  MAX_LINE_BYTES,
} from '../../main/datasets/parse/lines.ts';

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

// The parse worker's reader of a plain file: one reused buffer, the same rules as lineRegions.
describe('fileRegions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reeltaste-lines-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  function regionsOf(data: Buffer, regionBytes: number, maxLine?: number): { text: Buffer; sizes: number[] } {
    const file = join(dir, `f${n++}.csv`);
    writeFileSync(file, data);
    const fd = openSync(file, 'r');
    try {
      const out: Buffer[] = [];
      let last = 0;
      for (const r of fileRegions(fd, regionBytes, maxLine)) {
        // Whole lines only, and bytesRead counts the file's bytes (a BOM too) up to the region's end.
        expect(r.buf.length === 0 || r.buf[r.buf.length - 1] === 10 || r.bytesRead === data.length).toBe(
          true,
        );
        expect(r.bytesRead).toBeGreaterThan(last);
        last = r.bytesRead;
        out.push(Buffer.from(r.buf));
      }
      expect(last).toBe(data.length);
      return { text: Buffer.concat(out), sizes: out.map((b) => b.length) };
    } finally {
      closeSync(fd);
    }
  }

  it('gives back every byte in regions of whole lines, a last line without its newline included', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `${i},${i * 7},4.5,${1e9 + i}`).join('\n');
    const data = Buffer.from(`userId,movieId,rating,timestamp\n${lines}`);
    const { text, sizes } = regionsOf(data, 4096);
    expect(text.equals(data)).toBe(true);
    expect(sizes.length).toBeGreaterThan(data.length / 4096 - 1);
    // A region is one read plus the unfinished line carried over from the one before.
    expect(Math.max(...sizes)).toBeLessThanOrEqual(4096 + 40);
  });

  it('strips a UTF-8 BOM', () => {
    const body = Buffer.from('userId,movieId,rating,timestamp\n1,1,4.0,1\n');
    const { text } = regionsOf(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]), 8);
    expect(text.equals(body)).toBe(true);
  });

  it('keeps a line longer than a region (but under the limit) whole', () => {
    const long = `1,1,4.0,${'1'.repeat(10_000)}\n`;
    const data = Buffer.from(`a\n${long}b\n`);
    const { text, sizes } = regionsOf(data, 1024);
    expect(text.equals(data)).toBe(true);
    // The reads that end inside it are carried over, not cut (each region above ends with a newline).
    expect(sizes.some((size) => size >= long.length)).toBe(true);
  });

  it('refuses a line longer than the limit, saying where it starts', () => {
    const head = Buffer.from('userId,movieId,rating,timestamp\n1,1,4.0,1\n');
    const data = Buffer.concat([head, Buffer.alloc(5000, 0x31)]);
    let err: unknown;
    try {
      regionsOf(data, 1024, 4096);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LineTooLongError);
    expect((err as LineTooLongError).offset).toBe(head.length);
  });
});
