// Real datasets live in ../shared/data (licences forbid copying them here). Tests that need them
// skip with a clear message when the folder is absent (a fresh user machine); CI always has it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const sharedDataDir =
  process.env.REELTASTE_SHARED_DATA ?? fileURLToPath(new URL('../../../shared/data', import.meta.url));
export const hasSharedData = existsSync(join(sharedDataDir, 'SOURCES.md'));
export const sharedDataSkipReason = `real data not found at ${sharedDataDir} (set REELTASTE_SHARED_DATA)`;

if (!hasSharedData) console.warn(`[tests] skipping real-data tests: ${sharedDataSkipReason}`);

export function dataPath(...parts: string[]): string {
  return join(sharedDataDir, ...parts);
}
