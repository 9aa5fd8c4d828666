// Seeded PRNG for everything random in training (split, shuffle, initial values). Only TypeScript
// draws random numbers: the native kernel receives the shuffled data and initial state, so both
// backends see exactly the same numbers for a seed.

/** mulberry32: tiny, fast, full 32-bit period, good enough for shuffles and initial values. */
export function createRng(seed: number): () => number {
  let a = (seed >>> 0) ^ 0x6d2b79f5;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draw (Box-Muller). */
export function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}
