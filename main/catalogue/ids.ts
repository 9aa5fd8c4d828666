// An IMDb id (tconst): the one key every catalogue title has, whether MovieLens lists it or not.
import { z } from 'zod';

/** The id's own pattern, for patterns that hold one (a file name, ROW=TCONST). */
export const TCONST_PART = 'tt\\d{7,9}';
export const TCONST = new RegExp(`^${TCONST_PART}$`);

export function isTconst(s: string): boolean {
  return TCONST.test(s);
}

/** An IMDb id at the IPC and CLI boundary (main parses every input with zod). */
export const tconstSchema = z.string().regex(TCONST, 'an IMDb id like tt0133093');
