// The e2e harness copies every invoke result and event payload as Electron's IPC does.
import { describe, expect, it } from 'vitest';
import { ipcCopy } from '../e2e/ipc-copy.ts';

describe('ipcCopy', () => {
  it('refuses what Electron cannot send', () => {
    expect(() => ipcCopy({ ok: true, value: { cancel: () => {} } })).toThrow(/could not send/);
    expect(() => ipcCopy({ ok: true, value: Promise.resolve(1) })).toThrow(/could not send/);
  });
  it('keeps data, drops prototypes as a clone does', () => {
    class Job {
      id = 'a';
      get label() {
        return 'x';
      }
    }
    const copy = ipcCopy({ when: new Date(0), job: new Job(), bytes: new Uint8Array([1]) });
    expect(copy.when).toEqual(new Date(0));
    expect(copy.job).toEqual({ id: 'a' });
    expect(Object.getPrototypeOf(copy.job)).toBe(Object.prototype);
    expect(copy.bytes).toEqual(new Uint8Array([1]));
  });
});
