/**
 * Legs of a multi-leg options position, standing alone (no dependency on the chain/OCC room): an option leg is a
 * right, a strike, a time to expiry in years (ACT/365, as everywhere in ../types), a signed quantity of contracts
 * (+ long, − short), the premium per share paid or received at entry, an optional implied volatility for valuing it
 * before expiry, and the contract multiplier (100 shares for US equity options). A stock leg is a signed number of
 * shares and its entry price.
 */
import { z } from 'zod';

/** Shares per US equity option contract. */
export const CONTRACT_MULTIPLIER = 100;

/** Milliseconds in one ACT/365 day. */
const MS_PER_DAY = 86_400_000;

export type OptionRight = 'call' | 'put';

/** One option leg. `quantity` in contracts, signed; `premium` per share, ≥ 0, paid when long and received when short. */
export interface OptionLeg {
  readonly type: 'option';
  readonly right: OptionRight;
  readonly strike: number;
  /** Time to expiry in years (ACT/365) from the valuation origin (t = 0). */
  readonly expiry: number;
  readonly quantity: number;
  readonly premium: number;
  /** Implied volatility per √year used to value the leg before its expiry; absent when unknown. */
  readonly iv?: number;
  readonly multiplier: number;
}

/** A position in the underlying: `quantity` shares (signed) bought or sold short at `price` per share. */
export interface StockLeg {
  readonly type: 'stock';
  readonly quantity: number;
  readonly price: number;
}

export type StrategyLeg = OptionLeg | StockLeg;

/** Names of the structures the catalogue builds (`side`-dependent structures carry the side in the name). */
export const STRUCTURE_NAMES = [
  'long-call',
  'long-put',
  'short-call',
  'short-put',
  'covered-call',
  'protective-put',
  'cash-secured-put',
  'bull-call-spread',
  'bear-call-spread',
  'bull-put-spread',
  'bear-put-spread',
  'long-straddle',
  'short-straddle',
  'long-strangle',
  'short-strangle',
  'iron-condor',
  'inverse-iron-condor',
  'call-butterfly',
  'put-butterfly',
  'call-calendar',
  'put-calendar',
] as const;
export type StructureName = (typeof STRUCTURE_NAMES)[number];

/** A multi-leg position: its structure name, its legs, and how many units of the structure it holds. */
export interface Strategy {
  readonly structure: StructureName;
  readonly quantity: number;
  readonly legs: readonly StrategyLeg[];
}

const finite = z.number().finite();

/** Price and optional IV of one option of a structure (strike and premium per share). */
export const LegQuoteSchema = z.strictObject({
  strike: finite.positive(),
  premium: finite.nonnegative(),
  iv: finite.positive().optional(),
});
export type LegQuote = z.infer<typeof LegQuoteSchema>;

/** Years (ACT/365) between two UTC epoch-millisecond instants, e.g. from a valuation time to an expiry date. */
export function yearFraction(fromMs: number, toMs: number): number {
  return (toMs - fromMs) / (365 * MS_PER_DAY);
}

/** An option leg from a quote (the multiplier defaults to 100). */
export function optionLeg(right: OptionRight, quote: LegQuote, expiry: number, quantity: number, multiplier = CONTRACT_MULTIPLIER): OptionLeg {
  const base = { type: 'option' as const, right, strike: quote.strike, expiry, quantity, premium: quote.premium, multiplier };
  return quote.iv === undefined ? base : { ...base, iv: quote.iv };
}

/** Cash paid to open the position (positive: a net debit; negative: a net credit), in currency units. */
export function entryCost(strategy: Pick<Strategy, 'legs'>): number {
  let cost = 0;
  for (const leg of strategy.legs) cost += leg.type === 'option' ? leg.quantity * leg.multiplier * leg.premium : leg.quantity * leg.price;
  return cost;
}

/** The option legs of a strategy. */
export function optionLegs(strategy: Pick<Strategy, 'legs'>): readonly OptionLeg[] {
  return strategy.legs.filter((leg): leg is OptionLeg => leg.type === 'option');
}

/** Earliest option expiry (years), or undefined for a stock-only position. */
export function nearestExpiry(strategy: Pick<Strategy, 'legs'>): number | undefined {
  let nearest: number | undefined;
  for (const leg of optionLegs(strategy)) if (nearest === undefined || leg.expiry < nearest) nearest = leg.expiry;
  return nearest;
}

/** Whether every option leg expires at the same time (then the payoff at expiry is piecewise linear). */
export function hasSingleExpiry(strategy: Pick<Strategy, 'legs'>): boolean {
  const legs = optionLegs(strategy);
  return legs.every((leg) => leg.expiry === legs[0]?.expiry);
}
