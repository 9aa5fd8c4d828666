// A metadata model as one blob, stored beside its model version (metadata_models, migration 0012):
// a little-endian u32 header length, the JSON header (options, feature space, people ids, array
// lengths), then the arrays as Float64 (regression) and Float32 (people's vectors) in header order.
import { MetadataModel, type MetadataModelData } from './model.ts';
import type { PeopleReps } from './reps.ts';
import { ROLES } from './types.ts';

const FORMAT = 1;

export function serialiseMetadataModel(model: MetadataModel): Buffer {
  const d = model.data;
  const f64 = [d.center, d.weights, d.inverse, d.residualVar, d.marginalVar];
  const header = {
    format: FORMAT,
    dim: d.dim,
    options: d.options,
    space: d.space,
    columns: d.columns,
    f64: f64.map((a) => a.length),
    people: d.people ? Object.fromEntries(ROLES.map((r) => [r, d.people![r].ids])) : null,
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const parts: Buffer[] = [Buffer.alloc(4), json];
  parts[0]!.writeUInt32LE(json.length, 0);
  // Pad so the arrays start 8-byte aligned.
  parts.push(Buffer.alloc((8 - ((4 + json.length) % 8)) % 8));
  for (const a of f64) parts.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  if (d.people)
    for (const r of ROLES)
      parts.push(
        Buffer.from(d.people[r].reps.buffer, d.people[r].reps.byteOffset, d.people[r].reps.byteLength),
      );
  return Buffer.concat(parts);
}

export function deserialiseMetadataModel(blob: Uint8Array): MetadataModel {
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const len = buf.readUInt32LE(0);
  const header = JSON.parse(buf.subarray(4, 4 + len).toString('utf8')) as {
    format: number;
    dim: number;
    options: MetadataModelData['options'];
    space: MetadataModelData['space'];
    columns: number;
    f64: number[];
    people: Record<string, string[]> | null;
  };
  if (header.format !== FORMAT) throw new Error(`Unknown metadata model format ${header.format}.`);
  let at = 4 + len;
  at += (8 - (at % 8)) % 8;
  const take64 = (n: number) => {
    const a = new Float64Array(n);
    for (let i = 0; i < n; i++) a[i] = buf.readDoubleLE(at + 8 * i);
    at += 8 * n;
    return a;
  };
  const [center, weights, inverse, residualVar, marginalVar] = header.f64.map(take64) as Float64Array[];
  let people: PeopleReps | null = null;
  if (header.people) {
    people = {} as PeopleReps;
    for (const r of ROLES) {
      const ids = header.people[r]!;
      const n = ids.length * (header.dim + 1);
      const reps = new Float32Array(n);
      for (let i = 0; i < n; i++) reps[i] = buf.readFloatLE(at + 4 * i);
      at += 4 * n;
      people[r] = { ids, index: new Map(ids.map((p, i) => [p, i])), reps };
    }
  }
  return new MetadataModel({
    dim: header.dim,
    options: header.options,
    space: header.space,
    columns: header.columns,
    center: center!,
    weights: weights!,
    inverse: inverse!,
    residualVar: residualVar!,
    marginalVar: marginalVar!,
    people,
  });
}
