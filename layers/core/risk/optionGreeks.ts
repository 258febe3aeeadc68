/**
 * Greeks of held option positions (and of an option order) for the pre-trade snapshot, from chain snapshots
 * the caller read through the OptionsMarketData port before the checks run (no I/O here). Each contract's
 * implied volatility is solved from its quote mid with Let's Be Rational on BSM (continuous yield q), and its
 * Greeks are the closed-form BSM ones at that IV: the same model the options correlator prices intents with,
 * so held positions and new orders are measured alike. Listed US options are American; for puts (and calls on
 * dividend payers) the European delta is an approximation, stated here rather than hidden.
 *
 * Units: totals in share equivalents: delta in shares, gamma in shares per $1 of the underlying, vega in USD
 * per volatility point (0.01), each already × signed contracts × multiplier (100 for standard contracts).
 */
import type { OrderIntentV1 } from '../../contracts';
import type { TradingCalendar } from '../market';
import { europeanGreeks, europeanImpliedVolatility, midDecimal, parseOccSymbol, yearsToExpiry, type OptionChainSnapshot } from '../options';
import type { GreeksView } from './snapshot';

/** Rates the IVs and Greeks are computed with (continuously compounded), as the correlator's selection config has them. */
export interface GreekRates {
  readonly r: number;
  readonly q: number;
}

/** Per-share Greeks of one contract (delta −1..1, gamma per $1, vega per vol point) and the mid IV they came from (0: the mid is at or below intrinsic value). */
export interface ContractGreeks {
  readonly delta: number;
  readonly gamma: number;
  readonly vega: number;
  readonly iv: number;
  readonly underlyingPrice: number;
}

/** A held position as the aggregation needs it: symbol (OCC for options) and signed quantity (contracts or shares). */
export interface HeldPosition {
  readonly symbol: string;
  readonly quantity: string;
}

const OCC = /^[A-Z][A-Z0-9.]{0,5}\d{6}[CP]\d{8}$/;

/** The underlying an OCC symbol's chain is listed under: its root (equal to the ticker for standard contracts). */
export function optionRoot(symbol: string): string | undefined {
  return OCC.test(symbol) ? parseOccSymbol(symbol).root : undefined;
}

/**
 * One contract's per-share Greeks from a chain snapshot: the entry's two-sided quote mid → IV → BSM Greeks at
 * the snapshot's underlying price. A reason instead when the contract is not in the chain, has no two-sided
 * quote, has expired, or its mid admits no IV (below intrinsic value).
 */
export function contractGreeks(symbol: string, chain: OptionChainSnapshot, calendar: TradingCalendar, rates: GreekRates): ContractGreeks | { readonly missing: string } {
  const entry = chain.entries.find((e) => e.contract.symbol === symbol);
  if (entry === undefined) return { missing: `${symbol} not in the ${chain.underlying} chain` };
  if (chain.underlyingPrice === undefined) return { missing: `no ${chain.underlying} price for ${symbol}` };
  const bid = entry.quote?.bid;
  const ask = entry.quote?.ask;
  if (bid === undefined || ask === undefined || !(Number(bid.price) > 0)) return { missing: `no two-sided quote for ${symbol}` };
  const { right, strike, expiry } = entry.contract;
  const T = yearsToExpiry(expiry, chain.asOf, calendar);
  if (!(T > 0)) return { missing: `${symbol} has expired` };
  const S = Number(chain.underlyingPrice.price);
  const K = Number(strike);
  const price = Number(midDecimal(bid.price, ask.price));
  // A mid at or below the discounted intrinsic value (deep in the money; wide or stale quotes, or an American
  // put's early-exercise premium missing from a European model) admits no IV. Its Greeks are then the σ → 0 limit:
  // delta ±e^{−qT}, no gamma, no vega: what such a contract behaves like, rather than "not measured".
  const forward = S * Math.exp((rates.r - rates.q) * T);
  const intrinsic = Math.max(0, right === 'call' ? forward - K : K - forward) * Math.exp(-rates.r * T);
  if (intrinsic > 0 && price <= intrinsic * (1 + 1e-12)) {
    return { delta: (right === 'call' ? 1 : -1) * Math.exp(-rates.q * T), gamma: 0, vega: 0, iv: 0, underlyingPrice: S };
  }
  const iv = europeanImpliedVolatility({ kind: right, S, K, T, r: rates.r, q: rates.q, price });
  if (!iv.ok) return { missing: `no IV for ${symbol} at mid ${price}: ${iv.reason}` };
  const g = europeanGreeks({ kind: right, S, K, T, r: rates.r, q: rates.q, sigma: iv.value });
  if (![g.delta, g.gamma, g.vegaPct].every(Number.isFinite)) return { missing: `Greeks of ${symbol} not finite` };
  return { delta: g.delta, gamma: g.gamma, vega: g.vegaPct, iv: iv.value, underlyingPrice: S };
}

