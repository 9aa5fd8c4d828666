import { z } from 'zod';
import { BACKENDS, type Settings } from './types.ts';

export const backendSchema = z.enum(BACKENDS);

export const settingsPatchSchema: z.ZodType<Partial<Settings>, unknown> = z.strictObject({
  theme: z.enum(['system', 'light', 'dark']).optional(),
  training: z
    .strictObject({
      dim: z.number().int().min(1).max(256).optional(),
      epochs: z.number().int().min(1).max(1000).optional(),
      threads: z.number().int().min(1).max(64).optional(),
      backend: backendSchema.optional(),
      patience: z.number().int().min(0).max(1000).optional(),
    })
    .optional(),
  catalogue: z.strictObject({ minVotes: z.number().int().min(1).max(10_000_000).optional() }).optional(),
});
