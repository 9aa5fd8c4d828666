// One progress rule for the registry and the worker: at most one report per interval, the latest
// held one sent when it ends; one ETA and one way to say it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { etaSeconds, formatEta, Throttle } from '../../main/jobs/progress.ts';

describe('job progress', () => {
  afterEach(() => vi.useRealTimers());

  it('sends the first report at once and the latest held one when the interval ends', () => {
    vi.useFakeTimers();
    const sent: number[] = [];
    const t = new Throttle<number>(
      (v) => sent.push(v),
      100,
      () => Date.now(),
    );
    t.push(1);
    t.push(2);
    t.push(3);
    expect(sent).toEqual([1]);
    vi.advanceTimersByTime(100);
    expect(sent).toEqual([1, 3]);
    t.push(4);
    t.cancel();
    vi.advanceTimersByTime(200);
    expect(sent).toEqual([1, 3]);
  });

  it('estimates and words the time left', () => {
    expect(etaSeconds(10, 0.25)).toBeCloseTo(30);
    expect(etaSeconds(10, 0.005)).toBeUndefined();
    expect(formatEta(undefined)).toBe('');
    expect(formatEta(0.2)).toBe('1 s left');
    expect(formatEta(59.5)).toBe('1 min 0 s left');
    expect(formatEta(185)).toBe('3 min 5 s left');
  });
});
