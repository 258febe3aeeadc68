import { nyseCalendar, type DailyBar, type TradingCalendar } from '../market';
import type { BacktestBar, BacktestResult } from './types';

/**
 * Daily bars stamped with their session's regular open (UTC epoch ms), the instant a daily bar starts;
 * bars on dates without a session (bad data) are dropped.
 */
export function dailyBarsToBacktestBars(bars: readonly DailyBar[], calendar: TradingCalendar = nyseCalendar()): BacktestBar[] {
  const out: BacktestBar[] = [];
  for (const b of bars) {
    const session = calendar.session(b.date);
    if (session === undefined) continue;
    out.push({ start: session.open, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume });
  }
  return out;
}

/** A result as plain JSON-ready data (typed arrays become arrays), for storage and byte comparisons. */
export function backtestResultToJson(result: BacktestResult): string {
  return JSON.stringify({
    ...result,
    equityCurve: { timestamps: Array.from(result.equityCurve.timestamps), equity: Array.from(result.equityCurve.equity) },
  });
}
