/**
 * A daily implied-volatility series of one contract from end-of-day quotes and underlying closes: the input of
 * IV rank and percentile when no vendor IV history exists. Each day uses the mid of the closing bid and ask,
 * the underlying's close and T from that day's close to the last trading instant. A fixed contract's IV mixes
 * a shrinking maturity and a moving moneyness; a constant-maturity ATM series (interpolated across a full
 * chain each day) is the better input when a daily chain history is available.
 */
import type { TradingCalendar } from '../../market/calendar';
import { americanImpliedVolatility, europeanImpliedVolatility } from '../implied-volatility';
import type { OptionContract } from '../chain/contract';
import { yearsToExpiry } from '../chain/contract';
import { midDecimal } from '../chain/quote';
import type { DailyOptionQuote } from '../lean/daily-quotes';
import type { DailyIv } from './iv-rank';
import type { SurfaceModel } from './implied-vols';

export interface DailyIvSeries {
  readonly series: readonly DailyIv[];
  /** Days that gave no IV, with the reason (no two-sided quote, no underlying close, price outside the bounds). */
  readonly skipped: readonly { readonly date: string; readonly reason: string }[];
}

export function dailyIvSeries(
  contract: OptionContract,
  quotes: readonly DailyOptionQuote[],
  underlyingClose: ReadonlyMap<string, number>,
  calendar: TradingCalendar,
  inputs: { readonly r: number; readonly q: number; readonly model?: SurfaceModel },
): DailyIvSeries {
  const series: DailyIv[] = [];
  const skipped: { date: string; reason: string }[] = [];
  const K = Number(contract.strike);
  for (const quote of quotes) {
    const session = calendar.session(quote.date);
    const S = underlyingClose.get(quote.date);
    if (session === undefined || S === undefined) {
      skipped.push({ date: quote.date, reason: 'no underlying close' });
      continue;
    }
    if (quote.bidClose === undefined || quote.askClose === undefined || Number(quote.bidClose) <= 0) {
      skipped.push({ date: quote.date, reason: 'no two-sided closing quote' });
      continue;
    }
    const price = Number(midDecimal(quote.bidClose, quote.askClose));
    const T = yearsToExpiry(contract.expiry, session.close, calendar);
    const args = { kind: contract.right, S, K, T, r: inputs.r, q: inputs.q, price };
    const model = inputs.model ?? 'american-bs2002';
    const iv = model === 'european' ? europeanImpliedVolatility(args) : americanImpliedVolatility({ ...args, pricer: model === 'american-tree' ? 'tree' : 'bs2002' });
    if (iv.ok) series.push({ date: quote.date, iv: iv.value });
    else skipped.push({ date: quote.date, reason: iv.reason });
  }
  return { series, skipped };
}
