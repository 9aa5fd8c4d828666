// Zod parsers for every invoke channel's input. Main parses before any handler runs, so a renderer
// (or a compromised page) can never hand a service a value of the wrong shape.
import { z } from 'zod';
import type { InputOf, InvokeChannel } from './contract.ts';
import { backendSchema, settingsPatchSchema } from '../settings/schema.ts';

/** A two-letter country code (where/). */
const regionSchema = z.string().regex(/^[A-Z]{2}$/, 'a two-letter country code like GB');
import { tconstSchema } from '../catalogue/ids.ts';
import { markSchema, recommendRequestSchema, tuningPatchSchema } from '../recommend/schemas.ts';

const none = z
  .undefined()
  .or(z.null())
  .transform(() => undefined);

const sessionIdSchema = z.number().int().positive();

export const inputSchemas: { [C in InvokeChannel]: z.ZodType<InputOf<C>, unknown> } = {
  'app/status': none,
  'settings/get': none,
  'settings/update': settingsPatchSchema,
  'jobs/list': none,
  'jobs/cancel': z.strictObject({ id: z.string().min(1).max(64) }),
  'files/drop': z.strictObject({ paths: z.array(z.string().min(1).max(4096)).min(1).max(64) }),
  'model/list': none,
  'model/train': z.strictObject({
    dim: z.number().int().min(1).max(256).optional(),
    epochs: z.number().int().min(1).max(1000).optional(),
    seed: z.number().int().optional(),
    threads: z.number().int().min(1).max(64).optional(),
    backend: backendSchema.optional(),
  }),
  'model/activate': z.strictObject({ id: z.number().int().positive() }),
  'model/backend': none,
  'model/gpu': none,
  'model/checkCalibration': z.strictObject({
    holdout: z.number().gt(0).lt(1).optional(),
    folds: z.number().int().min(1).max(20).optional(),
    seed: z.number().int().optional(),
    dim: z.number().int().min(1).max(256).optional(),
    epochs: z.number().int().min(1).max(1000).optional(),
    threads: z.number().int().min(1).max(64).optional(),
    backend: backendSchema.optional(),
  }),
  'model/latestCheck': none,
  'datasets/list': none,
  'datasets/ingest': z.strictObject({
    kind: z.enum(['movielens', 'imdb']),
    paths: z.array(z.string().min(1).max(4096)).min(1).max(16),
  }),
  'datasets/download': z.strictObject({
    source: z.enum(['movielens', 'imdb']),
    variant: z.enum(['ml-latest-small', 'ml-25m', 'ml-32m']).optional(),
    people: z.boolean().optional(),
  }),
  'datasets/acceptTerms': z.strictObject({ source: z.enum(['movielens', 'imdb']) }),
  'profile/overview': none,
  'profile/ratings': none,
  'profile/comparisons': none,
  'profile/importRows': z.strictObject({ importId: z.number().int().positive() }),
  'profile/factors': none,
  'profile/quickstart': none,
  'profile/rate': z.strictObject({
    tconst: tconstSchema,
    rating: z.number().int().min(1).max(10),
  }),
  'profile/undoRate': z.strictObject({ tconst: tconstSchema }),
  'profile/update': none,
  'profile/export': z.strictObject({ format: z.enum(['json', 'csv']) }),
  'recommend/refresh': recommendRequestSchema,
  'recommend/details': z.strictObject({ tconst: tconstSchema }),
  'recommend/explain': z.strictObject({ tconst: tconstSchema }),
  'recommend/mark': z.strictObject({ tconst: tconstSchema, mark: markSchema.nullable() }),
  'recommend/marks': none.or(z.strictObject({ mark: markSchema.optional() })),
  'recommend/genres': none,
  'recommend/tuning': none,
  'recommend/updateTuning': tuningPatchSchema,
  'search/query': z.strictObject({
    query: z.string().max(200),
    client: z.string().min(1).max(40).optional(),
    limit: z.number().int().min(1).max(100).optional(),
    type: z.enum(['movie', 'series']).optional(),
    year: z.number().int().min(1870).max(2100).optional(),
  }),
  'search/title': z.strictObject({ tconst: tconstSchema }),
  'search/unresolved': z.strictObject({ importId: z.number().int().positive() }),
  'search/resolve': z.strictObject({
    importId: z.number().int().positive(),
    row: z.number().int().positive(),
    tconst: tconstSchema,
  }),
  'posters/status': none,
  'posters/setKey': z.strictObject({ key: z.string().min(1).max(1024) }),
  'posters/clearKey': none,
  'posters/clearCache': none,
  'posters/setCacheCap': z.strictObject({ megabytes: z.number().int().min(10).max(10_000) }),
  'where/title': z.strictObject({ tconst: tconstSchema, region: regionSchema.optional() }),
  'where/providers': z.strictObject({ region: regionSchema.optional() }).optional(),
  'where/regions': none,
  'where/settings': none,
  'where/setRegion': z.strictObject({ region: regionSchema.nullable() }),
  'where/setServices': z.strictObject({ ids: z.array(z.number().int().positive()).max(200) }),
  'where/filter': z.strictObject({
    tconsts: z.array(tconstSchema).max(1000),
    onServices: z.boolean(),
    free: z.boolean().optional(),
    want: z.number().int().min(1).max(200),
  }),
  'setup/state': none,
  'setup/start': z.strictObject({
    variant: z.enum(['ml-latest-small', 'ml-25m', 'ml-32m']),
    imdb: z.boolean(),
    acceptTerms: z.boolean().optional(),
  }),
  'setup/finish': none,
  'setup/skip': none,
  'elicit/arenaStart': z.strictObject({ rule: z.enum(['info', 'entropy', 'random']).optional() }),
  'elicit/arenaState': z.strictObject({ sessionId: sessionIdSchema }),
  'elicit/arenaAnswer': z.strictObject({
    sessionId: sessionIdSchema,
    answer: z.enum(['a', 'b', 'tie', 'skip', 'not-seen']),
    side: z.enum(['a', 'b']).optional(),
  }),
  'elicit/arenaUndo': z.strictObject({ sessionId: sessionIdSchema }),
  'elicit/arenaTop': z.strictObject({ sessionId: sessionIdSchema }),
  'elicit/findTitles': z.strictObject({
    query: z.string().max(200),
    year: z.number().int().min(1870).max(2100).optional(),
  }),
  'elicit/rateStart': z.strictObject({
    tconst: tconstSchema,
    maxSteps: z.number().int().min(1).max(30).optional(),
  }),
  'elicit/rateAnswer': z.strictObject({
    sessionId: sessionIdSchema,
    answer: z.enum(['a', 'b', 'tie', 'skip']),
  }),
  'elicit/rateUndo': z.strictObject({ sessionId: sessionIdSchema }),
  'elicit/rateSave': z.strictObject({ sessionId: sessionIdSchema }),
};
