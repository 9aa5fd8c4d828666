// Transport-agnostic invoke dispatch: validate the channel name, parse the input, run the handler,
// and always answer with an envelope. Electron's ipcMain and the e2e harness both call this.
import type { Envelope, InputOf, InvokeChannel, OutputOf } from './contract.ts';
import { invokeChannels } from './contract.ts';
import { inputSchemas } from './schemas.ts';
import { toErrorShape } from '../errors.ts';

export type Handlers = {
  [C in InvokeChannel]: (input: InputOf<C>) => OutputOf<C> | Promise<OutputOf<C>>;
};

const known = new Set<string>(invokeChannels);

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && known.has(name);
}

export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  raw: unknown,
): Promise<Envelope<unknown>> {
  if (!isInvokeChannel(channel)) {
    return {
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL', message: `Unknown IPC channel: ${String(channel)}` },
    };
  }
  const parsed = inputSchemas[channel].safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((i) => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`)
      .join('; ');
    return {
      ok: false,
      error: { code: 'INVALID_INPUT', message: `Invalid input for ${channel}: ${detail}` },
    };
  }
  try {
    const handler = handlers[channel] as (input: unknown) => unknown;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    return { ok: false, error: toErrorShape(err) };
  }
}
