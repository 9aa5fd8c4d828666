// Issue 21 (3): the real IMDb exports in ../shared. The model trains on all of ml-latest-small (its
// data ends in 2018), the metadata model is fitted on its films (IMDb-format metadata written from
// IMDB 5000 / HetRec, imported through `ingest imdb`), and each export's owner gets theta from their
// rows MovieLens has. Their series and mini-series, and their titles newer than the model's data,
// are then predicted from what the export row itself says (type, year, runtime, genres, IMDb rating
// and votes, directors by name) against the IMDb rating alone put on the user's scale (their offset;
// their own least-squares line), by Spearman and RMSE on the user's 1-10 scale.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestImdb } from '../../main/datasets/imdb.ts';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { loadRatings } from '../../main/datasets/packed.ts';
import { fitMetadataModel } from '../../main/model/metadata/fit.ts';
import { loadMovieMetadata } from '../../main/model/metadata/load.ts';
import type { MetadataModel } from '../../main/model/metadata/model.ts';
import type { TitleMetadata } from '../../main/model/metadata/types.ts';
import { withColdItems } from '../../main/model/metadata/cold-items.ts';
import { trainModel } from '../../main/model/train.ts';
import type { ModelParams } from '../../main/model/types.ts';
import { readExportFile, type ExportRow } from '../../main/profile/imdb-export/parse.ts';
import { fitTheta } from '../../main/profile/theta/fit.ts';
import { predictUserScale } from '../../main/profile/theta/predict.ts';
import { createServices, type Services } from '../../main/compose/services.ts';
import { nodeSpawner } from '../../main/worker/spawn-node.ts';
import { linearMap, spearman } from '../support/metadata-eval.ts';
import { readMovieLensFilms, writeImdbMetadata, type WrittenMetadata } from '../support/metadata-sources.ts';
import { dataPath, hasSharedData } from '../support/shared-data.ts';
import { tempDir } from '../support/tmp.ts';

const EXPORTS = ['ethanfuerst', 'aureliome', 'mcanouil', 'michael-123'];
const SERIES = new Set(['tvSeries', 'tvMiniSeries']);

describe.skipIf(!hasSharedData)(
  'metadata model on the real IMDb exports (series, titles newer than the model)',
  () => {
    const dir = tempDir('reeltaste-meta-exports-');
    let s: Services;
    let params: ModelParams;
    let model: MetadataModel;
    let written: WrittenMetadata;
    let byTconst: Map<string, number>;
    let lastYear: number;

    beforeAll(async () => {
      s = createServices({ dataDir: join(dir.path, 'data'), spawner: nodeSpawner() });
      await ingestMovieLens(s, dataPath('ml-latest-small'));
      const films = readMovieLensFilms();
      written = writeImdbMetadata(dir.path, films);
      await ingestImdb(s, [...written.files, dataPath('imdb', 'title.ratings.tsv.gz')]);
      params = (await trainModel(loadRatings(s.db), { seed: 7, validation: 0, threads: 1 })).params;
      model = fitMetadataModel(params, loadMovieMetadata(s.db)).model;
      const index = new Map([...params.itemIds].map((id, i) => [id, i]));
      byTconst = new Map(
        films.filter((f) => index.has(f.movieId)).map((f) => [f.tconst, index.get(f.movieId)!]),
      );
      lastYear = Math.max(...films.map((f) => f.year ?? 0));
    }, 600_000);
    afterAll(() => {
      s?.shutdown();
      dir.remove();
    });

    const metadataOf = (r: ExportRow): TitleMetadata => ({
      titleType: r.titleType,
      year: r.year,
      runtimeMinutes: r.runtimeMinutes,
      genres: r.genres ? r.genres.split(/,\s*/).map((g) => (g === 'Science Fiction' ? 'Sci-Fi' : g)) : [],
      imdbRating: r.imdbRating,
      imdbVotes: r.numVotes,
      directors: r.directors ? r.directors.split(/,\s*/).flatMap((d) => written.nconstOf(d) ?? []) : [],
      writers: [],
      cast: [],
    });

    it('predicts each owner’s series and new titles; figures against the IMDb rating alone', () => {
      const lines: string[] = [];
      let total = 0;
      for (const owner of EXPORTS) {
        const rows = readExportFile(dataPath('imdb-exports', `export-${owner}.csv`)).rows;
        const known = rows.filter((r) => byTconst.has(r.tconst));
        const targets = rows.filter(
          (r) =>
            !byTconst.has(r.tconst) &&
            r.imdbRating !== null &&
            (SERIES.has(r.titleType) || (r.titleType === 'movie' && (r.year ?? 0) > lastYear)),
        );
        if (known.length < 20 || targets.length < 5) {
          lines.push(`  ${owner}: ${known.length} rows in MovieLens, ${targets.length} targets: skipped`);
          continue;
        }
        const joined = withColdItems(
          params,
          targets.map((_, e) => -1 - e),
          targets.map((r) => model.posterior(metadataOf(r))),
        );
        const post = fitTheta(
          joined,
          known.map((r) => ({ item: byTconst.get(r.tconst)!, rating: r.rating })),
          [],
        );
        const pairs = known.flatMap((r) =>
          r.imdbRating === null ? [] : [[r.imdbRating, r.rating] as [number, number]],
        );
        const offset = pairs.reduce((a, p) => a + p[1] - p[0], 0) / pairs.length;
        const line = linearMap(pairs);
        const n0 = params.itemIds.length;
        for (const [label, keep] of [
          ['series', (r: ExportRow) => SERIES.has(r.titleType)],
          [`films after ${lastYear}`, (r: ExportRow) => !SERIES.has(r.titleType)],
        ] as const) {
          const idx = targets.map((r, e) => [r, e] as const).filter(([r]) => keep(r));
          if (idx.length < 5) continue;
          const y = idx.map(([r]) => r.rating);
          const pred = idx.map(([, e]) => predictUserScale(joined, post, n0 + e).mean);
          const imdbOffset = idx.map(([r]) => r.imdbRating! + offset);
          const imdbLine = idx.map(([r]) => line(r.imdbRating!));
          const rmse = (p: number[]) => Math.sqrt(p.reduce((a, v, i) => a + (v - y[i]!) ** 2, 0) / p.length);
          total += idx.length;
          lines.push(
            `  ${owner}, ${idx.length} ${label} (theta from ${known.length} rows): metadata RMSE ${rmse(pred).toFixed(3)}, Spearman ${spearman(pred, y).toFixed(3)}; IMDb rating + offset RMSE ${rmse(imdbOffset).toFixed(3)}, own line RMSE ${rmse(imdbLine).toFixed(3)}, Spearman ${spearman(imdbLine, y).toFixed(3)}`,
          );
        }
      }
      console.log(['[metadata exports]', ...lines].join('\n'));
      expect(total).toBeGreaterThan(50);
    }, 600_000);
  },
);
