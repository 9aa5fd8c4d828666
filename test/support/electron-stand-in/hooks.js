// `node --import ./hooks.js out/main/index.js`: resolves the bare specifier `electron` to the
// stand-in (Node's module.registerHooks, synchronous and in-thread).
import { registerHooks } from 'node:module';

const standIn = new URL('./electron.js', import.meta.url).href;
registerHooks({
  resolve(specifier, context, next) {
    if (specifier === 'electron') return { url: standIn, format: 'module', shortCircuit: true };
    return next(specifier, context);
  },
});
