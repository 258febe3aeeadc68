import { join } from 'node:path';
import { loadLeanDailyData } from '../../../../layers/adapters/files';
import { mulberry32 } from '../../../../layers/core/analytics';
import { dailyBarsToBacktestBars, type BacktestBar } from '../../../../layers/core/backtest';
import { candidateEvaluator, discoverOnPlan, DiscoveryConfigError, planUniverseDiscovery, roundTrips, type DiscoveryConfig } from '../../../../layers/core/discovery';
import { portfolioSegments, shuffleInto } from '../../../../layers/core/research';
import { runPortfolioBacktest } from '../../../../layers/core/backtest';
import { buildPortfolioStrategy } from '../../../../layers/core/strategies';

/**
 * Portfolio families (pairs, momentum rotation) searched on a universe. Kept tiny (Jest runs the event engine
 * ~10× slower than node): two years of shipped daily bars, budget 3–4 per family.
 */
const DATA = join(__dirname, '../../../../data');

async function real(symbol: string, from: string, to: string): Promise<BacktestBar[]> {
  const data = await loadLeanDailyData(DATA, symbol);
  return dailyBarsToBacktestBars(data.bars.filter((b) => b.date >= from && b.date <= to));
}

/** The bars' close-to-close ratios reordered by `order` (a permutation), rebuilt into a price path on the same dates. */
function reorder(bars: readonly BacktestBar[], order: readonly number[]): BacktestBar[] {
  const ratios = Array.from({ length: bars.length - 1 }, (_, i) => (bars[i + 1]?.close ?? 1) / (bars[i]?.close ?? 1));
  let close = bars[0]?.close ?? 100;
  return bars.map((b, i) => {
    const previous = close;
    if (i > 0) close *= ratios[order[i - 1] ?? 0] ?? 1;
    const open = (previous + close) / 2;
    return { start: b.start, open, high: Math.max(open, close) * 1.002, low: Math.min(open, close) * 0.998, close, volume: b.volume };
  });
}

function permutation(n: number, seed: number): number[] {
  const p = Float64Array.from({ length: n }, (_, i) => i);
  shuffleInto(p, p, mulberry32(seed));
  return Array.from(p);
}

let pair: Map<string, readonly BacktestBar[]>;
let noisePair: Map<string, readonly BacktestBar[]>;
let noiseRotation: Map<string, readonly BacktestBar[]>;

beforeAll(async () => {
  const [goog, googl] = await Promise.all([real('GOOG', '2015-01-01', '2016-12-31'), real('GOOGL', '2015-01-01', '2016-12-31')]);
  pair = new Map([
    ['GOOG', goog],
    ['GOOGL', googl],
  ]);
  // NOISE pair: both legs' returns shuffled by ONE permutation: the legs still move together day by day, but
  // any mean reversion of the spread in time is destroyed, so a pairs edge found there is luck.
  expect(goog.length).toBe(googl.length);
  const shared = permutation(goog.length - 1, 42);
  noisePair = new Map([
    ['NA', reorder(goog, shared)],
    ['NB', reorder(googl, shared)],
  ]);
  // NOISE universe for rotation: each symbol's returns shuffled on its own, so no momentum persists.
  const symbols = ['SPY', 'IBM', 'BAC'];
  const series = await Promise.all(symbols.map((s) => real(s, '2015-01-01', '2016-12-31')));
  noiseRotation = new Map(series.map((bars, i) => [`N${i}`, reorder(bars, permutation(bars.length - 1, 100 + i))]));
});

const BASE = { budget: 3, seed: 5, trainLength: 100, testLength: 100, holdoutFraction: 0 } as const;

