/**
 * A seeded pseudo-random generator (mulberry32: 32-bit state, period 2^32), so a baseline trained
 * twice from the same rows and seed is the same baseline, bit for bit. Domain code takes its
 * randomness from here, never from Math.random (CONVENTIONS.md #2).
 */
export type Prng = {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
};

/**
 * @example
 * const rng = createPrng(42); rng.next(); // always the same first number for seed 42
 */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n) };
}

/** A standard normal draw (Box-Muller), for test-data generators. */
export function normal(rng: Prng): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * `k` distinct indices of `0..n-1` chosen uniformly (partial Fisher-Yates), in ascending order so the
 * sample does not depend on how the caller iterates.
 */
export function sampleIndices(n: number, k: number, rng: Prng): number[] {
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  const picked = new Map<number, number>();
  const out: number[] = [];
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    const vj = picked.get(j) ?? j;
    picked.set(j, picked.get(i) ?? i);
    out.push(vj);
  }
  return out.sort((a, b) => a - b);
}
