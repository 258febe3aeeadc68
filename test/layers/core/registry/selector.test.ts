import {
  binomialCdf,
  DEFAULT_HIT_RATE_POLICY,
  DEFAULT_SELECTOR_POLICY,
  registerCandidate,
  SEED_HIT_RATE_THRESHOLD,
  selectStrategies,
  testHitRate,
  type RegistryEntry,
  type StrategyState,
} from '../../../../layers/core/registry';
import type { OutOfSampleMetrics } from '../../../../layers/core/research';
import type { RegimeLabel } from '../../../../layers/core/regime';

/** Independent reference: exact rational P(X ≤ k) for p = 1/2 with BigInt binomial coefficients. */
function halfCdfExact(k: number, n: number): number {
  let c = 1n;
  let sum = 0n;
  for (let i = 0; i <= k; i++) {
    if (i > 0) c = (c * BigInt(n - i + 1)) / BigInt(i);
    sum += c;
  }
  return Number(sum) / 2 ** n;
}

/** Independent reference: naive sum of C(n,i) p^i (1-p)^(n-i) with a multiplicative C (small n only). */
function naiveCdf(k: number, n: number, p: number): number {
  let total = 0;
  for (let i = 0; i <= k; i++) {
    let c = 1;
    for (let j = 1; j <= i; j++) c = (c * (n - i + j)) / j;
    total += c * p ** i * (1 - p) ** (n - i);
  }
  return total;
}

const outcomes = (hits: number, trials: number): boolean[] => [...Array(trials)].map((_, i) => i < hits);

describe('binomialCdf', () => {
  it('matches hand values and exact rationals', () => {
    expect(binomialCdf(2, 10, 0.5)).toBeCloseTo(56 / 1024, 14);
    expect(binomialCdf(5, 20, 0.5)).toBeCloseTo(21700 / 1048576, 14);
    for (const k of [0, 7, 18, 25, 49]) expect(binomialCdf(k, 50, 0.5)).toBeCloseTo(halfCdfExact(k, 50), 12);
    for (const [k, n, p] of [[34, 40, 0.95], [10, 40, 0.5], [3, 12, 0.3], [60, 100, 0.7]] as const) {
      expect(Math.abs(binomialCdf(k, n, p) - naiveCdf(k, n, p))).toBeLessThan(1e-12);
    }
  });

  it('handles the edges', () => {
    expect(binomialCdf(-1, 10, 0.5)).toBe(0);
    expect(binomialCdf(10, 10, 0.5)).toBe(1);
    expect(binomialCdf(3, 10, 0)).toBe(1);
    expect(binomialCdf(9, 10, 1)).toBe(0);
    expect(() => binomialCdf(1, 10, 1.5)).toThrow(RangeError);
  });
});

describe('testHitRate (one-sided exact binomial)', () => {
  it('defaults: threshold 0.5, alpha 0.05, at least 30 calls, last 100', () => {
    expect(DEFAULT_HIT_RATE_POLICY).toEqual({ threshold: 0.5, alpha: 0.05, minTrials: 30, window: 100 });
  });

  it('demotes 10/40 (p ≈ 0.0011) but not 18/40 (p ≈ 0.32) against 0.5', () => {
    const bad = testHitRate(outcomes(10, 40));
    expect(bad).toMatchObject({ hits: 10, trials: 40, hitRate: 0.25, belowThreshold: true });
    expect(bad.pValue).toBeCloseTo(halfCdfExact(10, 40), 12);
    const meh = testHitRate(outcomes(18, 40));
    expect(meh.belowThreshold).toBe(false);
    expect(meh.pValue).toBeCloseTo(halfCdfExact(18, 40), 12);
  });

  it('gives no verdict under minTrials, however bad', () => {
    const few = testHitRate(outcomes(0, 29));
    expect(few.belowThreshold).toBe(false);
    expect(few.pValue).toBeNaN();
  });

  it('tests only the most recent window', () => {
    // 100 old misses, then 100 calls at 60 %: only the recent 100 count.
    const series = [...outcomes(0, 100), ...[...Array(100)].map((_, i) => i % 5 < 3)];
    expect(testHitRate(series)).toMatchObject({ hits: 60, trials: 100, belowThreshold: false });
  });

  it("the seed's 95 % as a setting demotes a strategy right 85 % of the time", () => {
    const seed = testHitRate(outcomes(34, 40), { ...DEFAULT_HIT_RATE_POLICY, threshold: SEED_HIT_RATE_THRESHOLD });
    expect(seed.pValue).toBeCloseTo(naiveCdf(34, 40, 0.95), 12);
    expect(seed.belowThreshold).toBe(true);
    expect(testHitRate(outcomes(34, 40)).belowThreshold).toBe(false);
  });
});

