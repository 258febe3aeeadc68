import type { IsoDate } from './calendar';

/**
 * Open/high/low/close/volume of one bar, prices in USD as `number` (analytics grade; exact money lives in
 * `./money` types). `vwap` is present only where the source gives it.
 */
export interface OhlcvBar {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** Shares (or units) traded in the bar. */
  readonly volume: number;
  /** Volume-weighted average price, when the source provides one. */
  readonly vwap?: number;
}

/** A daily bar of one exchange-local trading date (no intraday time: the session is implied by the date). */
export interface DailyBar extends OhlcvBar {
  /** Exchange-local trading date, YYYY-MM-DD. */
  readonly date: IsoDate;
}
