// Types for scripts/electron-binary.js (a plain script: it runs before anything is built).
import type { Stats } from 'node:fs';

export const FIX_COMMAND: string;
export function platformPath(platform?: NodeJS.Platform | 'mas'): string;
export function electronBinaryState(
  electronDir: string,
  env?: NodeJS.ProcessEnv,
): { ok: true; executable: string } | { ok: false; message: string };
export function linuxSandboxAdvice(o: {
  platform: NodeJS.Platform;
  restrictUserns: boolean;
  sandbox: Pick<Stats, 'uid' | 'mode'> | null;
  sandboxPath: string;
}): string | null;
export const USERNS_FLAG: string;
/** What npm start / npm run dev must say before launching (one line), or null. */
export function startProblem(
  electronDir?: string,
  env?: NodeJS.ProcessEnv,
  usernsFlag?: string,
): string | null;
