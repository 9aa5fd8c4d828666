// The renderer's typed door to main: unwraps envelopes and rethrows failures as ApiError, which
// keeps its code (an Error thrown across contextBridge would lose everything but the message).
import type { EventChannel, EventMap, InputOf, InvokeChannel, OutputOf } from '../../../main/ipc/contract.ts';
import { AppError } from '../../../main/errors.ts';

/** The same error class main throws, rebuilt on this side of the bridge. */
export { AppError as ApiError };

type Args<C extends InvokeChannel> = InputOf<C> extends void ? [] : [input: InputOf<C>];

export async function invoke<C extends InvokeChannel>(channel: C, ...args: Args<C>): Promise<OutputOf<C>> {
  const envelope = await window.api.invoke(channel, args[0] as InputOf<C>);
  if (!envelope.ok) throw new AppError(envelope.error.code, envelope.error.message);
  return envelope.value;
}

export function on<E extends EventChannel>(event: E, listener: (payload: EventMap[E]) => void): () => void {
  return window.api.on(event, listener);
}
