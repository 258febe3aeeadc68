/**
 * Option orders in the paper broker: single contracts (a simple order on an OCC symbol) and multi-leg
 * orders (Alpaca `order_class: mleg`), priced from the shipped option quotes the options endpoints serve.
 *
 * - Request: the POST body is validated against Alpaca's `CreateOrderRequest` schema (the OpenAPI document
 *   in ./openapi), then against the rules Alpaca states for options: whole contracts, `day` only, at most 4
 *   legs, each on a different contract, no `symbol`/`side` on an mleg order, a contract this broker has data for.
 * - Approval: the account's options level (Alpaca's 1 covered call / cash-secured put, 2 long calls and puts,
 *   3 spreads); an uncovered short call (a structure whose payoff falls without bound) is refused at any level.
 * - Buying power: the structure's maximum loss per unit at expiry (× 100 × units), from the legs' payoff and
 *   the net premium (the limit, or the current taker net for a market order).
 * - Fills: all-or-none, at the net of the legs' taker prices (mid ± half-spread per leg: the ask to buy, the
 *   bid to sell) when the order is marketable on its first eligible minute; a limit that is not marketable
 *   rests and fills at its own limit on a later minute whose taker net reaches it. Quotes are the minute
 *   quote bars known at that minute's close. A leg without a two-sided quote blocks the fill that minute.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { Decimal } from 'decimal.js';
import { quoteAt } from '../../layers/core/options/chain/snapshot';
import type { OptionContract } from '../../layers/core/options';
import { unprocessable } from './broker-errors';
import type { OptionsMarket } from './options-api';

const ZERO = new Decimal(0);

export type PositionIntentValue = 'buy_to_open' | 'buy_to_close' | 'sell_to_open' | 'sell_to_close';

/** One leg as the engine works it (a single option order is one leg of ratio 1). */
export interface PaperLeg {
  readonly symbol: string;
  readonly ratio: Decimal;
  readonly side: 'buy' | 'sell';
  readonly positionIntent: PositionIntentValue;
  readonly contract: OptionContract;
  /** Per-share fill price of this leg, once filled. */
  filledPrice: Decimal | undefined;
}

/** A two-sided quote of one contract (per share of underlying). */
export interface TwoSidedQuote {
  readonly bid: Decimal;
  readonly ask: Decimal;
}

/** What the broker knows about option contracts: the contract terms and the quote known at a time. */
export interface OptionsDesk {
  contract(symbol: string): OptionContract | undefined;
  quote(symbol: string, asOf: number): TwoSidedQuote | undefined;
}

export const OCC_SYMBOL = /^([A-Z][A-Z0-9.]{0,5}?)(\d{6})([CP])(\d{8})$/;
export const isOccSymbol = (symbol: string): boolean => OCC_SYMBOL.test(symbol);
const underlyingOf = (symbol: string): string => OCC_SYMBOL.exec(symbol)?.[1] ?? '';

/** The desk over the loaded Lean option days: the day the time is in (else the last before it). */
export function optionsDesk(market: OptionsMarket): OptionsDesk {
  const contracts = new Map<string, OptionContract>();
  for (const days of market.days.values()) for (const day of days) for (const c of day.contracts) contracts.set(c.contract.symbol, c.contract);
  return {
    contract: (symbol) => contracts.get(symbol),
    quote: (symbol, asOf) => {
      let found: (typeof market.days extends ReadonlyMap<string, readonly (infer D)[]> ? D : never) | undefined;
      for (const day of market.days.get(underlyingOf(symbol)) ?? []) if (day.session.extendedOpen <= asOf) found = day;
      const series = found?.contracts.find((c) => c.contract.symbol === symbol);
      const quote = series === undefined ? undefined : quoteAt(series.quotes, asOf);
      const bid = quote?.bid === undefined ? undefined : new Decimal(quote.bid.price);
      const ask = quote?.ask === undefined ? undefined : new Decimal(quote.ask.price);
      if (bid === undefined || ask === undefined || !bid.greaterThan(0) || ask.lessThan(bid)) return undefined;
      return { bid, ask };
    },
  };
}

// ---------------------------------------------------------------- request validation (OpenAPI)

const SPEC = JSON.parse(readFileSync(fileURLToPath(new URL('./openapi/trading-api.json', import.meta.url)), 'utf8')) as Record<string, unknown>;
const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);
for (const format of ['decimal', 'int32', 'int64', 'uint32', 'uint64', 'double', 'float']) ajv.addFormat(format, true);
ajv.addSchema(SPEC, 'trading');
const validateCreateOrder = ajv.compile({ $ref: 'trading#/components/schemas/CreateOrderRequest' });

