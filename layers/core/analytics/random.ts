/** Seeded pseudo-random numbers for the pure core (no Math.random): mulberry32. */

/** A generator of uniform numbers in [0, 1). */
export type UniformRandom = () => number;

/**
 * mulberry32 (Tommy Ettinger): a 32-bit state generator, fast, with period 2^32 — ample for
 * bootstrap resampling. The same seed gives the same sequence on every platform.
 */
export function mulberry32(seed: number): UniformRandom {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
