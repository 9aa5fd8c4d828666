// Zod parsers for the recommend domain's inputs, shared by the IPC schemas and the CLI's flags, so
// both reject the same values with the same messages.
import { z } from 'zod';
import type { Mark, RecommendRequest, RecommendTuning } from './types.ts';

export const markSchema: z.ZodType<Mark, unknown> = z.enum(['seen', 'watchlist', 'not-interested']);

const year = z.number().int().min(1870).max(2100);
const count = z.number().int().min(0);

export const recommendRequestSchema: z.ZodType<Omit<RecommendRequest, 'details'>, unknown> = z
  .strictObject({
    topN: z.number().int().min(1).max(1000).optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
    explore: z.number().min(0).max(1).optional(),
    genres: z.array(z.string().min(1).max(64)).max(32).optional(),
    genreMode: z.enum(['any', 'all']).optional(),
    yearMin: year.optional(),
    yearMax: year.optional(),
    minVotes: count.optional(),
    runtimeMin: count.max(10_000).optional(),
    runtimeMax: count.max(10_000).optional(),
    type: z.enum(['movie', 'series']).optional(),
  })
  .refine((r) => r.yearMin === undefined || r.yearMax === undefined || r.yearMin <= r.yearMax, {
    message: 'the earliest year must not be after the latest',
  })
  .refine((r) => r.runtimeMin === undefined || r.runtimeMax === undefined || r.runtimeMin <= r.runtimeMax, {
    message: 'the shortest runtime must not be above the longest',
  });

export const tuningPatchSchema: z.ZodType<Partial<RecommendTuning> & { reset?: boolean }, unknown> =
  z.strictObject({
    explore: z.number().min(0).max(1).optional(),
    shrinkVotes: z.number().min(0).max(100_000).optional(),
    consensusStrength: z.number().min(0).max(10).optional(),
    consensusTolerance: z.number().min(0).max(9).optional(),
    implicitWeight: z.number().min(0).max(1000).optional(),
    coldDeviations: z.number().min(0).max(10).optional(),
    coldPopularity: z.number().min(0).max(10).optional(),
    reset: z.boolean().optional(),
  });
