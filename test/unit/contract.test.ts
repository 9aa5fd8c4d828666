// Pins the IPC contract's types (checked by `npm run typecheck`) and its runtime name lists.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  eventChannels,
  invokeChannels,
  type EventMap,
  type InputOf,
  type OutputOf,
  type ReeltasteApi,
} from '../../main/ipc/contract.ts';
import type { AppStatus } from '../../main/status/types.ts';
import type { JobSnapshot } from '../../main/jobs/types.ts';
import type { Settings } from '../../main/settings/types.ts';
import { inputSchemas } from '../../main/ipc/schemas.ts';
import { buildApi } from '../../preload/bridge.ts';

describe('IPC contract', () => {
  it('types each channel', () => {
    expectTypeOf<OutputOf<'app/status'>>().toEqualTypeOf<AppStatus>();
    expectTypeOf<InputOf<'jobs/cancel'>>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<InputOf<'settings/update'>>().toEqualTypeOf<Partial<Settings>>();
    expectTypeOf<EventMap['jobs/changed']>().toEqualTypeOf<JobSnapshot>();
    expectTypeOf<ReeltasteApi['invoke']>().parameter(0).toEqualTypeOf<(typeof invokeChannels)[number]>();
  });

  it('has a zod schema for exactly the listed channels, and unique names', () => {
    expect(Object.keys(inputSchemas).sort()).toEqual([...invokeChannels].sort());
    expect(new Set(invokeChannels).size).toBe(invokeChannels.length);
    expect(new Set(eventChannels).size).toBe(eventChannels.length);
    for (const c of invokeChannels) expect(c).toMatch(/^[a-z]+\/[a-zA-Z]+$/);
  });

  it('the bridge refuses channels outside the contract before anything is sent', async () => {
    const sent: string[] = [];
    const api = buildApi(invokeChannels, eventChannels, {
      invoke: async (c) => {
        sent.push(c);
        return { ok: true, value: null };
      },
      subscribe: () => () => {},
      pathForFile: () => '',
    });
    await expect(api.invoke('nope/never' as 'app/status', undefined)).rejects.toThrow(
      'Unknown IPC channel: nope/never',
    );
    expect(() => api.on('nope' as 'jobs/changed', () => {})).toThrow('Unknown event channel');
    await api.invoke('app/status', undefined);
    expect(sent).toEqual(['app/status']);
    expect(Object.isFrozen(api)).toBe(true);
  });
});
