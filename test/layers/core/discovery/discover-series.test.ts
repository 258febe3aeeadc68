import { join } from 'node:path';
import { loadLeanDailyData } from '../../../../layers/adapters/files';
import { dailyBarsToBacktestBars, type BacktestBar } from '../../../../layers/core/backtest';
import { annualisedReturn, discover, type DiscoveryConfig } from '../../../../layers/core/discovery';
import { maxDrawdownOfReturns } from '../../../../layers/core/research';

/** Real SPY daily bars 2015–2016 (small on purpose: Jest runs numeric loops slowly). */
let bars: BacktestBar[];

beforeAll(async () => {
  const data = await loadLeanDailyData(join(__dirname, '../../../../data'), 'SPY');
  bars = dailyBarsToBacktestBars(data.bars.filter((b) => b.date >= '2015-01-01' && b.date <= '2016-12-31'));
});

const CONFIG: DiscoveryConfig = { families: ['donchian-breakout'], budget: 4, seed: 3, trainLength: 100, testLength: 100, holdoutFraction: 0 };

describe('discover: series for reports', () => {
  it('each finalist carries the stitched out-of-sample returns (with bar times) its objectives were computed from', () => {
    const r = discover('SPY', bars, CONFIG);
    expect(r.finalists.length).toBeGreaterThan(0);
    for (const f of r.finalists) {
      expect(f.outOfSampleReturns).toHaveLength(r.search.outOfSampleBars);
      expect(annualisedReturn(f.outOfSampleReturns, 252)).toBeCloseTo(f.objectives.annualReturn, 12);
      expect(maxDrawdownOfReturns(Float64Array.from(f.outOfSampleReturns))).toBeCloseTo(f.objectives.maxDrawdown, 12);
      const times = f.outOfSampleTimes ?? [];
      expect(times).toHaveLength(f.outOfSampleReturns.length);
      // the out-of-sample record starts after the warm-up and its times increase
      expect(times[0]).toBe(bars[100]?.start);
      for (let i = 1; i < times.length; i += 1) expect(times[i] ?? 0).toBeGreaterThan(times[i - 1] ?? 0);
    }
  });

  it('summarises every trial, marks the Pareto front, and every finalist is a front member', () => {
    const r = discover('SPY', bars, CONFIG);
    expect(r.trialSummaries).toHaveLength(r.trials);
    const front = new Set(r.trialSummaries.filter((t) => t.front).map((t) => `${t.family}|${t.key}`));
    expect(front.size).toBe(r.families[0]?.frontSize);
    for (const f of r.finalists) expect(front.has(`${f.family}|${f.key}`)).toBe(true);
  });
});
