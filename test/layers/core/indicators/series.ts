/** Test data for the indicator tests: real SPY minute bars from data/ and a labelled synthetic series. */
import { join } from 'node:path';
import { loadLeanMinuteData } from '../../../../layers/adapters/files';
import type { BarColumns, IndicatorBar } from '../../../../layers/core/indicators';
import { mulberry32 } from '../../../../layers/core/analytics/random';

export interface TestSeries {
  readonly label: string;
  readonly bars: readonly IndicatorBar[];
  readonly columns: BarColumns;
  readonly closes: readonly number[];
}

function toSeries(label: string, bars: readonly IndicatorBar[]): TestSeries {
  const col = (f: (b: IndicatorBar) => number): Float64Array => Float64Array.from(bars, f);
  return {
    label,
    bars,
    columns: { high: col((b) => b.high), low: col((b) => b.low), close: col((b) => b.close), volume: col((b) => b.volume) },
    closes: bars.map((b) => b.close),
  };
}

/** Real data: SPY minute trade bars, 2013-10-07..2013-10-09 (LEAN sample in data/). */
export async function loadSpy(): Promise<TestSeries> {
  const data = await loadLeanMinuteData(join(__dirname, '../../../../data'), ['SPY'], '2013-10-07', '2013-10-09');
  const bars = (data.trades.get('SPY') ?? []).map((b) => ({ high: b.high, low: b.low, close: b.close, volume: b.volume }));
  if (bars.length < 1000) throw new Error(`expected SPY minute bars in data/, got ${bars.length}`);
  return toSeries('SPY minute bars (real)', bars);
}

/** Synthetic: a seeded (mulberry32) geometric random walk with OHLC and volume, plus flat stretches. */
export function syntheticSeries(n: number, seed: number): TestSeries {
  const rand = mulberry32(seed);
  const bars: IndicatorBar[] = [];
  let close = 50;
  for (let i = 0; i < n; i += 1) {
    const open = close;
    // Every 300 bars, 30 bars with no movement at all (zero ranges, zero variance).
    const flat = i % 300 >= 270;
    close = flat ? open : open * Math.exp((rand() - 0.5) * 0.02);
    const high = flat ? open : Math.max(open, close) * (1 + rand() * 0.004);
    const low = flat ? open : Math.min(open, close) * (1 - rand() * 0.004);
    bars.push({ high, low, close, volume: flat ? 0 : Math.round(100 + rand() * 10_000) });
  }
  return toSeries('synthetic random walk', bars);
}
