// The metadata model on a planted catalogue (no ../shared needed): each film's factors and bias are
// a genre effect plus its director's, plus noise; the model must recover them for new films better
// than the prior does, with 80% intervals that cover about 80% of the planted values; a title with
// nothing known, or a type MovieLens never has (a series), must come out wider; and the blob must
// round-trip exactly.
import { describe, expect, it } from 'vitest';
import { fitMetadataModel } from '../../main/model/metadata/fit.ts';
import { deserialiseMetadataModel, serialiseMetadataModel } from '../../main/model/metadata/serialise.ts';
import { sourceOf, withColdItems } from '../../main/model/metadata/cold-items.ts';
import type { TitleMetadata } from '../../main/model/metadata/types.ts';
import type { ModelParams } from '../../main/model/types.ts';
import { createRng, gaussian } from '../../main/model/rng.ts';

const DIM = 4;
const GENRES = ['Drama', 'Comedy', 'Horror', 'Action', 'Romance'];

function planted(nItems: number, seed: number) {
  const rand = createRng(seed);
  const g = () => gaussian(rand);
  const genreEffect = GENRES.map(() => Array.from({ length: DIM + 1 }, () => 0.5 * g()));
  const directors = Array.from({ length: nItems / 4 }, () =>
    Array.from({ length: DIM + 1 }, () => 0.4 * g()),
  );
  const titles: TitleMetadata[] = [];
  const truth: number[][] = [];
  for (let i = 0; i < nItems; i++) {
    const genre = Math.floor(rand() * GENRES.length);
    const director = Math.floor(rand() * directors.length);
    const y = genreEffect[genre]!.map((e, j) => e + directors[director]![j]! + 0.3 * g());
    truth.push(y);
    titles.push({
      titleType: 'movie',
      year: 1960 + Math.floor(rand() * 60),
      runtimeMinutes: 80 + Math.floor(rand() * 60),
      genres: [GENRES[genre]!],
      imdbRating: 5 + 3 * rand(),
      imdbVotes: Math.floor(100 + rand() * 10000),
      directors: [`nm${String(director).padStart(7, '0')}`],
      writers: [],
      cast: [],
    });
  }
  return { titles, truth };
}

function paramsOf(truth: number[][]): ModelParams {
  const n = truth.length;
  const p: ModelParams = {
    dim: DIM,
    mu: 3.5,
    noiseVar: 0.8,
    priorVar: new Float32Array(DIM).fill(1),
    itemIds: Int32Array.from({ length: n }, (_, i) => i + 1),
    itemBiasMean: new Float32Array(n),
    itemBiasVar: new Float32Array(n).fill(0.01),
    itemFactorMean: new Float32Array(n * DIM),
    itemFactorVar: new Float32Array(n * DIM).fill(0.01),
    itemCounts: new Int32Array(n).fill(50),
  };
  truth.forEach((y, i) => {
    p.itemBiasMean[i] = y[0]!;
    for (let k = 0; k < DIM; k++) p.itemFactorMean[i * DIM + k] = y[k + 1]!;
  });
  return p;
}

describe('metadata model (planted catalogue)', () => {
  const { titles, truth } = planted(4000, 11);
  const trainN = 3200;
  const params = paramsOf(truth.slice(0, trainN));
  const metadata = new Map(titles.slice(0, trainN).map((t, i) => [i + 1, t]));
  const { model, report } = fitMetadataModel(params, metadata);

  it('recovers new films better than the prior, with calibrated 80% intervals', () => {
    let sse = 0;
    let sse0 = 0;
    let inside = 0;
    let n = 0;
    for (let i = trainN; i < titles.length; i++) {
      const p = model.posterior(titles[i]!);
      const y = truth[i]!;
      const preds = [p.bias, ...p.mean];
      const vars = [p.biasVariance, ...p.variance];
      preds.forEach((m, j) => {
        sse += (m - y[j]!) ** 2;
        sse0 += y[j]! ** 2;
        if (Math.abs(m - y[j]!) <= 1.2816 * Math.sqrt(vars[j]!)) inside++;
        n++;
      });
    }
    const coverage = inside / n;
    console.log(
      `[metadata planted] ${report.items} training films, ${report.columns} columns; RMSE ${Math.sqrt(sse / n).toFixed(3)} vs prior mean ${Math.sqrt(sse0 / n).toFixed(3)}; 80% coverage ${coverage.toFixed(3)}`,
    );
    expect(Math.sqrt(sse / n)).toBeLessThan(0.7 * Math.sqrt(sse0 / n));
    expect(coverage).toBeGreaterThan(0.74);
    expect(coverage).toBeLessThan(0.88);
  });

  it('a title with nothing known stays near the prior and wide; a series is wider than the same film', () => {
    const known = titles[trainN]!;
    const nothing: TitleMetadata = {
      titleType: null,
      year: null,
      runtimeMinutes: null,
      genres: [],
      imdbRating: null,
      imdbVotes: null,
      directors: [],
      writers: [],
      cast: [],
    };
    const a = model.posterior(known);
    const b = model.posterior(nothing);
    const c = model.posterior({ ...known, titleType: 'tvSeries' });
    const sum = (v: Float32Array) => v.reduce((x, y) => x + y, 0);
    expect(sum(b.variance)).toBeGreaterThan(1.5 * sum(a.variance));
    expect(sum(c.variance)).toBeGreaterThan(sum(a.variance));
    // Near the prior: the training films' mean, within a fraction of their spread.
    for (let k = 0; k < DIM; k++) expect(Math.abs(b.mean[k]! - model.data.center[k + 1]!)).toBeLessThan(0.5);
  });

  it('round-trips through its blob exactly', () => {
    const back = deserialiseMetadataModel(serialiseMetadataModel(model));
    for (const t of titles.slice(trainN, trainN + 50)) expect(back.posterior(t)).toEqual(model.posterior(t));
  });

  it('appends cold items to a model, which keeps its own items unchanged', () => {
    const extra = titles.slice(trainN, trainN + 3).map((t) => model.posterior(t));
    const joined = withColdItems(params, [-1, -2, -3], extra);
    expect(joined.itemIds.length).toBe(trainN + 3);
    expect(joined.itemFactorMean.subarray(0, trainN * DIM)).toEqual(params.itemFactorMean);
    expect(joined.itemBiasMean[trainN + 1]).toBeCloseTo(extra[1]!.bias, 6);
    expect(sourceOf(joined, 0)).toBe('ratings');
    expect(sourceOf(joined, trainN + 2)).toBe('metadata');
    expect([...joined.itemFactorVar.subarray((trainN + 2) * DIM, (trainN + 3) * DIM)]).toEqual([
      ...extra[2]!.variance,
    ]);
  });
});
