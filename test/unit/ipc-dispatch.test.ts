// Main parses every IPC input before a handler sees it; bad payloads come back as clear errors.
import { describe, expect, it, vi } from 'vitest';
import { dispatch, type Handlers } from '../../main/ipc/dispatch.ts';
import { invokeChannels } from '../../main/ipc/contract.ts';
import { AppError } from '../../main/errors.ts';

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const base = Object.fromEntries(invokeChannels.map((c) => [c, vi.fn(() => ({ channel: c }))]));
  return { ...base, ...overrides } as unknown as Handlers;
}

describe('dispatch', () => {
  it('rejects an invalid payload in main with a message naming the channel and field', async () => {
    const h = handlers();
    const res = await dispatch(h, 'jobs/cancel', { id: 42 });
    expect(res).toEqual({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/^Invalid input for jobs\/cancel: id: .*string/),
      },
    });
    expect(h['jobs/cancel']).not.toHaveBeenCalled();
  });

  it('rejects unknown extra fields (strict objects) and wrong enum values', async () => {
    const h = handlers();
    const extra = await dispatch(h, 'jobs/cancel', { id: 'a', evil: true });
    expect(extra.ok).toBe(false);
    const theme = await dispatch(h, 'settings/update', { theme: 'purple' });
    expect(theme).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('theme') },
    });
    expect(h['settings/update']).not.toHaveBeenCalled();
  });

  it('rejects channel names outside the contract', async () => {
    const res = await dispatch(handlers(), 'fs/readFile', { path: '/etc/passwd' });
    expect(res).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL', message: 'Unknown IPC channel: fs/readFile' },
    });
  });

  it('passes the parsed input to the handler and wraps its value', async () => {
    const h = handlers({ 'jobs/cancel': ({ id }) => ({ cancelled: id === 'x' }) });
    expect(await dispatch(h, 'jobs/cancel', { id: 'x' })).toEqual({ ok: true, value: { cancelled: true } });
    expect(await dispatch(h, 'app/status', undefined)).toMatchObject({ ok: true });
  });

  it('turns thrown errors into {code, message}', async () => {
    const h = handlers({
      'app/status': () => {
        throw new AppError('NO_DATA', 'No datasets.');
      },
      'jobs/list': () => {
        throw new Error('boom');
      },
    });
    expect(await dispatch(h, 'app/status', undefined)).toEqual({
      ok: false,
      error: { code: 'NO_DATA', message: 'No datasets.' },
    });
    expect(await dispatch(h, 'jobs/list', undefined)).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'boom' },
    });
  });
});
