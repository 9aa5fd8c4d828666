// The worker harness over a real child process: the same runtime the app's utility process runs.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerHost } from '../../main/worker/host.ts';
import { nodeSpawner } from '../../main/worker/spawn-node.ts';
import type { JobProgress } from '../../main/jobs/types.ts';
import type { FixtureTasks } from '../fixtures/worker-tasks.ts';

const entry = fileURLToPath(new URL('../fixtures/worker-tasks.ts', import.meta.url));

describe('worker harness', () => {
  let host: WorkerHost<FixtureTasks>;
  afterEach(() => host?.shutdown());

  it('runs a task, throttles progress to ~10 Hz and never drops events', async () => {
    host = new WorkerHost<FixtureTasks>(nodeSpawner(entry));
    const progress: JobProgress[] = [];
    const events: unknown[] = [];
    const started = Date.now();
    const result = await host.run(
      'count',
      { n: 1000 },
      { onProgress: (p) => progress.push(p), onEvent: (e) => events.push(e.data) },
    );
    const seconds = (Date.now() - started) / 1000;
    expect(result).toEqual({ counted: 1000 });
    expect(events).toHaveLength(10);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(seconds * 10) + 1);
  });

  it('passes typed arrays through structured clone', async () => {
    host = new WorkerHost<FixtureTasks>(nodeSpawner(entry));
    const out = (await host.run('echo', { v: new Float32Array([1.5, 2.5]) })) as { v: Float32Array };
    expect(out.v).toBeInstanceOf(Float32Array);
    expect([...out.v]).toEqual([1.5, 2.5]);
  });

  it('cancels a running task', async () => {
    host = new WorkerHost<FixtureTasks>(nodeSpawner(entry));
    const controller = new AbortController();
    const run = host.run('count', { n: 100_000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    // The process survives a cancel and takes the next job.
    await expect(host.run('echo', 7)).resolves.toBe(7);
  });

  it('reports task errors with their message', async () => {
    host = new WorkerHost<FixtureTasks>(nodeSpawner(entry));
    await expect(host.run('fail', null)).rejects.toMatchObject({
      code: 'INTERNAL',
      message: 'expected failure',
    });
    // A name outside the map (an older worker, a typo in an untyped caller) is refused by the worker.
    await expect(host.run('nope' as 'echo', null)).rejects.toThrow('Unknown worker task: nope');
  });

  it('reports a crashed worker instead of hanging, then starts a fresh one', async () => {
    host = new WorkerHost<FixtureTasks>(nodeSpawner(entry));
    const firstPid = (await host.run('echo', 1), host.pid);
    await expect(host.run('crash', null)).rejects.toMatchObject({
      code: 'WORKER_CRASHED',
      message: expect.stringContaining('exit code 3'),
    });
    await expect(host.run('echo', 2)).resolves.toBe(2);
    expect(host.pid).not.toBe(firstPid);
  });

  it('fails its jobs with the reason when the worker cannot be started at all', async () => {
    host = new WorkerHost<FixtureTasks>(nodeSpawner(entry, process.env, '/nonexistent/node'));
    await expect(host.run('echo', 1)).rejects.toMatchObject({
      code: 'WORKER_CRASHED',
      message: expect.stringMatching(/could not be started \(spawn \/nonexistent\/node ENOENT\)/),
    });
  });

  it('reports a killed worker to every in-flight job', async () => {
    host = new WorkerHost<FixtureTasks>(nodeSpawner(entry));
    const a = host.run('count', { n: 100_000 });
    const b = host.run('count', { n: 100_000 });
    setTimeout(() => host.kill(), 150);
    await expect(a).rejects.toMatchObject({ code: 'WORKER_CRASHED' });
    await expect(b).rejects.toMatchObject({
      code: 'WORKER_CRASHED',
      message: expect.stringContaining('SIGKILL'),
    });
  });

  it("runs the app's own entry (diagnostics task)", async () => {
    const app = new WorkerHost(nodeSpawner());
    try {
      const d = await app.run('diagnostics', null);
      expect(d.node).toBe(process.versions.node);
      expect(d.pid).toBe(app.pid);
    } finally {
      app.shutdown();
    }
  });
});
