import { join } from 'node:path';
import { loadLeanDailyData } from '../../../../layers/adapters/files';
import Decimal from 'decimal.js';
import { dailyBarsToBacktestBars, runBacktest, type BacktestConfig } from '../../../../layers/core/backtest';
import { smaBatch, zScoreBatch } from '../../../../layers/core/indicators';
import { adjustBars } from '../../../../layers/core/market';
import { trendVolatilityQuadrants } from '../../../../layers/core/regime';
import { detectLookahead } from '../../../../layers/core/research';
import {
  buildStrategy,
  quadrantInit,
  quadrantStep,
  regimeSwitching,
  type StrategyBar,
  type ViewRuleState,
} from '../../../../layers/core/strategies';

const DATA = join(__dirname, '../../../../data');

describe('regime-switching meta-strategy', () => {
  let bars: StrategyBar[];
  beforeAll(async () => {
    const data = await loadLeanDailyData(DATA, 'SPY');
    const adjusted = adjustBars(data.bars, data.factors, 'split-and-dividend').filter((b) => b.date >= '2007-01-01' && b.date <= '2012-12-31');
    bars = dailyBarsToBacktestBars(adjusted).map((b) => ({ symbol: 'SPY', ...b }));
  });

  it('streams exactly the regime room’s causal quadrant labels (SPY 2007–2012, a bear and a bull market)', () => {
    const closes = bars.map((b) => b.close);
    const batch = trendVolatilityQuadrants(closes, { trendWindow: 200, volatilityWindow: 21, medianWindow: 252 });
    let state = quadrantInit(200);
    const streamed = closes.map((c) => {
      const step = quadrantStep(state, c, 21, 252);
      state = step.state;
      return step.label ?? null;
    });
    expect(streamed).toEqual(batch.labels);
    // All four quadrants occur, so every sub-rule below is exercised.
    expect(new Set(streamed.filter((l) => l !== null)).size).toBe(4);
  });

  it('runs the sub-rule of the bar’s regime: SMA trend, z-score reversion, flat', () => {
    const params = { trendWindow: 200, volWindow: 21, medianPeriod: 252, fast: 50, zPeriod: 20, entry: 1.5, exit: 0 };
    const strategy = regimeSwitching(params);
    const closes = Float64Array.from(bars, (b) => b.close);
    const labels = trendVolatilityQuadrants([...closes], { trendWindow: 200, volatilityWindow: 21, medianWindow: 252 }).labels;
    const fast = smaBatch(closes, 50);
    const z = zScoreBatch(closes, { period: 20 });
    let state = strategy.initialState();
    const seen = { trend: 0, reversionEntries: 0, reversionHolds: 0, flat: 0 };
    bars.forEach((bar, t) => {
      const before = state.view;
      state = strategy.onBar(state, bar).state;
      const label = labels[t];
      if (label === null || label === undefined) return expect(state.view).toBeNull();
      const zt = z[t] ?? Number.NaN;
      if (label === 'bull-quiet') {
        expect(state.view).toBe(bar.close > (fast[t] ?? Number.NaN) ? 'long' : 'flat');
        seen.trend += 1;
      } else if (label === 'bear-volatile') {
        expect(state.view).toBe('flat');
        seen.flat += 1;
      } else if (zt < -1.5) {
        expect(state.view).toBe('long');
        seen.reversionEntries += 1;
      } else {
        // Reversion: a long is held while z ≤ −exit, otherwise flat.
        expect(state.view).toBe(before === 'long' && zt <= 0 ? 'long' : 'flat');
        if (state.view === 'long') seen.reversionHolds += 1;
      }
    });
    expect(seen.trend).toBeGreaterThan(50);
    expect(seen.flat).toBeGreaterThan(50);
    expect(seen.reversionEntries).toBeGreaterThan(5);
    expect(seen.reversionHolds).toBeGreaterThan(5);
  });

  it('restored JSON state continues bit-identically, and another parameter set’s state is refused', () => {
    const strategy = regimeSwitching({});
    let straight = strategy.initialState();
    let restored: ViewRuleState<unknown> = strategy.initialState() as ViewRuleState<unknown>;
    const out: string[] = [];
    const outRestored: string[] = [];
    for (const bar of bars.slice(0, 600)) {
      const a = strategy.onBar(straight, bar);
      straight = a.state;
      out.push(JSON.stringify(a.kind === 'applied' ? a.signal ?? null : null));
      const revived = strategy.restoreState(JSON.parse(JSON.stringify(restored)));
      if (revived === undefined) throw new Error('state did not restore');
      const b = strategy.onBar(revived, bar);
      restored = b.state as ViewRuleState<unknown>;
      outRestored.push(JSON.stringify(b.kind === 'applied' ? b.signal ?? null : null));
    }
    expect(outRestored).toEqual(out);
    expect(out.some((s) => s !== 'null')).toBe(true);
    expect(regimeSwitching({ fast: 30 }).restoreState(JSON.parse(JSON.stringify(straight)))).toBeUndefined();
  });

  it('validates its parameters by name', () => {
    expect(() => buildStrategy('regime-switching', { entry: 1, exit: 2 })).toThrow(/exit/);
    expect(() => buildStrategy('regime-switching', { bullQuiet: 'yolo' })).toThrow(/bullQuiet/);
    expect(buildStrategy('regime-switching', { bearVolatile: 'reversion' }).id).toMatch(/-trrr$/);
  });

  it('is not flagged by the lookahead detector with the HMM-free causal regime (signals and state, 15 cuts)', () => {
    const report = detectLookahead({ bars, build: () => buildStrategy('regime-switching', {}), sampleCuts: 15, seed: 11, compare: 'signals-and-state' });
    expect(report.barsCompared).toBeGreaterThan(15 * 20);
    expect(report.biased).toBe(false);
  });

  it('pinned regression: SPY 2010–2020 (adjusted), 100 units, $100 000, next-open fills; the books balance', async () => {
    const data = await loadLeanDailyData(DATA, 'SPY');
    const spy = dailyBarsToBacktestBars(adjustBars(data.bars, data.factors, 'split-and-dividend').filter((b) => b.date >= '2010-01-01' && b.date <= '2020-12-31'));
    const result = runBacktest({
      bars: new Map([['SPY', spy]]),
      strategy: buildStrategy('regime-switching', {}) as BacktestConfig['strategy'],
      sizing: { kind: 'fixed-units', units: '100' },
      cash: '100000',
      fill: 'next-open',
      slippage: { kind: 'none' },
      fees: { kind: 'per-order', amount: '1' },
      seed: 1,
      metrics: { bootstrapResamples: 0 },
    });
    const unrealised = result.positions.reduce((sum, p) => sum.plus(new Decimal(p.lastPrice).minus(p.averagePrice).times(p.quantity)), new Decimal(0));
    const books = new Decimal('100000').plus(result.realizedPnl).minus(result.totalFees).plus(unrealised);
    expect(books.minus(result.finalEquity).abs().lte('0.005')).toBe(true);
    expect(result.orders.filter((o) => o.status === 'rejected')).toEqual([]);
    expect({
      orders: result.orders.length,
      trades: result.trades.length,
      finalEquity: result.finalEquity,
      sharpe: result.metrics.sharpe.toFixed(4),
      maxDrawdown: result.metrics.maxDrawdown.toFixed(4),
    }).toEqual({ orders: 181, trades: 90, finalEquity: '111700.27', sharpe: '0.5612', maxDrawdown: '0.0387' });
  });
});
