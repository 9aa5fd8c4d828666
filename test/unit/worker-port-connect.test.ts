// A compute window that never loads, fails to load or dies before taking its port must not leave
// the worker's port request waiting (main/worker/port-connect.ts).
import { describe, expect, it } from 'vitest';
import { connectWithin } from '../../main/worker/port-connect.ts';

const port = () => ({
  closed: false,
  close() {
    this.closed = true;
  },
});

describe('connectWithin', () => {
  it('a page that never loads is given up within the deadline', async () => {
    const t0 = Date.now();
    await expect(connectWithin(() => new Promise<ReturnType<typeof port>>(() => {}), 50)).rejects.toThrow(
      /no answer within/,
    );
    expect(Date.now() - t0).toBeLessThan(1_000);
  });

  it('a load failure is passed on at once', async () => {
    await expect(connectWithin(() => Promise.reject(new Error('ERR_FILE_NOT_FOUND')), 5_000)).rejects.toThrow(
      'ERR_FILE_NOT_FOUND',
    );
  });

  it('a port in time is handed over; one that comes too late is closed, not leaked', async () => {
    const p = port();
    await expect(connectWithin(async () => p, 1_000)).resolves.toBe(p);
    const late = port();
    await expect(
      connectWithin(() => new Promise<typeof late>((r) => setTimeout(() => r(late), 60)), 20),
    ).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 80));
    expect(late.closed).toBe(true);
  });
});