/** Throws Alpaca's 422 when the body does not match the OpenAPI `CreateOrderRequest` schema. */
export function validateCreateOrderRequest(body: unknown): void {
  if (!validateCreateOrder(body)) throw unprocessable(`invalid order request: ${ajv.errorsText(validateCreateOrder.errors, { dataVar: 'body' })}`);
}

// ---------------------------------------------------------------- structure arithmetic

const sign = (side: 'buy' | 'sell'): number => (side === 'buy' ? 1 : -1);

/** Σ sign × ratio × price(leg), per share: positive = a net debit. */
export function netOf(legs: readonly PaperLeg[], price: (leg: PaperLeg) => Decimal): Decimal {
  return legs.reduce((sum, leg) => sum.plus(price(leg).times(leg.ratio).times(sign(leg.side))), ZERO);
}

/** The taker price of a leg: the ask to buy, the bid to sell (mid ± half-spread). */
export const takerPrice = (leg: PaperLeg, quote: TwoSidedQuote): Decimal => (leg.side === 'buy' ? quote.ask : quote.bid);

export const midPrice = (quote: TwoSidedQuote): Decimal => quote.bid.plus(quote.ask).div(2);

function intrinsic(contract: OptionContract, spot: Decimal): Decimal {
  const strike = new Decimal(contract.strike);
  return Decimal.max(ZERO, contract.right === 'call' ? spot.minus(strike) : strike.minus(spot));
}

/**
 * The worst loss of one unit at expiry, per share, given the net premium paid (negative = received):
 * −min over the payoff's kinks (0 and every strike) of payoff − premium; undefined when the payoff falls
 * without bound as the underlying rises (more short calls than long). Expiries are treated as one date.
 */
export function maxLossPerShare(legs: readonly PaperLeg[], netPremium: Decimal): Decimal | undefined {
  const callSlope = legs.reduce((sum, leg) => (leg.contract.right === 'call' ? sum.plus(leg.ratio.times(sign(leg.side))) : sum), ZERO);
  if (callSlope.isNegative()) return undefined;
  const points = [ZERO, ...legs.map((leg) => new Decimal(leg.contract.strike))];
  let worst: Decimal | undefined;
  for (const spot of points) {
    const value = netOf(legs, (leg) => intrinsic(leg.contract, spot)).minus(netPremium);
    worst = worst === undefined || value.lessThan(worst) ? value : worst;
  }
  return Decimal.max(ZERO, (worst ?? ZERO).negated());
}

/** The options level an order needs (Alpaca): 3 for any multi-leg order, 2 to buy, 1 to sell (covered / cash-secured or closing). */
export function requiredLevel(legs: readonly PaperLeg[], multiLeg: boolean): number {
  if (multiLeg) return 3;
  return legs[0]?.side === 'buy' ? 2 : 1;
}

/** Parses and checks one leg of a request against the desk. */
export function legOf(desk: OptionsDesk, raw: { readonly symbol: string; readonly ratio: string; readonly side?: string | undefined; readonly positionIntent?: string | undefined }): PaperLeg {
  const symbol = raw.symbol.toUpperCase();
  const contract = desk.contract(symbol);
  if (!isOccSymbol(symbol) || contract === undefined) throw unprocessable(`asset "${raw.symbol}" not found`);
  let ratio: Decimal;
  try {
    ratio = new Decimal(raw.ratio);
  } catch {
    throw unprocessable('invalid ratio_qty');
  }
  if (!ratio.isInteger() || !ratio.greaterThan(0)) throw unprocessable('ratio_qty must be a positive whole number');
  const intent = raw.positionIntent;
  const side = raw.side ?? (intent?.startsWith('buy') === true ? 'buy' : intent?.startsWith('sell') === true ? 'sell' : undefined);
  if (side !== 'buy' && side !== 'sell') throw unprocessable(`leg ${symbol}: side is required`);
  if (intent !== undefined && !intent.startsWith(side)) throw unprocessable(`leg ${symbol}: position_intent ${intent} contradicts side ${side}`);
  const positionIntent = (intent ?? `${side}_to_open`) as PositionIntentValue;
  return { symbol, ratio, side, positionIntent, contract, filledPrice: undefined };
}
