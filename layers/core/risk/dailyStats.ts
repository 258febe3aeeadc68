import type { MinuteBar } from '../ports';
import type { SymbolStatsView } from './snapshot';

/** Windows (in sessions) of the daily statistics the pre-trade snapshot carries. */
export const DAILY_STATS_WINDOWS = {
  /** Average daily volume over the last 20 sessions. */
  adv: 20,
  /** Short realised-volatility window: the last 5 daily returns. */
  volatilityShort: 5,
  /** Long (baseline) window: up to the last 60 daily returns, at least 20. */
  volatilityLong: 60,
  minimumLong: 20,
} as const;

/** Calendar days of daily bars to read so the long window is full (60 sessions ≈ 88 calendar days, plus holidays). */
export const DAILY_STATS_LOOKBACK_DAYS = 100;

const TRADING_DAYS_PER_YEAR = 252;

/** Sample standard deviation (n − 1) of the last `n` values, annualised. */
function annualisedVolatility(returns: readonly number[], n: number): number {
  const window = returns.slice(-n);
  const mean = window.reduce((a, b) => a + b, 0) / window.length;
  const variance = window.reduce((a, r) => a + (r - mean) ** 2, 0) / (window.length - 1);
  return Math.sqrt(variance * TRADING_DAYS_PER_YEAR);
}

/**
 * ADV and realised volatilities (close-to-close log returns, annualised with √252, sample
 * deviation) from completed daily bars, oldest first. A statistic is absent when there are too
 * few bars for its window: ADV needs 1 bar, the short volatility 5 returns, the long one 20.
 */
export function dailyStatsFromBars(bars: readonly MinuteBar[]): SymbolStatsView {
  const closes = bars.map((b) => b.close).filter((c) => c > 0);
  const returns: number[] = [];
  for (let i = 1; i < closes.length; i += 1) returns.push(Math.log((closes[i] ?? 1) / (closes[i - 1] ?? 1)));
  const volumes = bars.slice(-DAILY_STATS_WINDOWS.adv).map((b) => b.volume);
  return {
    ...(volumes.length > 0 ? { averageDailyVolume: volumes.reduce((a, b) => a + b, 0) / volumes.length } : {}),
    ...(returns.length >= DAILY_STATS_WINDOWS.volatilityShort ? { volatilityShort: annualisedVolatility(returns, DAILY_STATS_WINDOWS.volatilityShort) } : {}),
    ...(returns.length >= DAILY_STATS_WINDOWS.minimumLong ? { volatilityLong: annualisedVolatility(returns, DAILY_STATS_WINDOWS.volatilityLong) } : {}),
  };
}
