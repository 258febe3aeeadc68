import { join } from 'node:path';
import { loadLeanDailyData } from '../../../../layers/adapters/files';
import { dailyBarsToBacktestBars } from '../../../../layers/core/backtest';
import { detectLookahead, sampleCutPoints } from '../../../../layers/core/research';
import { buildStrategy, STRATEGY_CATALOGUE, STRATEGY_NAMES, type StrategyBar, type StreamingStrategy } from '../../../../layers/core/strategies';

interface ViewState {
  readonly last: number | null;
  readonly view: 'long' | 'flat' | null;
}

/** A strategy whose view at bar t is decided by `decide(t, visible)`; emits a signal when the view changes. */
function closureStrategy(visible: readonly StrategyBar[], decide: (i: number, visible: readonly StrategyBar[]) => 'long' | 'flat'): StreamingStrategy<ViewState> {
  const indexOf = new Map(visible.map((b, i) => [b.start, i]));
  return {
    id: 'closure',
    version: '1',
    initialState: () => ({ last: null, view: null }),
    restoreState: () => undefined,
    onBar(state, bar) {
      if (state.last !== null && bar.start <= state.last) return { kind: 'ignored', state, lastBarStart: state.last };
      const view = decide(indexOf.get(bar.start) ?? -1, visible);
      const next = { last: bar.start, view };
      if (view === state.view) return { kind: 'applied', state: next };
      return { kind: 'applied', state: next, signal: { direction: view, strength: 1, reason: 'closure', barStart: bar.start, referencePrice: bar.close } };
    },
  };
}

describe('lookahead-bias detector', () => {
  let bars: StrategyBar[];
  beforeAll(async () => {
    const data = await loadLeanDailyData(join(__dirname, '../../../../data'), 'SPY');
    bars = dailyBarsToBacktestBars(data.bars.filter((b) => b.date >= '2015-01-01' && b.date <= '2016-12-31')).map((b) => ({ symbol: 'SPY', ...b }));
  });

  it('flags a strategy that peeks at the next bar’s close through a closure over the data', () => {
    const peek = (i: number, v: readonly StrategyBar[]) => ((v[i + 1]?.close ?? Number.NEGATIVE_INFINITY) > (v[i]?.close ?? 0) ? 'long' : 'flat');
    const report = detectLookahead({ bars, build: (visible) => closureStrategy(visible, peek) as StreamingStrategy<unknown>, sampleCuts: 20, seed: 1 });
    expect(report.biased).toBe(true);
    // Cut at t: the truncated run cannot see bar t + 1, so its view at t is `flat`; it differs whenever the next close rose.
    const d = report.differences[0];
    expect(d?.index).toBe(d?.cut);
    expect(report.biasedCuts.length).toBeGreaterThan(5);
  });

  it('flags a subtler bias: normalising by the maximum of the whole series', () => {
    const normalised = (i: number, v: readonly StrategyBar[]) => {
      const top = Math.max(...v.map((b) => b.close));
      return (v[i]?.close ?? 0) / top > 0.97 ? 'long' : 'flat';
    };
    const report = detectLookahead({ bars, build: (visible) => closureStrategy(visible, normalised) as StreamingStrategy<unknown>, sampleCuts: 10, seed: 2 });
    expect(report.biased).toBe(true);
  });

  it('a strategy that only reads the past through the closure is not flagged', () => {
    const past = (i: number, v: readonly StrategyBar[]) => ((v[i]?.close ?? 0) > (v[i - 1]?.close ?? Number.POSITIVE_INFINITY) ? 'long' : 'flat');
    const report = detectLookahead({ bars, build: (visible) => closureStrategy(visible, past) as StreamingStrategy<unknown>, sampleCuts: 10, seed: 3, compare: 'signals-and-state' });
    expect(report.biased).toBe(false);
  });

  it.each(STRATEGY_NAMES)('catalogue strategy %s is not flagged (signals and state, 12 cuts)', (name) => {
    const params = STRATEGY_CATALOGUE[name].defaults;
    const report = detectLookahead({ bars, build: () => buildStrategy(name, params), sampleCuts: 12, seed: 4, compare: 'signals-and-state' });
    expect(report.cuts.length).toBe(12);
    expect(report.barsCompared).toBeGreaterThan(12 * 20);
    expect(report.differences).toEqual([]);
    expect(report.biased).toBe(false);
  });

  it('cut points: seeded, distinct, sorted, never the last bar', () => {
    const cuts = sampleCutPoints(50, 10, 9);
    expect(cuts).toEqual(sampleCutPoints(50, 10, 9));
    expect(new Set(cuts).size).toBe(10);
    expect([...cuts].sort((a, b) => a - b)).toEqual(cuts);
    expect(Math.max(...cuts)).toBeLessThanOrEqual(48);
    expect(sampleCutPoints(5, 10, 1)).toEqual([0, 1, 2, 3]);
  });
});
