// Line buffering on a hostile file: lineRegions over one 64 MB line without a newline, fed in 16 KB
// chunks as yauzl's inflater hands them out (the cap lifted, to measure the buffering itself),
// against 64 MB of ordinary ratings lines in the same process. Linear buffering keeps the ratio near
// 1; the old code copied the whole pending buffer per chunk (quadratic: 10/20/40 MB took 2.4/7.7/38.9 s).
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { lineRegions } from '../../main/datasets/parse/lines.ts';

/** 64 MB under `npm run bench long-line`; another size: node test/bench/long-line.bench.ts 16 */
const SIZE = Number(process.argv[2] ?? 64) << 20;
const CHUNK = 16 * 1024;

function chunks(data: Buffer): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += CHUNK) parts.push(data.subarray(i, i + CHUNK));
  return Readable.from(parts);
}

async function seconds(data: Buffer): Promise<number> {
  const t = performance.now();
  let bytes = 0;
  for await (const r of lineRegions(chunks(data), undefined, undefined, Infinity)) bytes += r.buf.length;
  if (bytes !== data.length) throw new Error(`lost bytes: ${bytes} of ${data.length}`);
  return (performance.now() - t) / 1000;
}

const normal = Buffer.alloc(SIZE, '1,296,5.0,1147880044\n');
const oneLine = Buffer.alloc(SIZE, 0x31);
const base = await seconds(normal);
const long = await seconds(oneLine);
const mbps = (s: number) => (SIZE / (1 << 20) / s).toFixed(0);
console.log(`ordinary lines (baseline): ${base.toFixed(3)} s, ${mbps(base)} MB/s`);
console.log(
  `one ${SIZE >> 20} MB line:            ${long.toFixed(3)} s, ${mbps(long)} MB/s (x${(long / base).toFixed(2)} the baseline)`,
);
