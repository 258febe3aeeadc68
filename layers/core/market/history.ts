/**
 * Historical market data beyond minute bars: bars of any Alpaca timeframe, trade prints and top-of-book
 * quotes over a time range. The types extend the exact `Trade` and `Quote` of `./exact` with the fields a
 * consolidated feed adds (trade id, tape, per-side venues), so nothing the source said is lost on the way
 * into the data lake.
 */
import type { MinuteBar } from '../ports';
import { ExactValueError, parseDecimal, type DecimalString, type Quote, type Trade } from './exact';

/** One trade print as a consolidated feed reports it. */
export interface HistoricalTrade extends Trade {
  /** The venue's trade id (decimal digits; ids are uint64 and may exceed 2^53). */
  readonly id?: string;
  /** SIP tape: A (NYSE-listed), B (Arca/regional), C (Nasdaq). */
  readonly tape?: string;
}

/** One top-of-book quote; bid and ask may come from different venues. */
export interface HistoricalQuote extends Quote {
  readonly bidExchange?: string;
  readonly askExchange?: string;
  readonly tape?: string;
}

/** Which corporate actions historical bars are adjusted for (Alpaca's `adjustment`). */
export const BAR_ADJUSTMENTS = ['raw', 'split', 'dividend', 'all'] as const;
export type BarAdjustment = (typeof BAR_ADJUSTMENTS)[number];

/** Historical feeds: `iex` (free plan) or `sip` (all US exchanges). */
export const HISTORICAL_FEEDS = ['iex', 'sip'] as const;
export type HistoricalFeed = (typeof HISTORICAL_FEEDS)[number];

/**
 * A historical market-data source. Every method returns, per requested symbol (an empty list when it has
 * none), the items with time in [from, to) (UTC epoch ms), oldest first, every page fetched. Feed and bar
 * adjustment are properties of the source, fixed when it is built.
 */
export interface HistoricalMarketData {
  /** Bars of `timeframe` (see `parseBarTimeframe`) whose start is in [from, to). */
  bars(symbols: readonly string[], from: number, to: number, timeframe: string): Promise<ReadonlyMap<string, readonly MinuteBar[]>>;
  trades(symbols: readonly string[], from: number, to: number): Promise<ReadonlyMap<string, readonly HistoricalTrade[]>>;
  quotes(symbols: readonly string[], from: number, to: number): Promise<ReadonlyMap<string, readonly HistoricalQuote[]>>;
}

/**
 * Canonical Alpaca bar timeframe, or undefined if Alpaca would refuse it: `[1-59]Min`, `[1-23]Hour`, `1Day`,
 * `1Week`, `[1,2,3,4,6,12]Month` (the short forms T, H, D, W, M are spelled out).
 */
export function parseBarTimeframe(text: string): string | undefined {
  const match = /^(\d+)(Min|T|Hour|H|Day|D|Week|W|Month|M)$/.exec(text);
  if (match === null) return undefined;
  const amount = Number(match[1]);
  const unit = ({ T: 'Min', H: 'Hour', D: 'Day', W: 'Week', M: 'Month' } as Record<string, string>)[match[2] ?? ''] ?? match[2];
  const ok =
    (unit === 'Min' && amount >= 1 && amount <= 59) ||
    (unit === 'Hour' && amount >= 1 && amount <= 23) ||
    ((unit === 'Day' || unit === 'Week') && amount === 1) ||
    (unit === 'Month' && [1, 2, 3, 4, 6, 12].includes(amount));
  return ok ? `${amount}${unit}` : undefined;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * UTC epoch nanoseconds of an RFC 3339 timestamp with up to nanosecond digits ("2022-01-03T09:00:00.086175744Z"),
 * exactly: `Date` would drop everything below the millisecond.
 */
export function parseRfc3339Nanos(text: string): bigint {
  const match = RFC3339.exec(text);
  const seconds = match === null ? Number.NaN : Date.parse(`${match[1]}${match[3]}`);
  if (match === null || Number.isNaN(seconds)) throw new ExactValueError(`not an RFC 3339 timestamp: "${text}"`);
  return BigInt(seconds) * 1_000_000n + BigInt((match[2] ?? '').padEnd(9, '0'));
}

/** Epoch ms (floor) of epoch ns. */
export const nanosToMillis = (ns: bigint): number => Number(ns / 1_000_000n - (ns < 0n && ns % 1_000_000n !== 0n ? 1n : 0n));

/**
 * The decimal a JSON number was written as. JSON prices arrive as binary doubles; the shortest round-trip
 * text of a double is the decimal the server printed (for the ≤ 15 significant digits prices have), so this
 * recovers "178.26" from 178.26 without float noise.
 */
export function decimalFromNumber(value: number): DecimalString {
  if (!Number.isFinite(value)) throw new ExactValueError(`not a finite number: ${value}`);
  const text = String(value);
  return parseDecimal(/e/i.test(text) ? value.toFixed(20) : text);
}

/** RFC 3339 UTC text of epoch nanoseconds with all nine fraction digits (the inverse of `parseRfc3339Nanos`). */
export function formatRfc3339Nanos(ns: bigint): string {
  const floorSeconds = ns / 1_000_000_000n - (ns < 0n && ns % 1_000_000_000n !== 0n ? 1n : 0n);
  const fraction = (ns - floorSeconds * 1_000_000_000n).toString().padStart(9, '0');
  return `${new Date(Number(floorSeconds) * 1000).toISOString().slice(0, 19)}.${fraction}Z`;
}
