// The CLI as scripts use it: exit codes, --json output, --data-dir and REELTASTE_DATA_DIR.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/tmp.ts';

describe('reeltaste CLI', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('status --json prints valid JSON on an empty data dir', () => {
    const r = runCli(['status', '--json', '--data-dir', join(dir.path, 'a')]);
    expect(r.status).toBe(0);
    const s = r.json<{
      dataDir: string;
      datasets: unknown[];
      model: null;
      profile: null;
      nextStep: string;
      schemaVersion: number;
    }>();
    expect(s).toMatchObject({
      dataDir: join(dir.path, 'a'),
      datasets: [],
      model: null,
      profile: null,
      nextStep: 'import-datasets',
    });
    expect(s.schemaVersion).toBeGreaterThanOrEqual(1);
    expect(existsSync(join(dir.path, 'a', 'reeltaste.db'))).toBe(true);
  });

  it('honours REELTASTE_DATA_DIR, and --data-dir before the command', () => {
    const viaEnv = runCli(['--json', 'status'], { REELTASTE_DATA_DIR: join(dir.path, 'b') });
    expect(viaEnv.json()).toMatchObject({ dataDir: join(dir.path, 'b') });
    const viaFlag = runCli(['--data-dir', join(dir.path, 'c'), 'status', '--json'], {
      REELTASTE_DATA_DIR: join(dir.path, 'b'),
    });
    expect(viaFlag.json()).toMatchObject({ dataDir: join(dir.path, 'c') });
  });

  it('prints human text without --json', () => {
    const r = runCli(['status', '--data-dir', join(dir.path, 'a')]);
    expect(r.stdout).toContain('Datasets: none');
    expect(r.stdout).toContain('Next: import MovieLens');
  });

  it('lists commands in --help and fails clearly on an unknown command or option', () => {
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Usage: reeltaste/);
    expect(help.stdout).toMatch(/status\s+Show which datasets/);
    const bad = runCli(['frobnicate', '--json']);
    expect(bad.status).toBe(2);
    expect(bad.json()).toEqual({
      error: { code: 'INVALID_INPUT', message: 'Unknown command: frobnicate. Run reeltaste --help.' },
    });
    const badOpt = runCli(['status', '--colour']);
    expect(badOpt.status).toBe(2);
    expect(badOpt.stderr).toContain("Unknown option '--colour'");
  });
});
