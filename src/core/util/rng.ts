// Seeded pseudo-random numbers: the same seed gives the same sequence in Node, workers and the
// browser (mulberry32: 32-bit state, good enough for test data). Used by production code (training
// shuffles, compare's sampling) as well as by tests, goldens and benchmarks, hence here and not in
// core/testing. Goldens regenerate their inputs from seeds: the sequence must never change.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** A Float32Array of n values uniform in [lo, hi). */
  floats(n: number, lo?: number, hi?: number): Float32Array;
}

export function makeRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const uniform = (lo: number, hi: number): number => lo + (hi - lo) * next();
  return {
    next,
    uniform,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    normal: () => {
      const u = Math.max(next(), 1e-12);
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    floats: (n, lo = -1, hi = 1) => {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = uniform(lo, hi);
      return out;
    },
  };
}
