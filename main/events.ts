// How services push events without knowing the transport (Electron webContents, the e2e page, or
// nothing at all in the CLI), and the map of every event to its payload. The map is composed from
// parts: the bottom's events here, and each domain's in its types.ts (declaration merging), so this
// file names no domain.
import type { DropResult } from './files/types.ts';
import type { JobSnapshot } from './jobs/types.ts';

export interface EventMap {
  /** A job started, progressed (at most ~10 Hz) or finished. */
  'jobs/changed': JobSnapshot;
  /** Files opened from the menu were routed (drops answer their invoke directly). */
  'files/routed': DropResult;
}

export type EventChannel = keyof EventMap & string;

export interface EventSink {
  emit<E extends EventChannel>(event: E, payload: EventMap[E]): void;
}

export const silentSink: EventSink = { emit() {} };

/** Fan one emit out to many sinks (e.g. every open window). */
export class EventHub implements EventSink {
  private readonly sinks = new Set<EventSink>();
  add(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }
  emit<E extends EventChannel>(event: E, payload: EventMap[E]): void {
    for (const sink of this.sinks) sink.emit(event, payload);
  }
  /** Listens to one event, its payload typed by the contract; returns the unsubscribe. */
  on<E extends EventChannel>(event: E, listener: (payload: EventMap[E]) => void): () => void {
    return this.add({
      emit(name: EventChannel, payload: unknown) {
        // The contract pairs each name with its payload type, so this name fixes the payload's.
        if (name === event) listener(payload as EventMap[E]);
      },
    });
  }
}
