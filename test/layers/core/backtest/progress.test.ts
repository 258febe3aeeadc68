import { runBacktest, type BacktestBar, type BacktestConfig } from '../../../../layers/core/backtest';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1, 14, 30);
const series = (n: number, offset = 0): BacktestBar[] => Array.from({ length: n }, (_, i) => ({ start: T0 + (i + offset) * DAY, open: 100, high: 101, low: 99, close: 100, volume: 1000 }));
const config = (bars: ReadonlyMap<string, readonly BacktestBar[]>, onProgress: (done: number, total: number) => void): BacktestConfig => ({
  bars,
  strategy: () => undefined,
  sizing: { kind: 'fixed-units', units: '1' },
  cash: '1000',
  fill: 'next-open',
  slippage: { kind: 'none' },
  fees: { kind: 'none' },
  seed: 1,
  metrics: { bootstrapResamples: 1 },
  sessionOf: (t) => String(Math.floor(t / DAY)),
  onProgress,
});

describe('onProgress', () => {
  it('reports at most about every 1 % of the bars, ascending, ending at the total', () => {
    const calls: [number, number][] = [];
    runBacktest(config(new Map([['A', series(12_345)]]), (done, total) => calls.push([done, total])));
    expect(calls.length).toBeGreaterThanOrEqual(100);
    expect(calls.length).toBeLessThanOrEqual(101);
    expect(calls[calls.length - 1]).toEqual([12_345, 12_345]);
    expect(calls.every(([, total]) => total === 12_345)).toBe(true);
    for (let i = 1; i < calls.length; i += 1) expect((calls[i]?.[0] ?? 0) - (calls[i - 1]?.[0] ?? 0)).toBeGreaterThan(0);
    // No two reports closer than 1 % except the final one.
    for (let i = 1; i < calls.length - 1; i += 1) expect((calls[i]?.[0] ?? 0) - (calls[i - 1]?.[0] ?? 0)).toBeGreaterThanOrEqual(123);
  });
  it('counts the bars of every symbol (two symbols, partly overlapping timestamps)', () => {
    const calls: [number, number][] = [];
    runBacktest(config(new Map([['A', series(300)], ['B', series(200, 150)]]), (done, total) => calls.push([done, total])));
    expect(calls[calls.length - 1]).toEqual([500, 500]);
    expect(calls.length).toBeLessThanOrEqual(101);
  });
  it('a tiny run reports every bar; an empty one reports 0 of 0 once', () => {
    const tiny: number[] = [];
    runBacktest(config(new Map([['A', series(3)]]), (done) => tiny.push(done)));
    expect(tiny).toEqual([1, 2, 3]);
    const empty: [number, number][] = [];
    runBacktest(config(new Map([['A', []]]), (done, total) => empty.push([done, total])));
    expect(empty).toEqual([[0, 0]]);
  });
});
