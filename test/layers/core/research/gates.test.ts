import { join } from 'node:path';
import { loadLeanDailyData } from '../../../../layers/adapters/files';
import { mulberry32, sharpeRatio, type ClosedTrade } from '../../../../layers/core/analytics';
import {
  DEFAULT_PROMOTION_GATES,
  deflatedSharpeOfBest,
  deflatedSharpeRatio,
  evaluateGates,
  maxDrawdownOfReturns,
  outOfSampleMetrics,
  sampleVariance,
  SEED_TARGET_GATES,
  selectPromotable,
  sharpeMoments,
  type GateSet,
  type OutOfSampleMetrics,
} from '../../../../layers/core/research';

const trade = (pnl: number): ClosedTrade => ({ entryTime: 0, exitTime: 1, entryPrice: 100, exitPrice: 100 + pnl, quantity: 1, side: 'long', pnl, fees: 0 });

describe('promotion gates: mechanics', () => {
  const good: OutOfSampleMetrics = {
    sample: 'out-of-sample',
    deflatedSharpe: 0.97,
    pbo: 0.1,
    sharpe: 1.1,
    maxDrawdown: 0.12,
    profitFactor: 1.5,
    winRate: 0.45,
    directionalAccuracy: 0.55,
  };

  it('every default gate reports value, threshold, pass and reason; a good candidate passes', () => {
    const report = evaluateGates(good);
    expect(report.passed).toBe(true);
    expect(report.results.map((r) => r.gate)).toEqual(['deflatedSharpe', 'pbo', 'sharpe', 'maxDrawdown', 'profitFactor', 'winRate', 'directionalAccuracy']);
    expect(report.results[0]).toEqual({ gate: 'deflatedSharpe', value: 0.97, threshold: 0.95, comparison: 'at-least', pass: true, reason: 'deflatedSharpe 0.97 meets ≥ 0.95' });
    expect(report.results[1]?.reason).toBe('pbo 0.1 meets ≤ 0.2');
  });

  it('fails at-most gates above and at-least gates below the threshold; equality passes', () => {
    const report = evaluateGates({ ...good, maxDrawdown: 0.3, sharpe: 0.5, pbo: 0.21 });
    expect(report.passed).toBe(false);
    expect(report.failures).toEqual(['pbo 0.21 fails ≤ 0.2', 'maxDrawdown 0.3 fails ≤ 0.25']);
  });

  it('an unmeasured or NaN metric fails its gate with "not measured"', () => {
    const { winRate: _w, ...noWinRate } = good;
    const report = evaluateGates({ ...noWinRate, profitFactor: Number.NaN });
    expect(report.failures).toEqual(['profitFactor: not measured out of sample (required ≥ 1.2)', 'winRate: not measured out of sample (required ≥ 0.35)']);
  });

  it('the seed targets are aspirational: 55 % directional accuracy passes the defaults but not the 95 % seed target', () => {
    expect(SEED_TARGET_GATES.directionalAccuracy).toEqual({ threshold: 0.95, comparison: 'at-least' });
    expect(evaluateGates(good, SEED_TARGET_GATES).failures).toEqual(['directionalAccuracy 0.55 fails ≥ 0.95']);
  });

  it('custom gate sets; zero promoted candidates is a valid outcome; an empty gate set promotes nothing', () => {
    const gates: GateSet = { sharpe: { threshold: 2, comparison: 'at-least' } };
    const { promoted, rejected } = selectPromotable([{ id: 'a', metrics: good }, { id: 'b', metrics: { ...good, sharpe: 1.9 } }], gates);
    expect(promoted).toEqual([]);
    expect(rejected.map((r) => r.id)).toEqual(['a', 'b']);
    expect(evaluateGates(good, {}).passed).toBe(false);
  });

  it('outOfSampleMetrics computes each metric from the evidence by its definition', () => {
    const returns = [0.01, -0.02, 0.015, 0.005, -0.01, 0.02];
    const m = outOfSampleMetrics({
      returns,
      trades: [trade(30), trade(-10), trade(-5), trade(20)],
      predictions: { predicted: [1, -1, 1, 1], realised: [0.5, -0.2, -0.1, 0.3] },
      selection: { trials: 10, sharpeVariance: 0.01 },
      pbo: 0.3,
    });
    expect(m.sharpe).toBeCloseTo(sharpeRatio(returns, { periodsPerYear: 252 }), 14);
    expect(m.maxDrawdown).toBeCloseTo(maxDrawdownOfReturns(returns), 15);
    expect(m.profitFactor).toBeCloseTo(50 / 15, 14);
    expect(m.winRate).toBe(0.5);
    expect(m.directionalAccuracy).toBe(0.75);
    expect(m.deflatedSharpe).toBeCloseTo(deflatedSharpeRatio({ ...sharpeMoments(returns), trials: 10, sharpeVariance: 0.01 }).dsr, 14);
    expect(m.pbo).toBe(0.3);
    expect(outOfSampleMetrics({ returns })).not.toHaveProperty('deflatedSharpe');
  });
});

