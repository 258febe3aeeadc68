import { DateTime } from 'luxon';
import { nyseCalendar } from '../../../../../layers/core/market';
import { decimalFromNumber } from '../../../../../layers/core/market/history';
import { europeanPrice, optionContract, yearsToExpiry, type ChainEntry, type OptionChainSnapshot } from '../../../../../layers/core/options';

export const calendar = nyseCalendar();
/** 10:00 New York, Wednesday 2024-01-03. */
export const AS_OF = DateTime.fromISO('2024-01-03T10:00', { zone: 'America/New_York' }).toMillis();

export interface ChainSpec {
  readonly spot?: number;
  readonly sigma?: number;
  /** Expiry dates (default 10, 30, 45 and 90 days out, Fridays or not: the correlator counts calendar days). */
  readonly expiries?: readonly string[];
  readonly strikes?: readonly number[];
  /** Half the bid-ask spread (default 0.05). */
  readonly halfSpread?: number;
  readonly openInterest?: number;
}

export const day = (offset: number): string => DateTime.fromISO('2024-01-03', { zone: 'utc' }).plus({ days: offset }).toISODate() ?? '';

/**
 * A chain priced by BSM (r = q = 0) at one flat volatility, so every contract's mid IV is `sigma` and its delta is
 * the closed-form BSM delta: an independent reference for the correlator's strike choice.
 */
export function syntheticChain(spec: ChainSpec = {}): OptionChainSnapshot {
  const spot = spec.spot ?? 100;
  const sigma = spec.sigma ?? 0.25;
  const half = spec.halfSpread ?? 0.05;
  const expiries = spec.expiries ?? [day(10), day(30), day(45), day(90)];
  const strikes = spec.strikes ?? Array.from({ length: 33 }, (_, i) => 60 + i * 2.5);
  const entries: ChainEntry[] = [];
  for (const expiry of expiries) {
    const T = yearsToExpiry(expiry, AS_OF, calendar);
    for (const K of strikes) {
      for (const right of ['call', 'put'] as const) {
        const contract = optionContract({ underlying: 'XYZ', expiry, right, strike: decimalFromNumber(K), style: 'european' });
        const price = europeanPrice({ kind: right, S: spot, K, T, r: 0, q: 0, sigma });
        const mid = Math.round(price * 100) / 100;
        const bid = Math.max(0, mid - half);
        const ask = mid + half;
        entries.push({
          contract,
          quote: { ts: AS_OF, ...(bid > 0 ? { bid: { price: decimalFromNumber(Math.round(bid * 100) / 100), size: decimalFromNumber(10) } } : {}), ask: { price: decimalFromNumber(Math.round(ask * 100) / 100), size: decimalFromNumber(10) } },
          ...(spec.openInterest === undefined ? {} : { openInterest: spec.openInterest }),
        });
      }
    }
  }
  return { underlying: 'XYZ', asOf: AS_OF, underlyingPrice: { price: decimalFromNumber(spot), source: 'quote-mid', ts: AS_OF }, entries };
}
