import { smaAdd, smaBatch, smaInit, smaIsStable, smaResult, type SmaState } from '../../../../layers/core/indicators';
import { mulberry32 } from '../../../../layers/core/analytics/random';

/** Independent reference: the textbook definition, each window summed afresh with Array.reduce. */
function referenceSma(values: readonly number[], window: number): (number | undefined)[] {
  return values.map((_, i) => {
    if (i < window - 1) return undefined;
    const slice = values.slice(i - window + 1, i + 1);
    return slice.reduce((a, b) => a + b, 0) / window;
  });
}

/** Deterministic pseudo-random walk (mulberry32) so the test needs no fixtures. */
function randomWalk(n: number, seed: number): number[] {
  const rand = mulberry32(seed);
  const out: number[] = [];
  let price = 100;
  for (let i = 0; i < n; i += 1) {
    price *= 1 + (rand() - 0.5) * 0.01;
    out.push(price);
  }
  return out;
}

describe('SMA', () => {
  it('matches the closed form on an arithmetic series', () => {
    // SMA_k of 1..n at i is the mean of (i-k+2 .. i+1) = i + 1 - (k-1)/2.
    const input = Float64Array.from({ length: 50 }, (_, i) => i + 1);
    const out = smaBatch(input, 5);
    expect(Number.isNaN(out[3])).toBe(true);
    for (let i = 4; i < 50; i += 1) expect(out[i]).toBeCloseTo(i + 1 - 2, 12);
  });

  it('streaming, batch and the reference agree (relative tolerance 1e-12)', () => {
    const prices = randomWalk(2000, 42);
    for (const window of [1, 3, 10, 50]) {
      const batch = smaBatch(Float64Array.from(prices), window);
      const ref = referenceSma(prices, window);
      let state: SmaState = smaInit(window);
      prices.forEach((p, i) => {
        state = smaAdd(state, p);
        const streaming = smaResult(state);
        const expected = ref[i];
        if (expected === undefined) {
          expect(streaming).toBeUndefined();
          expect(Number.isNaN(batch[i])).toBe(true);
        } else {
          expect(Math.abs((streaming ?? Number.NaN) - expected) / expected).toBeLessThan(1e-12);
          expect(Math.abs((batch[i] ?? Number.NaN) - expected) / expected).toBeLessThan(1e-12);
        }
      });
    }
  });

  it('has JSON-serialisable state that resumes identically', () => {
    const prices = randomWalk(100, 7);
    let uninterrupted = smaInit(20);
    let resumed = smaInit(20);
    prices.forEach((p, i) => {
      uninterrupted = smaAdd(uninterrupted, p);
      resumed = JSON.parse(JSON.stringify(smaAdd(resumed, p))) as SmaState;
      if (i === 18) expect(smaIsStable(resumed)).toBe(false);
      if (i === 19) expect(smaIsStable(resumed)).toBe(true);
    });
    expect(smaResult(resumed)).toBe(smaResult(uninterrupted));
    expect(resumed.values).toHaveLength(20);
  });

  it('rejects bad windows and inputs', () => {
    expect(() => smaInit(0)).toThrow(RangeError);
    expect(() => smaBatch(new Float64Array(3), 1.5)).toThrow(RangeError);
    expect(() => smaAdd(smaInit(2), Number.NaN)).toThrow(RangeError);
  });
});
