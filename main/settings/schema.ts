import { z } from 'zod';
import type { Settings } from './types.ts';

export const settingsPatchSchema: z.ZodType<Partial<Settings>, unknown> = z.strictObject({
  theme: z.enum(['system', 'light', 'dark']).optional(),
});