describe('promotion gates: random signals on real SPY returns (100 seeds)', () => {
  let spy: number[];
  beforeAll(async () => {
    const data = await loadLeanDailyData(join(__dirname, '../../../../data'), 'SPY');
    const closes = data.bars.filter((b) => b.date >= '2015-01-01' && b.date <= '2016-12-31').map((b) => b.close);
    spy = closes.slice(1).map((c, i) => c / (closes[i] ?? NaN) - 1);
  });

  /** 20 random long/short strategies: each day ±1 × SPY's return, the sign by coin flip. */
  const randomTrials = (seed: number) => {
    const random = mulberry32(seed);
    return Array.from({ length: 20 }, () => Float64Array.from(spy, (x) => (random() < 0.5 ? -x : x)));
  };

  it('the best of 20 random strategies fails the deflated-Sharpe gate in ≥ 90 of 100 seeds, though its raw Sharpe looks good', () => {
    // Measured when written: DSR gate failed 100/100 (median DSR 0.47, max 0.89); raw annualised Sharpe ≥ 0.5 in 99/100.
    let failed = 0;
    let naivePass = 0;
    const gate: GateSet = { deflatedSharpe: DEFAULT_PROMOTION_GATES.deflatedSharpe ?? { threshold: 0.95, comparison: 'at-least' } };
    for (let seed = 1; seed <= 100; seed += 1) {
      const trials = randomTrials(seed);
      const best = deflatedSharpeOfBest(trials);
      if (!evaluateGates({ sample: 'out-of-sample', deflatedSharpe: best.dsr }, gate).passed) failed += 1;
      if (sharpeRatio(trials[best.best] ?? [], { periodsPerYear: 252 }) >= 0.5) naivePass += 1;
    }
    expect(failed).toBeGreaterThanOrEqual(90);
    expect(naivePass).toBeGreaterThanOrEqual(50);
  });

  it('chosen in sample and judged out of sample, no random strategy is promoted (DSR, Sharpe, drawdown gates)', () => {
    const gates: GateSet = { deflatedSharpe: DEFAULT_PROMOTION_GATES.deflatedSharpe, sharpe: DEFAULT_PROMOTION_GATES.sharpe, maxDrawdown: DEFAULT_PROMOTION_GATES.maxDrawdown };
    const half = Math.floor(spy.length / 2);
    let promoted = 0;
    for (let seed = 1; seed <= 100; seed += 1) {
      const trials = randomTrials(seed);
      const inSample = trials.map((t) => sharpeMoments(t.subarray(0, half)).sharpe);
      const pick = trials[inSample.indexOf(Math.max(...inSample))] ?? new Float64Array(0);
      const metrics = outOfSampleMetrics({ returns: pick.subarray(half), selection: { trials: 20, sharpeVariance: sampleVariance(inSample) } });
      if (evaluateGates(metrics, gates).passed) promoted += 1;
    }
    expect(promoted).toBeLessThanOrEqual(5);
  });
});
