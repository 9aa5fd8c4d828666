// Runs the built app (out/main/index.js, its bundled utility worker and preload paths) under Node 24
// with a stand-in for the `electron` module written from Electron's docs
// (test/support/electron-stand-in/). Needs `npm run build` first, like every e2e test.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../main/compose/services.ts';
import { nodeSpawner } from '../../main/worker/spawn-node.ts';
import { movieLensFixtures } from '../support/fixtures.ts';

const root = join(import.meta.dirname, '../..');
const standIn = join(root, 'test/support/electron-stand-in');
const tmp = mkdtempSync(join(tmpdir(), 'rt-bundle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Run {
  beforeReady: {
    switches: { name: string; beforeReady: boolean }[];
    schemes: { scheme: string; beforeReady: boolean }[];
  };
  gpu: { ok: boolean; value: { available: boolean; reason: string; runtime: string } };
  gpuSeconds: number;
  computeWindowsOpened: number;
  computeShown: boolean;
  secondInstanceFocused: number;
  computesBeforeClose: number;
  afterMainClosed: { quits: number; computes: number; mains: number };
  afterActivate?: { mains: number };
  afterSecondInstanceNoWindow?: { mains: number };
  opened: { kind: string; path: string }[];
  errors: string[];
  train?: { state?: string; error?: unknown; result?: { epochs: number; backend: string }; seconds: number };
}

function runApp(platform: NodeJS.Platform, dataDir = join(tmp, platform), env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      join(standIn, 'hooks.js'),
      join(standIn, 'drive.js'),
      join(root, 'out/main'),
      dataDir,
      platform,
    ],
    { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } },
  );
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`the built app did not finish (status ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(line.slice('RESULT '.length)) as Run;
}

/** The synthetic MovieLens folder (always the first fixture) imported into `dataDir` by the sources, for the bundle to train on. */
async function seed(dataDir: string): Promise<void> {
  const s = createServices({ dataDir, spawner: nodeSpawner() });
  try {
    const r = await s.files.drop([movieLensFixtures()[0]!.movielens]);
    const id = r.accepted[0]!.jobId!;
    while (s.jobs.get(id)?.state === 'running') await new Promise((res) => setTimeout(res, 100));
    expect(s.jobs.get(id)?.state).toBe('done');
  } finally {
    s.shutdown();
  }
}

describe('the built bundle as linux, with data', () => {
  let run: Run;
  beforeAll(async () => {
    const dataDir = join(tmp, 'with-data');
    await seed(dataDir);
    run = runApp('linux', dataDir, { REELTASTE_SMOKE_TRAIN: '1' });
  }, 180_000);

  it('"auto" training takes the CPU within seconds when the compute page never loads', () => {
    expect(run.train?.error).toBeUndefined();
    expect(run.train?.state).toBe('done');
    expect(run.train?.result).toMatchObject({ epochs: 2 });
    expect(run.train?.result?.backend).not.toBe('gpu');
    expect(run.train?.seconds).toBeLessThan(30);
  });
});

describe.each(['linux', 'win32', 'darwin'] as const)('the built bundle as %s', (platform) => {
  const run = runApp(platform);

  it('registers its scheme before ready, and on Linux the WebGPU switches before ready', () => {
    expect(run.beforeReady.schemes).toEqual([{ scheme: 'reeltaste-poster', beforeReady: true }]);
    if (platform === 'linux') {
      expect(run.beforeReady.switches.map((s) => s.name)).toContain('enable-unsafe-webgpu');
      expect(run.beforeReady.switches.every((s) => s.beforeReady)).toBe(true);
    }
    expect(run.errors).toEqual([]);
  });

  it('every preload, page and worker it opens exists in out/', () => {
    const kinds = new Set(run.opened.map((o) => o.kind));
    expect(kinds).toEqual(new Set(['preload', 'page', 'utility']));
    for (const o of run.opened) {
      expect(o.path.startsWith(join(root, 'out'))).toBe(true);
      expect(existsSync(o.path), o.path).toBe(true);
    }
  });

  it('the bundled worker answers GPU status, falling back within seconds when the compute page never loads', () => {
    expect(run.gpu.ok).toBe(true);
    expect(run.gpu.value).toMatchObject({ available: false, runtime: 'compute-window' });
    expect(run.gpu.value.reason).toMatch(/gpu port could not be opened/);
    expect(run.gpuSeconds).toBeLessThan(15);
    expect(run.computeWindowsOpened).toBe(1);
    expect(run.computeShown).toBe(false);
  });

  it('second-instance focuses the window; closing the main window follows the platform', () => {
    expect(run.secondInstanceFocused).toBe(1);
    expect(run.computesBeforeClose).toBe(1);
    if (platform === 'darwin') {
      expect(run.afterMainClosed.quits).toBe(0);
      expect(run.afterActivate).toEqual({ mains: 1 });
      expect(run.afterSecondInstanceNoWindow).toEqual({ mains: 1 });
    } else {
      // The hidden compute window neither keeps the app alive nor outlives it.
      expect(run.afterMainClosed.quits).toBeGreaterThan(0);
      expect(run.afterMainClosed.computes).toBe(0);
    }
  });
});
