import * as money from '../money';
import type { BorrowConfig, BorrowTerms } from './types';

type Dec = ReturnType<typeof money.dec>;

/** A symbol's borrow terms, parsed: `available` undefined = unlimited (easy to borrow). */
export interface ParsedBorrow {
  readonly available: Dec | undefined;
  /** Annual rate as a fraction (0.3 % → 0.003). */
  readonly annualRate: Dec;
  readonly dayCount: number;
}

/** The terms of `symbol` under `config` (absent config: unlimited and free). */
export function borrowTermsOf(config: BorrowConfig | undefined, symbol: string): ParsedBorrow {
  const terms: BorrowTerms = config?.symbols?.[symbol] ?? config?.default ?? {};
  const easy = terms.easyToBorrow ?? true;
  return {
    available: easy ? undefined : money.dec(terms.availableShares ?? '0'),
    annualRate: money.dec(terms.annualRatePct ?? '0').div(100),
    dayCount: config?.dayCount ?? 360,
  };
}

/**
 * Why a fill that leaves `shortAfter` (> 0 units short) cannot be borrowed, or undefined: hard-to-borrow symbols may
 * be short at most their available shares. Only fills that open or grow a short are asked (covering always works).
 */
export function borrowRejection(terms: ParsedBorrow, symbol: string, shortAfter: Dec): string | undefined {
  if (terms.available === undefined || shortAfter.lte(terms.available)) return undefined;
  return terms.available.isZero()
    ? `${symbol} is not easy to borrow and no shares are available to short`
    : `${symbol} is not easy to borrow: a short of ${money.toDecimalString(shortAfter)} exceeds the ${money.toDecimalString(terms.available)} shares available`;
}

/**
 * The borrow fee for holding `shortValue` (|quantity| × close × multiplier, > 0) short over `days` calendar days:
 * shortValue × annual rate × days / day count, exact and unrounded.
 */
export function borrowFee(terms: ParsedBorrow, shortValue: Dec, days: number): Dec {
  return shortValue.times(terms.annualRate).times(days).div(terms.dayCount);
}

/** Calendar days from one ISO date to a later one (weekends and holidays count). */
export function calendarDaysBetween(from: string, to: string): number {
  const ms = (d: string): number => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((ms(to) - ms(from)) / 86_400_000);
}
