/** SYNTHETIC bars for the ML tests (seeded; never market data). */
import { mulberry32 } from '../../../../layers/core/analytics';
import type { FeatureBar } from '../../../../layers/core/ml';

/** Weekday dates from 2001-01-01 (a Monday), YYYY-MM-DD. */
export function weekdayDates(n: number): string[] {
  const out: string[] = [];
  let t = Date.UTC(2001, 0, 1);
  while (out.length < n) {
    const dow = new Date(t).getUTCDay();
    if (dow >= 1 && dow <= 5) out.push(new Date(t).toISOString().slice(0, 10));
    t += 86_400_000;
  }
  return out;
}

function normal(random: () => number): number {
  const u = Math.max(1e-12, random());
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * A SYNTHETIC geometric random walk with OHLCV. With `signal` > 0 a pattern is planted: the next
 * `signalSpan` bars drift up by signal·σ per bar when the last 5-bar return is positive, and down
 * when it is negative (momentum a model can find from the features at t).
 */
export function syntheticBars(n: number, seed: number, options: { readonly signal?: number; readonly signalSpan?: number; readonly sigma?: number } = {}): FeatureBar[] {
  const random = mulberry32(seed);
  const sigma = options.sigma ?? 0.01;
  const signal = options.signal ?? 0;
  const dates = weekdayDates(n);
  const bars: FeatureBar[] = [];
  const closes: number[] = [];
  let close = 100;
  let regime = 0;
  let regimeLeft = 0;
  for (let i = 0; i < n; i += 1) {
    if (signal > 0 && regimeLeft === 0 && i >= 6) {
      const r5 = Math.log((closes[i - 1] ?? 1) / (closes[i - 6] ?? 1));
      regime = r5 > 0 ? 1 : -1;
      regimeLeft = options.signalSpan ?? 5;
    }
    const r = sigma * normal(random) + (regimeLeft > 0 ? regime * signal * sigma : 0);
    if (regimeLeft > 0) regimeLeft -= 1;
    const open = close * Math.exp(0.2 * sigma * normal(random));
    close = open * Math.exp(r);
    const high = Math.max(open, close) * Math.exp(Math.abs(0.5 * sigma * normal(random)));
    const low = Math.min(open, close) * Math.exp(-Math.abs(0.5 * sigma * normal(random)));
    const volume = Math.round(1e6 * Math.exp(0.3 * normal(random)));
    closes.push(close);
    bars.push({ date: dates[i] ?? '', open, high, low, close, volume });
  }
  return bars;
}
