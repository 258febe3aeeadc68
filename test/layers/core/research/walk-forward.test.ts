import { join } from 'node:path';
import { loadLeanDailyData } from '../../../../layers/adapters/files';
import { dailyBarsToBacktestBars, runBacktest } from '../../../../layers/core/backtest';
import { adjustBars } from '../../../../layers/core/market';
import {
  backtestSegments,
  walkForwardOptimise,
  walkForwardWindows,
  type IndexRange,
} from '../../../../layers/core/research';
import { buildStrategy } from '../../../../layers/core/strategies';

describe('walkForwardOptimise with a hand-made problem', () => {
  // Candidate k earns k·x[t] at step t, where x is +1 in the first half of the axis and −1 after:
  // k = 2 wins every training range inside the first half, k = −1 wins once training sees the sign flip.
  const n = 40;
  const x = Float64Array.from({ length: n }, (_, t) => (t < 20 ? 0.01 : -0.01));
  const sum = (k: number, r: IndexRange) => {
    let s = 0;
    for (let t = r.start; t < r.end; t += 1) s += k * (x[t] ?? 0);
    return s;
  };
  const candidates = [-1, 0, 1, 2] as const;

  it('chooses the in-sample best, judges it only on the test range and stitches in fold order', () => {
    const windows = walkForwardWindows(n, { scheme: 'rolling', trainLength: 10, testLength: 5 });
    const calls: string[] = [];
    const result = walkForwardOptimise({
      windows,
      candidates,
      score: (k, r) => {
        calls.push(`score ${k} ${r.start}-${r.end}`);
        return sum(k, r);
      },
      evaluate: (k, r) => {
        calls.push(`evaluate ${k} ${r.start}-${r.end}`);
        return { returns: Float64Array.from({ length: r.end - r.start }, (_, i) => k * (x[r.start + i] ?? 0)), timestamps: Float64Array.from({ length: r.end - r.start }, (_, i) => r.start + i) };
      },
    });
    // Training [0,10) [5,15) [10,20): all positive → k = 2. [15,25): 5 up, 5 down → sum 0 for all: first on ties (−1).
    // [20,30) [25,35): all negative → k = −1.
    expect(result.folds.map((f) => f.chosen)).toEqual([2, 2, 2, -1, -1, -1]);
    expect(result.trials).toBe(4);
    expect(result.returns.length).toBe(30);
    expect(Array.from(result.timestamps ?? [])).toEqual(Array.from({ length: 30 }, (_, i) => 10 + i));
    // Tests [10,15) [15,20) with k = 2 gain 2 % a step; [20,25) with k = 2 loses 2 % a step (the flip it could not
    // know of); later folds hold k = −1 through the falling half and gain 1 % a step.
    const expected = [...Array<number>(10).fill(0.02), ...Array<number>(5).fill(-0.02), ...Array<number>(15).fill(0.01)];
    expect(Array.from(result.returns)).toEqual(expected);
    let equity = 1;
    for (const r of result.returns) equity *= 1 + r;
    expect(result.equity[result.equity.length - 1]).toBeCloseTo(equity, 14);
    // Every evaluate comes after the scores of its fold and never touches a training range.
    for (const w of windows) {
      const e = calls.indexOf(`evaluate ${result.folds[w.fold]?.chosen} ${w.test.start}-${w.test.end}`);
      expect(e).toBeGreaterThan(calls.lastIndexOf(`score 2 ${w.train.start}-${w.train.end}`));
    }
    expect(calls.filter((c) => c.startsWith('evaluate')).length).toBe(windows.length);
  });

  it('a fold with no finite score stays flat and says so (chosenIndex −1)', () => {
    const windows = walkForwardWindows(10, { scheme: 'anchored', trainLength: 5, testLength: 5 });
    const result = walkForwardOptimise({ windows, candidates: [1], score: () => Number.NaN, evaluate: () => ({ returns: Float64Array.of(1) }) });
    expect(result.folds[0]?.chosenIndex).toBe(-1);
    expect(Array.from(result.returns)).toEqual([0, 0, 0, 0, 0]);
    expect(result.timestamps).toBeUndefined();
  });
});

describe('backtestSegments: runBacktest + buildStrategy on SPY daily bars', () => {
  let bars: ReturnType<typeof dailyBarsToBacktestBars>;
  beforeAll(async () => {
    const data = await loadLeanDailyData(join(__dirname, '../../../../data'), 'SPY');
    const adjusted = adjustBars(data.bars, data.factors, 'split-and-dividend');
    bars = dailyBarsToBacktestBars(adjusted.filter((b) => b.date >= '2012-01-01' && b.date <= '2017-12-31'));
  });

  it('over the whole axis without warm-up its returns compound to the direct run', () => {
    const seg = backtestSegments({ strategy: 'price-cross-sma', symbol: 'SPY', bars, warmup: () => 0 });
    const { returns, timestamps } = seg.evaluate({ period: 20 }, { start: 0, end: bars.length });
    const direct = runBacktest({
      bars: new Map([['SPY', bars]]),
      strategy: buildStrategy('price-cross-sma', { period: 20 }),
      sizing: { kind: 'fraction-of-equity', fraction: '0.95' },
      cash: '100000',
      fill: 'next-open',
      slippage: { kind: 'none' },
      fees: { kind: 'none' },
      seed: 0,
      metrics: { bootstrapResamples: 0 },
    });
    let growth = 1;
    for (const r of returns) growth *= 1 + r;
    expect(growth).toBeCloseTo(Number(direct.finalEquity) / 100_000, 10);
    expect(Array.from(timestamps ?? [])).toEqual(bars.map((b) => b.start));
  });

  it('walk-forward over price-cross-sma periods: one return per test bar, choices are the training argmax', () => {
    const seg = backtestSegments({ strategy: 'price-cross-sma', symbol: 'SPY', bars, warmup: (p) => Number(p.period) });
    const windows = walkForwardWindows(bars.length, { scheme: 'rolling', trainLength: 504, testLength: 126, gap: 1 });
    const candidates = [{ period: 10 }, { period: 50 }, { period: 100 }];
    const result = walkForwardOptimise({ windows, candidates, score: seg.score, evaluate: seg.evaluate });
    expect(windows.length).toBe(Math.floor((bars.length - 505) / 126));
    expect(result.returns.length).toBe(windows.length * 126);
    expect(Array.from(result.timestamps ?? [])).toEqual(windows.flatMap((w) => bars.slice(w.test.start, w.test.end).map((b) => b.start)));
    for (const f of result.folds) {
      expect(f.trainScore).toBe(Math.max(...Array.from(f.trainScores).filter(Number.isFinite)));
      expect(f.trainScore).toBeCloseTo(seg.score(candidates[f.chosenIndex] ?? {}, f.train), 12);
    }
    expect(result.returns.every(Number.isFinite)).toBe(true);
  });
});