describe('portfolio discovery', () => {
  it('runs pairs on a real pair as one universe; the same seed gives an identical result', () => {
    const config: DiscoveryConfig = { ...BASE, families: ['pairs'], holdoutFraction: 0.1 };
    const a = discoverOnPlan(planUniverseDiscovery(pair, config));
    expect(a.symbol).toBe('GOOG,GOOGL');
    expect(a.trials).toBe(3);
    expect(a.families[0]?.family).toBe('pairs');
    expect(a.holdout?.bars).toBeGreaterThan(0);
    // One return per timestamp of the universe's axis inside the test ranges (both legs trade the same days here).
    for (const f of a.finalists) expect(f.outOfSampleReturns.length).toBe(a.search.outOfSampleBars);
    const b = discoverOnPlan(planUniverseDiscovery(pair, config));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('promotes nothing on shuffled (noise) returns, for pairs and for rotation, with the statistics measured', () => {
    const pairs = discoverOnPlan(planUniverseDiscovery(noisePair, { ...BASE, families: ['pairs'], budget: 4 }));
    const rotation = discoverOnPlan(planUniverseDiscovery(noiseRotation, { ...BASE, families: ['momentum-rotation'], budget: 4 }));
    for (const r of [pairs, rotation]) {
      expect(r.trials).toBe(4);
      expect(r.finalists.length).toBeGreaterThan(0);
      for (const f of r.finalists) {
        expect(f.metrics.sample).toBe('out-of-sample');
        expect(f.report.results.map((g) => g.gate)).toEqual(expect.arrayContaining(['deflatedSharpe', 'pbo']));
        expect(Number.isFinite(f.metrics.deflatedSharpe)).toBe(true);
      }
      expect(r.promoted).toBe(0);
    }
  });

  it('counts a rotation\'s turnover as positions closed per year (the book never goes flat between holdings)', () => {
    const plan = planUniverseDiscovery(noiseRotation, { ...BASE, families: ['momentum-rotation'] });
    const e = candidateEvaluator(plan)({ family: 'momentum-rotation', params: { lookback: 21, skip: 0, top: 1, threshold: -1 }, key: 'k' });
    const years = plan.oosBars / plan.periodsPerYear;
    expect(e.trades.length).toBeGreaterThan(0);
    expect(e.objectives.tradesPerYear).toBe(e.trades.length / years);
    // Always invested (threshold −1: any return qualifies), so flat/invested switches would say almost nothing.
    expect(roundTrips(e.returns)).toBeLessThan(e.trades.length);
  });

  it('a candidate never sees bars after its test window: cutting or distorting them changes nothing', () => {
    const config: DiscoveryConfig = { ...BASE, families: ['pairs'] };
    const plan = planUniverseDiscovery(pair, config);
    const window = plan.windows[1];
    if (window === undefined) throw new Error('need two folds');
    const cutAt = plan.axis[window.test.end] ?? Number.NaN;
    const truncated = new Map([...pair].map(([s, bars]) => [s, bars.filter((b) => b.start < cutAt)]));
    const distorted = new Map([...pair].map(([s, bars]) => [s, bars.map((b) => (b.start < cutAt ? b : { ...b, open: b.open * 3, high: b.high * 3, low: b.low / 3, close: b.close / 3 }))]));
    // entry 1.2 trades often, so the fold's record has positions to change if the future leaked in.
    const request = { family: 'pairs' as const, params: { formation: 40, entry: 1.2, exit: 0.2, stop: 4 }, key: 'k' };
    const evaluateOn = (universe: Map<string, readonly BacktestBar[]>) => {
      // Same windows over the same axis up to the cut, so fold 1 is the same range in all three plans.
      const p = { ...plan, universe, windows: [window] };
      return candidateEvaluator(p)(request);
    };
    const full = evaluateOn(pair);
    expect(full.returns.some((r) => r !== 0)).toBe(true);
    expect(Array.from(evaluateOn(truncated).returns)).toEqual(Array.from(full.returns));
    expect(Array.from(evaluateOn(distorted).returns)).toEqual(Array.from(full.returns));
  });

  it('a test range run from the first bar gives the returns of one continuous run over ALL the data on those bars', () => {
    // The continuous run sees every later bar; the range's run stops at the range's end. Equal returns bar for bar
    // mean the range's record depends on nothing after it, and each return sits on its own bar (no shift).
    const params = { formation: 40, entry: 1.2, exit: 0.2, stop: 4 };
    const range = { start: 150, end: 260 };
    const segment = portfolioSegments({ strategy: 'pairs', bars: pair, warmup: () => 1e9 }).evaluate(params, range);
    const run = runPortfolioBacktest({
      bars: pair,
      strategy: buildPortfolioStrategy('pairs', params),
      rebalance: { investedFraction: 0.95, band: 0.02 },
      cash: '100000',
      fill: 'next-open',
      slippage: { kind: 'none' },
      fees: { kind: 'none' },
      seed: 0,
      allowShort: true,
      metrics: { periodsPerYear: 252, bootstrapResamples: 0 },
    });
    const equity = run.equityCurve.equity;
    const continuous = Array.from({ length: range.end - range.start }, (_, k) => (equity[range.start + k] ?? Number.NaN) / (equity[range.start + k - 1] ?? Number.NaN) - 1);
    expect(continuous.some((r) => r !== 0)).toBe(true);
    expect(Array.from(segment.returns)).toEqual(continuous);
    expect(Array.from(segment.timestamps ?? [])).toEqual(Array.from(run.equityCurve.timestamps.slice(range.start, range.end)));
  });

  it('refuses a per-symbol family on several symbols and a universe the family cannot trade', () => {
    expect(() => planUniverseDiscovery(pair, { ...BASE, families: ['donchian-breakout'] })).toThrow(DiscoveryConfigError);
    expect(() => planUniverseDiscovery(noiseRotation, { ...BASE, families: ['pairs'] })).toThrow(/exactly 2/);
    // One symbol: the plan is planDiscovery's, and rotation may share it with a per-symbol family.
    const one = new Map([['GOOG', pair.get('GOOG') ?? []]]);
    expect(planUniverseDiscovery(one, { ...BASE, families: ['momentum-rotation', 'donchian-breakout'] }).bars.length).toBe(one.get('GOOG')?.length);
  });
});