describe('selectStrategies', () => {
  const T = Date.UTC(2024, 0, 2);
  const entry = (strategyId: string, state: StrategyState, regimes: RegimeLabel[] = [], version = 3): RegistryEntry => ({
    ...registerCandidate({ strategyId, family: 'sma-crossover', params: {}, symbols: ['SPY'], regimes, source: 'test' }, T),
    state,
    version,
  });
  const m = (sharpe: number, deflatedSharpe?: number): OutOfSampleMetrics => ({ sample: 'out-of-sample', sharpe, ...(deflatedSharpe !== undefined ? { deflatedSharpe } : {}) });

  const entries = [
    entry('A', 'live'),
    entry('B', 'live', ['bull-quiet', 'bull-volatile']),
    entry('C', 'live', ['bear-volatile']),
    entry('D', 'live', [], 7),
    entry('E', 'paper'),
    entry('F', 'paper'),
    entry('G', 'candidate'),
    entry('H', 'paper'),
    entry('I', 'paper'),
    entry('J', 'retired'),
  ];
  const recentMetrics = { A: m(1.2), B: m(2.0), C: m(3.0), D: m(1.5), E: m(0.8, 0.9), F: m(-0.2), G: m(5), I: m(0.8, 0.99), J: m(9) };
  const liveHitSeries = { A: outcomes(22, 40), B: outcomes(20, 40), C: outcomes(25, 40), D: outcomes(10, 40) };

  it('hand case: regime filter, Sharpe ranking with deflated-Sharpe ties, demotion of a failing live strategy', () => {
    const s = selectStrategies({ entries, regime: 'bull-quiet', recentMetrics, liveHitSeries });
    expect(s.regimeFiltered).toBe(true);
    expect(s.active).toEqual([
      { strategyId: 'B', state: 'live', rank: 1, sharpe: 2.0 },
      { strategyId: 'A', state: 'live', rank: 2, sharpe: 1.2 },
      { strategyId: 'I', state: 'paper', rank: 1, sharpe: 0.8 },
      { strategyId: 'E', state: 'paper', rank: 2, sharpe: 0.8 },
    ]);
    expect(s.demotions).toHaveLength(1);
    expect(s.demotions[0]).toMatchObject({ strategyId: 'D', expectedVersion: 7, request: { to: 'paper', evidence: { kind: 'hit-rate-demotion', test: { hits: 10, trials: 40, belowThreshold: true } } } });
    const reasons = Object.fromEntries(s.excluded.map((x) => [x.strategyId, x.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['C', 'D', 'F', 'H']);
    expect(reasons['C']).toBe('regime bull-quiet is not one of bear-volatile');
    expect(reasons['D']).toMatch(/^demoted: live hit rate 10\/40 is below 0.5/);
    expect(reasons['F']).toBe('recent out-of-sample Sharpe -0.2 is below 0');
    expect(reasons['H']).toBe('no recent out-of-sample Sharpe');
  });

  it('switches to the next-ranked strategy when a live one is demoted, and respects the caps', () => {
    const s = selectStrategies({ entries, regime: undefined, recentMetrics, liveHitSeries }, { ...DEFAULT_SELECTOR_POLICY, maxLive: 1, maxPaper: 1 });
    // No regime known: C (3.0) is eligible and tops the live ranking; D is demoted, not selected.
    expect(s.regimeFiltered).toBe(false);
    expect(s.active.map((a) => `${a.state}:${a.strategyId}`)).toEqual(['live:C', 'paper:I']);
    const reasons = Object.fromEntries(s.excluded.map((x) => [x.strategyId, x.reason]));
    expect(reasons['B']).toBe('ranked 2 of the live strategies; only 1 act');
    expect(reasons['A']).toBe('ranked 3 of the live strategies; only 1 act');
    expect(reasons['E']).toBe('ranked 2 of the paper strategies; only 1 act');
  });

  it("with the seed's 95 % threshold every live strategy here is demoted", () => {
    const s = selectStrategies(
      { entries, regime: 'bull-quiet', recentMetrics, liveHitSeries },
      { ...DEFAULT_SELECTOR_POLICY, hitRate: { ...DEFAULT_HIT_RATE_POLICY, threshold: SEED_HIT_RATE_THRESHOLD } },
    );
    expect(s.demotions.map((d) => d.strategyId)).toEqual(['A', 'B', 'C', 'D']);
    expect(s.active.every((a) => a.state === 'paper')).toBe(true);
  });

  it('does not demote paper strategies, or live ones with too few calls', () => {
    const s = selectStrategies({ entries: [entry('P', 'paper'), entry('L', 'live')], regime: undefined, recentMetrics: { P: m(1), L: m(1) }, liveHitSeries: { P: outcomes(0, 50), L: outcomes(0, 10) } });
    expect(s.demotions).toEqual([]);
    expect(s.active.map((a) => a.strategyId)).toEqual(['L', 'P']);
  });
});
