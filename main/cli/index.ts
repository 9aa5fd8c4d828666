// The headless CLI over the same services as the app: for scripting and for tests.
// Usage: reeltaste [--data-dir DIR] [--json] <command> [options]
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { AppError, toErrorShape } from '../errors.ts';
import { join } from 'node:path';
import { translateDbError } from '../db/errors.ts';
import { DB_FILE, resolveDataDir } from '../paths.ts';
import { createServices, appVersion, type Services } from '../compose/services.ts';
import { nodeSpawner } from '../worker/spawn-node.ts';
import type { CliContext, Command } from './command.ts';
import { commands } from './commands/index.ts';
import { renderProgress } from './progress.ts';

const globalOptions = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', default: false },
} as const;

/** Usages longer than this get their own line, so one long usage does not push every summary right. */
const USAGE_COLUMN = 58;

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.usage.length).filter((n) => n <= USAGE_COLUMN));
  const line = (c: Command<never>) =>
    c.usage.length <= width
      ? `  ${c.usage.padEnd(width)}  ${c.summary}`
      : `  ${c.usage}
  ${' '.repeat(width)}  ${c.summary}`;
  return [
    `reeltaste ${appVersion}: learns your taste in films and series and tells you what to watch next.`,
    '',
    'Usage: reeltaste [--data-dir DIR] [--json] <command> [options]',
    '',
    'Commands:',
    ...commands.map(line),
    '',
    'Global options:',
    "  --data-dir DIR  data folder (default: $REELTASTE_DATA_DIR, else the app's own folder)",
    '  --json          print one JSON object instead of text',
    '  -h, --help      show help (also: reeltaste <command> --help)',
  ].join('\n');
}

function commandHelp(cmd: Command<never>): string {
  const opts = Object.entries(cmd.options ?? {}).map(
    ([name, o]) =>
      `  --${name}${o.type === 'string' ? ' VALUE' : ''}${o.default !== undefined ? ` (default ${String(o.default)})` : ''}`,
  );
  return [
    `Usage: reeltaste ${cmd.usage}`,
    '',
    cmd.summary,
    ...(opts.length ? ['', 'Options:', ...opts] : []),
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const name = argv.find((a, i) => !a.startsWith('-') && argv[i - 1] !== '--data-dir');
  const cmd = commands.find((c) => c.name === name);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.filter((a) => a !== name),
      options: { ...globalOptions, ...(cmd?.options ?? {}) },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    return fail(
      argv.includes('--json') || argv.includes('--jsonl'),
      new AppError('INVALID_INPUT', (err as Error).message),
    );
  }
  const { values, positionals } = parsed;
  if (values.version) {
    process.stdout.write(`${appVersion}\n`);
    return 0;
  }
  if (!cmd) {
    if (name)
      return fail(
        values.json === true,
        new AppError('INVALID_INPUT', `Unknown command: ${name}. Run reeltaste --help.`),
      );
    process.stdout.write(`${helpText()}\n`);
    return values.help ? 0 : 1;
  }
  if (values.help) {
    process.stdout.write(`${commandHelp(cmd)}\n`);
    return 0;
  }
  // --jsonl (interactive commands): a JSON object per prompt, answers read line by line, and the
  // result as the last line, like --json.
  const jsonl = (values as { jsonl?: unknown }).jsonl === true;
  const json = values.json === true || jsonl;
  let lines: AsyncIterator<string> | undefined;
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.on('SIGINT', onSigint);
  let services: Services | undefined;
  const dataDir = resolveDataDir(values['data-dir'] as string | undefined);
  const ctx: CliContext = {
    dataDir,
    json,
    jsonl,
    signal: controller.signal,
    services: () => (services ??= createServices({ dataDir, spawner: nodeSpawner() })),
    progress: (label, p) => {
      if (!json) renderProgress(label, p);
    },
    say: (line) => {
      if (!json) process.stdout.write(`${line}\n`);
    },
    emit: (object) => {
      if (jsonl) process.stdout.write(`${JSON.stringify(object)}\n`);
    },
    async readLine(prompt) {
      if (!json && prompt) process.stdout.write(prompt);
      lines ??= createInterface({ input: process.stdin, terminal: false })[Symbol.asyncIterator]();
      const next = await lines.next();
      return next.done ? null : next.value.trim();
    },
  };
  try {
    const result = await cmd.run(ctx, { values, positionals });
    if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else if (cmd.human) process.stdout.write(`${cmd.human(result)}\n`);
    return 0;
  } catch (err) {
    return fail(
      json,
      translateDbError(err, {
        dataDir,
        dbFile: join(dataDir, DB_FILE),
        holder: () => services?.writer.holder() ?? null,
      }),
    );
  } finally {
    process.off('SIGINT', onSigint);
    if (lines) process.stdin.destroy();
    services?.shutdown();
  }
}

function fail(json: boolean, err: unknown): number {
  const shape = toErrorShape(err);
  if (json) process.stdout.write(`${JSON.stringify({ error: shape })}\n`);
  process.stderr.write(`error: ${shape.message}\n`);
  if (err instanceof Error && process.env.REELTASTE_DEBUG) {
    process.stderr.write(`${err.stack}\n`);
    if (err.cause instanceof Error) process.stderr.write(`caused by: ${err.cause.stack}\n`);
  }
  return shape.code === 'INVALID_INPUT' ? 2 : 1;
}

// Output piped into a reader that stopped (`reeltaste --json status | head -c 10`): not a crash.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

process.exitCode = await main(process.argv.slice(2));
