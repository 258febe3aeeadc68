/**
 * A listed option contract and its expiry instant. Strikes are exact decimals (they appear in symbols, orders
 * and exercise cash); the models take `Number(strike)`.
 */
import { DateTime } from 'luxon';
import type { TradingCalendar } from '../../market/calendar';
import type { DecimalString } from '../../market/exact';
import type { OptionKind } from '../types';
import { formatOccSymbol } from './occ-symbol';

export type ExerciseStyle = 'american' | 'european';

/** One option contract (what Alpaca's `/v2/options/contracts` lists). */
export interface OptionContract {
  /** OCC symbol, unpadded (GOOG160115C00750000). */
  readonly symbol: string;
  readonly underlying: string;
  readonly root: string;
  /** Expiration date as listed, `YYYY-MM-DD` (before 2015 monthly expiries were Saturdays). */
  readonly expiry: string;
  readonly right: OptionKind;
  readonly strike: DecimalString;
  readonly style: ExerciseStyle;
  /** Shares per contract (100 for standard US equity options). */
  readonly multiplier: number;
}

/** A standard contract (root = underlying, 100 shares) with its OCC symbol. */
export function optionContract(fields: Omit<OptionContract, 'symbol' | 'root' | 'multiplier'> & { readonly root?: string; readonly multiplier?: number }): OptionContract {
  const root = fields.root ?? fields.underlying;
  return {
    symbol: formatOccSymbol({ root, expiry: fields.expiry, right: fields.right, strike: fields.strike }),
    underlying: fields.underlying,
    root,
    expiry: fields.expiry,
    right: fields.right,
    strike: fields.strike,
    style: fields.style,
    multiplier: fields.multiplier ?? 100,
  };
}

const MS_PER_YEAR = 365 * 24 * 60 * 60 * 1000;

/**
 * The last instant the contract trades: the regular close of the last trading session on or before the expiry
 * date. US equity options stop trading at the 16:00 New York close of their last trading day; a Saturday expiry
 * (monthlies before February 2015) and a holiday expiry both move back to the prior session.
 */
export function lastTradingInstant(expiry: string, calendar: TradingCalendar): number {
  let day = DateTime.fromISO(expiry, { zone: calendar.zone });
  if (!day.isValid) throw new Error(`invalid expiry date "${expiry}"`);
  for (let i = 0; i < 15; i += 1) {
    const session = calendar.session(day.toISODate() ?? '');
    if (session !== undefined) return session.close;
    day = day.minus({ days: 1 });
  }
  throw new Error(`no trading session within 15 days before ${expiry}`);
}

/** Time to expiry in years (ACT/365, the options room's convention) from `asOf` to the last trading instant; ≤ 0 once expired. */
export function yearsToExpiry(expiry: string, asOf: number, calendar: TradingCalendar): number {
  return (lastTradingInstant(expiry, calendar) - asOf) / MS_PER_YEAR;
}
