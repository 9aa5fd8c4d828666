// The job registry throttles progress to ~10 Hz, estimates ETA, and reports cancel and failure.
import { describe, expect, it } from 'vitest';
import { JobRegistry, throwIfCancelled } from '../../main/jobs/registry.ts';
import type { JobSnapshot } from '../../main/jobs/types.ts';

/** This test's own job kinds and results (the app's are JobResults). */
type TestJobs = { test: unknown };
import type { EventSink } from '../../main/events.ts';

function recorder() {
  const seen: JobSnapshot[] = [];
  const sink: EventSink = {
    emit: (event, payload) => {
      if (event === 'jobs/changed') seen.push(payload as JobSnapshot);
    },
  };
  return { seen, sink };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('JobRegistry', () => {
  it('emits start and finish, and at most one progress per 100 ms in between', async () => {
    const { seen, sink } = recorder();
    let clock = 0;
    const jobs = new JobRegistry<TestJobs>(sink, () => clock);
    const { done } = jobs.start('test', 'Counting', async (ctx) => {
      for (let i = 1; i <= 1000; i++) {
        clock += 1; // 1 ms per step: 1000 steps = 1 s
        ctx.progress({ done: i, total: 1000, unit: 'rows' });
      }
      return 'ok';
    });
    expect(await done).toBe('ok');
    const states = seen.map((s) => s.state);
    expect(states[0]).toBe('running');
    expect(states.at(-1)).toBe('done');
    // 1 s of progress at <= 10 Hz, plus start and finish.
    expect(seen.length).toBeGreaterThanOrEqual(10);
    expect(seen.length).toBeLessThanOrEqual(13);
    expect(seen.at(-1)!.progress.fraction).toBe(1);
  });

  it('estimates the time left from progress so far', async () => {
    const { sink } = recorder();
    let clock = 0;
    const jobs = new JobRegistry<TestJobs>(sink, () => clock);
    let release!: () => void;
    const { id } = jobs.start('test', 'Half', (ctx) => {
      clock = 10_000;
      ctx.progress({ fraction: 0.25 });
      return new Promise<void>((r) => (release = r));
    });
    expect(jobs.get(id)!.etaSeconds).toBeCloseTo(30);
    release();
  });

  it('cancels through the signal and reports the job as cancelled', async () => {
    const { seen, sink } = recorder();
    const jobs = new JobRegistry<TestJobs>(sink);
    const { id, done } = jobs.start('test', 'Import', async (ctx) => {
      for (;;) {
        await tick();
        throwIfCancelled(ctx.signal);
      }
    });
    expect(jobs.cancel(id)).toBe(true);
    await expect(done).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(seen.at(-1)).toMatchObject({ state: 'cancelled', error: { code: 'CANCELLED' } });
    expect(jobs.cancel(id)).toBe(false);
  });

  it('reports a failure with its message', async () => {
    const { seen, sink } = recorder();
    const jobs = new JobRegistry<TestJobs>(sink);
    const { done } = jobs.start('test', 'Broken', async () => {
      throw new Error('ratings.csv line 3: expected 4 fields');
    });
    await expect(done).rejects.toThrow('line 3');
    expect(seen.at(-1)).toMatchObject({
      state: 'failed',
      error: { code: 'INTERNAL', message: 'ratings.csv line 3: expected 4 fields' },
    });
  });
});
