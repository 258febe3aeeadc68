/**
 * The IV rank the correlator uses. A chain snapshot gives today's implied volatility, not its rank: the rank
 * needs a year of daily IVs. So each proposal reads the underlying's stored daily at-the-money IV series, adds
 * today's value (the mean mid IV of the call and the put nearest the money at the expiry closest to the target
 * DTE: a rough constant-maturity ATM IV), and ranks today's value against the window. When the stored series does
 * not reach back `weeks` weeks (a new deployment, a new symbol, the shipped data's few days), the rank is
 * unknown and the table's `unknown` column decides; the rank is never computed from a short window.
 */
import type { TradingCalendar } from '../../market/calendar';
import type { OptionChainSnapshot } from '../chain/chain';
import { ivRank, type DailyIv } from '../surface/iv-rank';
import type { SelectionConfig } from './config';
import { candidatesOf, eligibleExpiries } from './select';

/** Days kept in the stored series (a little over 52 weeks of sessions). */
export const IV_HISTORY_MAX_POINTS = 300;

/** Today's at-the-money IV from the snapshot, or undefined (with why) when the chain cannot give one. */
export function atmImpliedVolatility(snapshot: OptionChainSnapshot, calendar: TradingCalendar, selection: SelectionConfig): { readonly iv?: number; readonly expiry?: string; readonly why: string } {
  if (snapshot.underlyingPrice === undefined) return { why: 'no underlying price' };
  const spot = Number(snapshot.underlyingPrice.price);
  const expiry = eligibleExpiries(snapshot, calendar, selection.dte)[0];
  if (expiry === undefined) return { why: `no expiry with ${selection.dte.min}–${selection.dte.max} days to expiry` };
  // Liquidity filters off for the IV reading: a wide quote still has a mid; two-sided quotes are required.
  const loose: SelectionConfig = { ...selection, liquidity: { maxSpreadToMid: 2, minBid: 0, minOpenInterest: 0, requireOpenInterest: false } };
  const { liquid } = candidatesOf(snapshot, expiry.expiry, calendar, loose);
  const nearest = (right: 'call' | 'put') => [...liquid.filter((c) => c.right === right)].sort((a, b) => Math.abs(a.strike - spot) - Math.abs(b.strike - spot))[0];
  const ivs = [nearest('call'), nearest('put')].filter((c) => c !== undefined).map((c) => c.iv);
  if (ivs.length === 0) return { expiry: expiry.expiry, why: `no two-sided ATM quote at ${expiry.expiry}` };
  const iv = ivs.reduce((a, b) => a + b, 0) / ivs.length;
  return { iv, expiry: expiry.expiry, why: `ATM IV ${(iv * 100).toFixed(2)} % at ${expiry.expiry}` };
}

/** The series with today's value set (replacing an earlier value of the same date), oldest first, capped. */
export function withTodaysIv(series: readonly DailyIv[], today: DailyIv): readonly DailyIv[] {
  const kept = series.filter((d) => d.date !== today.date && Number.isFinite(d.iv));
  return [...kept, today].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)).slice(-IV_HISTORY_MAX_POINTS);
}

/** The IV rank of `date` in the series, or unknown with the reason (short history, flat window, no value). */
export function ivRankFromHistory(series: readonly DailyIv[], date: string, weeks: number): { readonly rank?: number; readonly note: string } {
  if (!series.some((d) => d.date === date)) return { note: `no IV for ${date}` };
  const r = ivRank(series, { date, weeks });
  if (r.shortHistory) return { note: `IV history ${r.observations} day${r.observations === 1 ? '' : 's'} since ${series[0]?.date ?? date}; ${weeks} weeks needed` };
  if (r.rank === undefined) return { note: `IV flat over ${weeks} weeks (${r.observations} days)` };
  return { rank: r.rank, note: `from ${r.observations} daily ATM IVs over ${weeks} weeks (min ${(r.min * 100).toFixed(1)} %, max ${(r.max * 100).toFixed(1)} %)` };
}
