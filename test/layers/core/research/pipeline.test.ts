import { join } from 'node:path';
import { loadLeanDailyData } from '../../../../layers/adapters/files';
import { dailyBarsToBacktestBars } from '../../../../layers/core/backtest';
import { adjustBars } from '../../../../layers/core/market';
import {
  backtestSegments,
  blockBootstrapDrawdowns,
  evaluateGates,
  outOfSampleMetrics,
  probabilityOfBacktestOverfitting,
  sampleVariance,
  sharpeMoments,
  walkForwardOptimise,
  walkForwardWindows,
} from '../../../../layers/core/research';

/**
 * The whole honest-research path on real data, pinned as a regression: SPY daily 2010–2020 (split- and
 * dividend-adjusted), price-cross-sma with periods 10/20/50/100/200, rolling walk-forward (2 years train,
 * 6 months test, 1-bar gap), next-open fills at 95 % of equity, no costs. PBO by CSCV (S = 16) over the five
 * candidates' returns after the longest warm-up; DSR with N = 5 and the variance of their Sharpe ratios.
 */
describe('research pipeline on SPY 2010–2020 (regression)', () => {
  it('walk-forward → out-of-sample metrics → PBO, DSR → gates: not promoted, for stated reasons', async () => {
    const data = await loadLeanDailyData(join(__dirname, '../../../../data'), 'SPY');
    const bars = dailyBarsToBacktestBars(adjustBars(data.bars, data.factors, 'split-and-dividend').filter((b) => b.date >= '2010-01-01' && b.date <= '2020-12-31'));
    const seg = backtestSegments({ strategy: 'price-cross-sma', symbol: 'SPY', bars, warmup: (p) => Number(p.period) });
    const candidates = [10, 20, 50, 100, 200].map((period) => ({ period }));
    const windows = walkForwardWindows(bars.length, { scheme: 'rolling', trainLength: 504, testLength: 126, gap: 1 });
    const wfo = walkForwardOptimise({ windows, candidates, score: seg.score, evaluate: seg.evaluate });

    const columns = candidates.map((p) => seg.evaluate(p, { start: 200, end: bars.length }).returns);
    const pbo = probabilityOfBacktestOverfitting(columns, { submatrices: 16 });
    const metrics = outOfSampleMetrics({
      returns: wfo.returns,
      trades: wfo.trades,
      selection: { trials: candidates.length, sharpeVariance: sampleVariance(columns.map((c) => sharpeMoments(c).sharpe)) },
      pbo: pbo.pbo,
    });
    const report = evaluateGates(metrics);
    const drawdown = blockBootstrapDrawdowns(wfo.returns, { resamples: 500, seed: 1 });

    expect(pbo.combinations).toBe(12870);
    expect(report.passed).toBe(false);
    expect(report.failures).toEqual([
      'pbo 0.8661 fails ≤ 0.2',
      'profitFactor 0.9554 fails ≥ 1.2',
      'directionalAccuracy: not measured out of sample (required ≥ 0.52)',
    ]);
    expect({
      folds: wfo.folds.length,
      outOfSampleBars: wfo.returns.length,
      trades: wfo.trades.length,
      growth: (wfo.equity[wfo.equity.length - 1] ?? NaN).toFixed(4),
      sharpe: metrics.sharpe?.toFixed(4),
      maxDrawdown: metrics.maxDrawdown?.toFixed(4),
      winRate: metrics.winRate?.toFixed(4),
      deflatedSharpe: metrics.deflatedSharpe?.toFixed(4),
      pbo: pbo.pbo.toFixed(4),
    }).toEqual(PINNED);
    // The realised drawdown sits inside its bootstrap distribution (it is one draw of it).
    const q = (level: number) => drawdown.quantiles.find((x) => x.level === level)?.value ?? NaN;
    expect(drawdown.observed).toBeGreaterThan(q(0.05));
    expect(drawdown.observed).toBeLessThan(q(0.95));
  });
});

const PINNED = {
  folds: 17,
  outOfSampleBars: 2142,
  trades: 72,
  growth: '1.8267',
  sharpe: '0.7199',
  maxDrawdown: '0.1420',
  winRate: '0.3611',
  deflatedSharpe: '0.9502',
  pbo: '0.8661',
};
