import { drawdowns, mulberry32 } from '../../../../layers/core/analytics';
import {
  blockBootstrapDrawdowns,
  maxDrawdownOfPnl,
  maxDrawdownOfReturns,
  tradeShuffleDrawdowns,
} from '../../../../layers/core/research';
import { standardNormal } from '../../../../layers/core/risk-metrics';

function permutations(xs: number[]): number[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

describe('maximum drawdown helpers', () => {
  it('agree with analytics drawdowns() on a compounded path and by hand on a P&L path', () => {
    const gauss = standardNormal(mulberry32(1));
    const r = Float64Array.from({ length: 300 }, () => 0.0003 + 0.012 * gauss());
    const equity = [1];
    for (const x of r) equity.push((equity[equity.length - 1] ?? NaN) * (1 + x));
    const ref = drawdowns(equity.map((_, i) => i), equity).maxDrawdown;
    expect(maxDrawdownOfReturns(r)).toBeCloseTo(ref, 14);
    // 100 → 110 → 88 → 99: peak 110, trough 88 → 20 %.
    expect(maxDrawdownOfPnl([10, -22, 11], 100)).toBeCloseTo(0.2, 15);
    expect(maxDrawdownOfReturns([0.5, -1.2])).toBe(1);
  });
});

describe('trade-order shuffle', () => {
  const trades = [0.1, -0.1, -0.05, 0.2, -0.08];

  it('converges to the exact distribution over all 120 orders', () => {
    const exact = permutations(trades).map(maxDrawdownOfReturns);
    const exactMean = exact.reduce((s, x) => s + x, 0) / exact.length;
    const exactTail = exact.filter((x) => x >= 0.2).length / exact.length;
    const d = tradeShuffleDrawdowns(trades, { resamples: 4000, seed: 42 });
    // Standard error of the mean ≤ 0.2 / √4000 ≈ 0.003; of a share ≤ 0.008.
    expect(Math.abs(d.mean - exactMean)).toBeLessThan(0.01);
    expect(Math.abs(d.samples.filter((x) => x >= 0.2).length / 4000 - exactTail)).toBeLessThan(0.025);
    expect(d.observed).toBeCloseTo(maxDrawdownOfReturns(trades), 15);
    expect(d.samples[0]).toBeGreaterThanOrEqual(Math.min(...exact));
    expect(d.samples[d.samples.length - 1]).toBeLessThanOrEqual(Math.max(...exact) + 1e-15);
    expect(d.quantiles.map((q) => q.level)).toEqual([0.05, 0.25, 0.5, 0.75, 0.95, 0.99]);
  });

  it('is deterministic per seed, and P&L mode matches a hand path', () => {
    const a = tradeShuffleDrawdowns(trades, { resamples: 50, seed: 7 });
    const b = tradeShuffleDrawdowns(trades, { resamples: 50, seed: 7 });
    expect(Array.from(a.samples)).toEqual(Array.from(b.samples));
    const p = tradeShuffleDrawdowns([10, -22, 11], { resamples: 10, seed: 1, compounding: 'pnl', startEquity: 100 });
    expect(p.observed).toBeCloseTo(0.2, 15);
    // Worst order: −22 first from the 100 peak → 22 %; best: 10, 11 then −22 → 22/121.
    expect(p.samples[9]).toBeLessThanOrEqual(0.22 + 1e-12);
    expect(p.samples[0]).toBeGreaterThanOrEqual(22 / 121 - 1e-12);
  });
});

describe('stationary block bootstrap of returns', () => {
  it('iid bootstrap of an iid series has the drawdown distribution of fresh draws (medians within 15 %)', () => {
    const gauss = standardNormal(mulberry32(3));
    const n = 250;
    const r = Float64Array.from({ length: n }, () => 0.0004 + 0.01 * gauss());
    const boot = blockBootstrapDrawdowns(r, { resamples: 800, seed: 9, meanBlockLength: 1 });
    const fresh = new Float64Array(800);
    const path = new Float64Array(n);
    // Fresh paths from the sample's own mean and std, so only the resampling is being compared.
    const m = r.reduce((s, x) => s + x, 0) / n;
    const sd = Math.sqrt(r.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1));
    for (let b = 0; b < fresh.length; b += 1) {
      for (let i = 0; i < n; i += 1) path[i] = m + sd * gauss();
      fresh[b] = maxDrawdownOfReturns(path);
    }
    fresh.sort();
    const median = (xs: Float64Array) => xs[Math.floor(xs.length / 2)] ?? NaN;
    expect(median(boot.samples) / median(fresh)).toBeGreaterThan(0.85);
    expect(median(boot.samples) / median(fresh)).toBeLessThan(1.15);
    expect(boot.meanBlockLength).toBe(1);
  });

  it('long blocks keep momentum: a trending series shows deeper bootstrap drawdowns with blocks than iid', () => {
    // AR(1) returns with φ = 0.6: losses cluster, so iid resampling understates drawdowns.
    const gauss = standardNormal(mulberry32(4));
    const r = new Float64Array(400);
    let prev = 0;
    for (let i = 0; i < r.length; i += 1) {
      prev = 0.6 * prev + 0.01 * gauss();
      r[i] = prev + 0.0005;
    }
    const iid = blockBootstrapDrawdowns(r, { resamples: 400, seed: 5, meanBlockLength: 1 });
    const blocks = blockBootstrapDrawdowns(r, { resamples: 400, seed: 5, meanBlockLength: 20 });
    const q = (d: typeof iid, level: number) => d.quantiles.find((x) => x.level === level)?.value ?? NaN;
    expect(q(blocks, 0.5)).toBeGreaterThan(1.3 * q(iid, 0.5));
    expect(blockBootstrapDrawdowns(r, { resamples: 5, seed: 1 }).meanBlockLength).toBe(Math.round(Math.cbrt(400)));
  });
});
