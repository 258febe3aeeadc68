import {
  bootstrapInterval,
  defaultMeanBlockLength,
  mean,
  mulberry32,
  sharpeRatio,
  stationaryBootstrapIndices,
} from '../../../../layers/core/analytics';

/** SYNTHETIC data: iid normal returns by Box–Muller from a seeded mulberry32. */
function normalReturns(n: number, mu: number, sigma: number, seed: number): Float64Array {
  const rand = mulberry32(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    const u = 1 - rand();
    const v = rand();
    out[i] = mu + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  return out;
}

const sharpe252 = (r: Float64Array): number => sharpeRatio(r, { periodsPerYear: 252 });

describe('mulberry32 and the stationary bootstrap', () => {
  it('same seed gives the same sequence; uniform mean ≈ 1/2 and values in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 100_000 }, () => a());
    expect(Array.from({ length: 100_000 }, () => b())).toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(Math.abs(mean(xs) - 0.5)).toBeLessThan(0.005); // SE = 1/√(12·1e5) ≈ 0.0009
  });

  it('blocks have geometric lengths with the requested mean (within 10 %)', () => {
    const idx = new Int32Array(200_000);
    stationaryBootstrapIndices(1_000_000, 5, mulberry32(1), idx);
    let breaks = 0;
    for (let i = 1; i < idx.length; i += 1) if (idx[i] !== ((idx[i - 1] ?? 0) + 1) % 1_000_000) breaks += 1;
    const meanBlock = idx.length / (breaks + 1);
    expect(Math.abs(meanBlock - 5) / 5).toBeLessThan(0.1);
    expect(defaultMeanBlockLength(1000)).toBe(10);
    expect(defaultMeanBlockLength(1)).toBe(1);
  });
});

describe('bootstrap Sharpe interval', () => {
  const opts = { resamples: 500, seed: 9, level: 0.95, meanBlockLength: 10 };

  it('is deterministic for a seed and changes with the seed', () => {
    const r = normalReturns(500, 0.0005, 0.01, 1);
    const a = bootstrapInterval(r, sharpe252, opts);
    const b = bootstrapInterval(r, sharpe252, opts);
    expect(b).toEqual(a);
    expect(a.lower).toBeLessThan(a.estimate);
    expect(a.upper).toBeGreaterThan(a.estimate);
    expect(bootstrapInterval(r, sharpe252, { ...opts, seed: 10 }).lower).not.toBe(a.lower);
  });

  it('SYNTHETIC coverage: the interval contains the true Sharpe for a clear majority of seeds', () => {
    // True annual Sharpe = 0.0005 / 0.01 · √252 ≈ 0.794. Nominal 95 %; require ≥ 80 % of 40 seeds.
    const truth = (0.0005 / 0.01) * Math.sqrt(252);
    let covered = 0;
    const seeds = 40;
    for (let seed = 1; seed <= seeds; seed += 1) {
      const r = normalReturns(500, 0.0005, 0.01, 1000 + seed);
      const ci = bootstrapInterval(r, sharpe252, { resamples: 200, seed, level: 0.95, meanBlockLength: defaultMeanBlockLength(500) });
      if (ci.lower <= truth && truth <= ci.upper) covered += 1;
    }
    expect(covered / seeds).toBeGreaterThanOrEqual(0.8);
  });

  it('widens as the sample shrinks (SE of an annual Sharpe ∝ 1/√n)', () => {
    for (const seed of [1, 2, 3]) {
      const long = normalReturns(2000, 0.0005, 0.01, seed);
      const short = long.subarray(0, 200);
      const wLong = bootstrapInterval(long, sharpe252, opts);
      const wShort = bootstrapInterval(short, sharpe252, opts);
      const ratio = (wShort.upper - wShort.lower) / (wLong.upper - wLong.lower);
      // Expected ≈ √(2000/200) ≈ 3.16; allow a broad band.
      expect(ratio).toBeGreaterThan(2);
      expect(ratio).toBeLessThan(5);
    }
  });

  it('fewer than 2 observations give NaN bounds', () => {
    const ci = bootstrapInterval([0.01], sharpe252, opts);
    expect(ci.lower).toBeNaN();
    expect(ci.upper).toBeNaN();
  });
});

describe('bootstrap accuracy interval (iid, mean block length 1)', () => {
  it('width matches the normal approximation 2·1.96·√(p(1−p)/n) within 15 %', () => {
    const rand = mulberry32(77);
    const hits = Float64Array.from({ length: 600 }, () => (rand() < 0.6 ? 1 : 0));
    const p = mean(hits);
    const ci = bootstrapInterval(hits, (s) => mean(s), { resamples: 2000, seed: 5, level: 0.95, meanBlockLength: 1 });
    const normalWidth = 2 * 1.959964 * Math.sqrt((p * (1 - p)) / hits.length);
    expect(Math.abs(ci.upper - ci.lower - normalWidth) / normalWidth).toBeLessThan(0.15);
    expect(ci.lower).toBeLessThan(p);
    expect(ci.upper).toBeGreaterThan(p);
    expect(ci.lower).toBeGreaterThanOrEqual(0);
    expect(ci.upper).toBeLessThanOrEqual(1);
  });
});
