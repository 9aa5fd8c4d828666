// The shape of a CLI command. Each command is a file in commands/ and returns a plain object: with
// --json that object is printed as the one line of output; otherwise `human` renders it.
import type { ParseArgsOptionsConfig } from 'node:util';
import type { Services } from '../compose/services.ts';
import type { JobProgress } from '../jobs/types.ts';

export interface CliContext {
  dataDir: string;
  /** One JSON object at the end (--json), or also one per prompt (--jsonl). */
  json: boolean;
  jsonl: boolean;
  /** Opens (and migrates) the data folder on first use. */
  services(): Services;
  /** Progress line on stderr (a TTY redraws in place); silent with --json. */
  progress(label: string, p: JobProgress): void;
  /** Human-readable line on stdout; suppressed with --json. */
  say(line: string): void;
  /** With --jsonl: one JSON object on its own line on stdout (a prompt); nothing otherwise. */
  emit(object: unknown): void;
  /** The next line from stdin (an answer), after showing `prompt` in a terminal; null at its end. */
  readLine(prompt?: string): Promise<string | null>;
  signal: AbortSignal;
}

export interface Command<R = unknown> {
  name: string;
  summary: string;
  usage: string;
  options?: ParseArgsOptionsConfig;
  run(
    ctx: CliContext,
    args: {
      values: Record<string, string | boolean | string[] | boolean[] | undefined>;
      positionals: string[];
    },
  ): Promise<R>;
  human?(result: R): string;
}
