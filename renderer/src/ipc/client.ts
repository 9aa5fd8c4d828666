// The renderer's typed door to main: unwraps envelopes and rethrows failures as ApiError, which
// keeps its code (an Error thrown across contextBridge would lose everything but the message).
import type { ErrorCode, EventChannel, EventMap, InputOf, InvokeChannel, OutputOf } from '../../../main/ipc/contract.ts';

export class ApiError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

type Args<C extends InvokeChannel> = InputOf<C> extends void ? [] : [input: InputOf<C>];

export async function invoke<C extends InvokeChannel>(channel: C, ...args: Args<C>): Promise<OutputOf<C>> {
  const envelope = await window.api.invoke(channel, args[0] as InputOf<C>);
  if (!envelope.ok) throw new ApiError(envelope.error.code, envelope.error.message);
  return envelope.value;
}

export function on<E extends EventChannel>(event: E, listener: (payload: EventMap[E]) => void): () => void {
  return window.api.on(event, listener);
}