/** Per-share Greeks × signed units × multiplier, as a GreeksView total. */
export function scaleGreeks(g: Pick<ContractGreeks, 'delta' | 'gamma' | 'vega'>, signedUnits: number): GreeksView {
  return { delta: g.delta * signedUnits, gamma: g.gamma * signedUnits, vega: g.vega * signedUnits };
}

const addGreeks = (a: GreeksView | undefined, b: GreeksView): GreeksView => ({
  delta: (a?.delta ?? 0) + b.delta,
  gamma: (a?.gamma ?? 0) + b.gamma,
  vega: (a?.vega ?? 0) + b.vega,
});

export interface PositionGreeksResult {
  /** Per held option symbol: its total Greeks (per-share Greeks × signed contracts × multiplier). */
  readonly positionGreeks: Readonly<Record<string, GreeksView>>;
  /** Per underlying: shares (delta 1 each) plus every priced option on it, in share equivalents. */
  readonly byUnderlying: Readonly<Record<string, GreeksView>>;
  /** Per contract whose Greeks could not be computed: why (the checks then say "not measured" for it). */
  readonly missing: readonly string[];
}

/**
 * Greeks of every held option position from the chains (keyed by underlying), aggregated per underlying in
 * share equivalents with the stock positions (delta = shares). `multiplier` is the shares per contract of an
 * OCC position (100 for standard US equity options; adjusted contracts are not told apart by their symbol).
 */
export function positionGreeksFromChains(
  positions: readonly HeldPosition[],
  chains: ReadonlyMap<string, OptionChainSnapshot>,
  calendar: TradingCalendar,
  rates: GreekRates,
  multiplier = 100,
): PositionGreeksResult {
  const positionGreeks: Record<string, GreeksView> = {};
  const byUnderlying: Record<string, GreeksView> = {};
  const missing: string[] = [];
  for (const p of positions) {
    const quantity = Number(p.quantity);
    if (!Number.isFinite(quantity) || quantity === 0) continue;
    const root = optionRoot(p.symbol);
    if (root === undefined) {
      byUnderlying[p.symbol] = addGreeks(byUnderlying[p.symbol], { delta: quantity, gamma: 0, vega: 0 });
      continue;
    }
    const chain = chains.get(root);
    const g = chain === undefined ? { missing: `no ${root} chain for ${p.symbol}` } : contractGreeks(p.symbol, chain, calendar, rates);
    if ('missing' in g) {
      missing.push(g.missing);
      continue;
    }
    const total = scaleGreeks(g, quantity * multiplier);
    positionGreeks[p.symbol] = total;
    byUnderlying[root] = addGreeks(byUnderlying[root], total);
  }
  return { positionGreeks, byUnderlying, missing };
}

/** One contract an option order trades: signed contracts for the whole order (buy +, sell −), multiplier, carried Greeks. */
interface OrderLeg {
  readonly symbol: string;
  readonly signedContracts: number;
  readonly multiplier: number;
  readonly greeks?: Pick<ContractGreeks, 'delta' | 'gamma' | 'vega'>;
}

function orderLegs(intent: OrderIntentV1): readonly OrderLeg[] {
  const units = Number(intent.quantity);
  if (intent.option !== undefined) {
    const { contractSymbol, multiplier, greeks } = intent.option;
    return [{ symbol: contractSymbol, signedContracts: (intent.side === 'buy' ? 1 : -1) * units, multiplier, ...(greeks === undefined ? {} : { greeks }) }];
  }
  // A multi-leg order's legs carry their own sides; the intent's side only says debit or credit.
  return (intent.multiLeg?.legs ?? []).map((l) => ({
    symbol: l.contractSymbol,
    signedContracts: (l.side === 'buy' ? 1 : -1) * l.ratio * units,
    multiplier: l.multiplier,
    ...(l.greeks === undefined ? {} : { greeks: l.greeks }),
  }));
}

/**
 * The Greeks an option or multi-leg order adds to the portfolio (totals in share equivalents), from the Greeks
 * the intent carries, else from `lookup` (the chain). Undefined for a stock order; a reason when a leg has none.
 */
export function orderGreeks(
  intent: OrderIntentV1,
  lookup?: (symbol: string) => ContractGreeks | { readonly missing: string },
): GreeksView | { readonly missing: string } | undefined {
  const legs = orderLegs(intent);
  if (legs.length === 0) return undefined;
  let total: GreeksView = { delta: 0, gamma: 0, vega: 0 };
  for (const leg of legs) {
    const g = leg.greeks ?? lookup?.(leg.symbol) ?? { missing: `no Greeks for ${leg.symbol}` };
    if ('missing' in g) return { missing: g.missing };
    total = addGreeks(total, scaleGreeks(g, leg.signedContracts * leg.multiplier));
  }
  return total;
}
