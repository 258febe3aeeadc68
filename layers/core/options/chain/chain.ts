/**
 * An option chain snapshot: every contract of one underlying with what was known at one instant (quote, last
 * print, open interest), and the views traders read it by (expiry → strike → call/put).
 */
import { compareDecimal, type DecimalString } from '../../market/exact';
import type { OptionContract } from './contract';
import type { OptionPrint, OptionQuote } from './quote';

/** One contract in a snapshot. */
export interface ChainEntry {
  readonly contract: OptionContract;
  readonly quote?: OptionQuote;
  readonly lastTrade?: OptionPrint;
  /** Contracts open, as published before the session (OCC open interest is a start-of-day figure). */
  readonly openInterest?: number;
  /** Contracts traded from the session open up to the snapshot. */
  readonly volume?: number;
}

/** The underlying's price at the snapshot and where it came from. */
export interface UnderlyingPrice {
  readonly price: DecimalString;
  readonly source: 'quote-mid' | 'last-trade';
  /** When that price was known, UTC epoch ms. */
  readonly ts: number;
}

/** Everything known about one underlying's options at `asOf`. */
export interface OptionChainSnapshot {
  readonly underlying: string;
  /** UTC epoch ms. */
  readonly asOf: number;
  readonly underlyingPrice?: UnderlyingPrice;
  readonly entries: readonly ChainEntry[];
}

/** One strike row: the call and the put at that strike (either may be missing). */
export interface StrikeRow {
  readonly strike: DecimalString;
  readonly call?: ChainEntry;
  readonly put?: ChainEntry;
}

/** One expiry of the chain, strikes ascending. */
export interface ExpirySlice {
  readonly expiry: string;
  readonly strikes: readonly StrikeRow[];
}

/** The chain by expiry (ascending), then strike (ascending), then right. */
export function chainByExpiry(entries: readonly ChainEntry[]): readonly ExpirySlice[] {
  const byExpiry = new Map<string, Map<DecimalString, { call?: ChainEntry; put?: ChainEntry }>>();
  for (const entry of entries) {
    const { expiry, strike, right } = entry.contract;
    let strikes = byExpiry.get(expiry);
    if (strikes === undefined) byExpiry.set(expiry, (strikes = new Map()));
    const row = strikes.get(strike) ?? {};
    strikes.set(strike, { ...row, [right]: entry });
  }
  return [...byExpiry.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([expiry, strikes]) => ({
      expiry,
      strikes: [...strikes.entries()].sort(([a], [b]) => compareDecimal(a, b)).map(([strike, row]) => ({ strike, ...row })),
    }));
}

/** Filters of a chain query (what Alpaca's chain endpoint takes). */
export interface ChainFilter {
  readonly expiry?: string;
  readonly expiryFrom?: string;
  readonly expiryTo?: string;
  readonly right?: OptionContract['right'];
  readonly strikeFrom?: number;
  readonly strikeTo?: number;
}

/** True when a contract passes every filter that is set. */
export function matchesChainFilter(contract: OptionContract, filter: ChainFilter): boolean {
  const strike = Number(contract.strike);
  return (
    (filter.expiry === undefined || contract.expiry === filter.expiry) &&
    (filter.expiryFrom === undefined || contract.expiry >= filter.expiryFrom) &&
    (filter.expiryTo === undefined || contract.expiry <= filter.expiryTo) &&
    (filter.right === undefined || contract.right === filter.right) &&
    (filter.strikeFrom === undefined || strike >= filter.strikeFrom) &&
    (filter.strikeTo === undefined || strike <= filter.strikeTo)
  );
}
