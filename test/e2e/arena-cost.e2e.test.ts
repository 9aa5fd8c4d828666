// What one arena answer costs: the invokes the page makes and the scorings the compute worker runs
// for one keypress, with every view that follows your taste already open (Recommendations, Profile),
// on the synthetic catalogue (so it runs without ../shared). Issue 18's target: at most 2 invokes and
// at most 1 worker scoring per answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, startHarness, type Harness } from './harness.ts';
import { setUpSyntheticUser } from './synthetic-user.ts';
import { ShellPage } from './pages/shell.ts';
import { ArenaPage } from './pages/elicit.ts';
import { RecommendationsPage } from './pages/recommendations.ts';

/** Resolves once `calls` has not grown for `quietMs` (every follow-up of the answer has landed). */
async function settled(h: Harness, quietMs = 1_500): Promise<void> {
  let seen = -1;
  for (;;) {
    const now = h.calls.invokes.length + h.calls.worker.length;
    if (now === seen) return;
    seen = now;
    await new Promise((r) => setTimeout(r, quietMs));
  }
}

describe('the cost of one arena answer (synthetic)', () => {
  let h: Harness;
  let shell: ShellPage;
  let arena: ArenaPage;
  beforeAll(async () => {
    h = await startHarness({
      beforeLoad: (s) => setUpSyntheticUser(s),
    });
    shell = new ShellPage(h.page);
    arena = new ArenaPage(h.page);
  });
  afterAll(async () => {
    await h?.close();
    await closeBrowser();
  });

  // Before issue 18's narrow events one answer cost 9-16 invokes and 2-3 scorings.
  it('costs at most 2 invokes and at most 1 worker scoring', async () => {
    await shell.open('recommendations');
    await expect
      .poll(() => new RecommendationsPage(h.page).cards().count(), { timeout: 30_000 })
      .toBeGreaterThan(3);
    await shell.open('profile');
    await shell.open('arena');
    await expect.poll(() => arena.pair().count(), { timeout: 30_000 }).toBe(1);
    await settled(h);
    const answered = async () => Number(/(\d+) answered/.exec(await arena.counts().innerText())![1]);
    const costs: { invokes: string[]; scorings: number }[] = [];
    for (const [n, key] of [
      [1, 'ArrowLeft'],
      [2, 'ArrowRight'],
    ] as const) {
      h.calls.invokes.length = 0;
      h.calls.worker.length = 0;
      await arena.press(key);
      await expect.poll(answered).toBe(n);
      await settled(h);
      costs.push({
        invokes: [...h.calls.invokes],
        scorings: h.calls.worker.filter((t) => t === 'recommend/score').length,
      });
    }
    console.log(`[arena-cost] per answer: ${JSON.stringify(costs)}`);
    for (const c of costs) {
      expect(c.invokes.length).toBeLessThanOrEqual(2);
      expect(c.scorings).toBeLessThanOrEqual(1);
    }
  });
});
