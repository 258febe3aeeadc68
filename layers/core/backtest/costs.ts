import Decimal from 'decimal.js';
import * as money from '../money';
import type { AlpacaEquityFees, BarQuote, Fees, OrderSide, Slippage } from './types';

type Dec = ReturnType<typeof money.dec>;
const ZERO = money.dec('0');

/** Units a volume-share slippage model lets fill on a bar (whole units, rounded down); undefined = no cap. */
export function slippageCapacity(slippage: Slippage, volume: Dec): Dec | undefined {
  if (slippage.kind !== 'volume-share') return undefined;
  return volume.times(String(slippage.volumeLimit)).toDecimalPlaces(0, Decimal.ROUND_DOWN);
}

/** How a taker fill meets a half-spread model: `market` orders take the quote's side outright. */
export interface SpreadContext {
  /** The bar's quote (`{ bid, ask }`) or spread (a number); undefined = none this bar. */
  readonly quote: BarQuote | number | undefined;
  /** True for market orders (incl. opg/cls): they fill at the ask (buy) or bid (sell) of a quote. */
  readonly market: boolean;
}

/**
 * The taker price after slippage, rounded half-even to `places`; a limit order's price is capped at its limit
 * (a marketable limit never fills worse than its limit).
 */
export function slippedPrice(
  slippage: Slippage,
  side: OrderSide,
  price: Dec,
  quantity: Dec,
  volume: Dec,
  places: number,
  limit: Dec | undefined,
  spread?: SpreadContext,
): Dec {
  const buy = side === 'buy';
  let moved: Dec;
  if (slippage.kind === 'none') {
    // No arithmetic when the price is already on the grid (the common case): the same value the general path gives.
    moved = price.decimalPlaces() <= places ? price : price.toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN);
  } else if (slippage.kind === 'half-spread') {
    moved = halfSpreadPrice(side, price, places, spread);
  } else {
    let fraction = ZERO;
    if (slippage.kind === 'fixed-bps') fraction = money.dec(String(slippage.bps)).div(10_000);
    else if (volume.gt(0)) {
      const ratio = quantity.div(volume);
      const share = ratio.lte(slippage.volumeLimit) ? ratio : money.dec(String(slippage.volumeLimit));
      fraction = share.times(share).times(String(slippage.priceImpact));
    }
    moved = price.times(fraction.times(buy ? 1 : -1).plus(1)).toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN);
  }
  if (limit !== undefined && (buy ? moved.gt(limit) : moved.lt(limit))) moved = limit;
  return moved;
}

/**
 * Half-spread slippage: a market order with a quote fills at the ask (buy) or the bid (sell); any other taker fill
 * (or any fill with only a spread) moves against the taker by half the spread. Non-finite or negative spreads,
 * and a missing entry, move nothing.
 */
export function halfSpreadPrice(side: OrderSide, price: Dec, places: number, spread: SpreadContext | undefined): Dec {
  const round = (d: Dec): Dec => d.toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN);
  const quote = spread?.quote;
  if (quote === undefined) return round(price);
  if (typeof quote !== 'number') {
    if (!Number.isFinite(quote.bid) || !Number.isFinite(quote.ask) || quote.ask < quote.bid) return round(price);
    const bid = money.dec(money.fromNumber(quote.bid, places));
    const ask = money.dec(money.fromNumber(quote.ask, places));
    if (spread?.market === true) return side === 'buy' ? ask : bid;
    const half = ask.minus(bid).div(2);
    return round(side === 'buy' ? price.plus(half) : price.minus(half));
  }
  if (!Number.isFinite(quote) || quote < 0) return round(price);
  const half = money.dec(money.fromNumber(quote, places + 1)).div(2);
  return round(side === 'buy' ? price.plus(half) : price.minus(half));
}

/** The last few amount texts parsed (fee settings repeat on every fill); values are immutable, so sharing is safe. */
const parsed = new Map<string, Dec>();
function parsedOnce(text: string): Dec {
  let d = parsed.get(text);
  if (d === undefined) {
    if (parsed.size > 64) parsed.clear();
    d = money.dec(text);
    parsed.set(text, d);
  }
  return d;
}

const ceilCents = (x: Dec): Dec => x.toDecimalPlaces(2, Decimal.ROUND_UP);

/** Alpaca's pass-through regulatory fees of one sell fill (0 for buys). */
export function alpacaRegulatoryFee(fees: AlpacaEquityFees, side: OrderSide, quantity: Dec, price: Dec): Dec {
  if (side === 'buy') return ZERO;
  const sec = ceilCents(quantity.times(price).times(money.dec(fees.secFeeRate ?? '0')));
  let taf = ceilCents(quantity.times(money.dec(fees.tafPerShare ?? '0')));
  const cap = money.dec(fees.tafMaxPerTrade ?? '0');
  if (cap.gt(0) && taf.gt(cap)) taf = cap;
  return sec.plus(taf);
}

/** What a fee model needs to know about one fill beyond side, quantity and price. */
export interface FeeContext {
  /** The first fill of its order (per-order fees are charged once). */
  readonly firstFillOfOrder: boolean;
  readonly liquidity: 'maker' | 'taker';
  /** Contract multiplier of the symbol (notional = quantity × price × multiplier). */
  readonly multiplier: Dec;
}

/**
 * The fee of one fill. `context` may be a boolean (first fill of its order) for callers of the older signature:
 * taker liquidity and multiplier 1 are then assumed.
 */
export function feeFor(fees: Fees, side: OrderSide, quantity: Dec, price: Dec, context: boolean | FeeContext): Dec {
  const ctx: FeeContext = typeof context === 'boolean' ? { firstFillOfOrder: context, liquidity: 'taker', multiplier: money.dec('1') } : context;
  switch (fees.kind) {
    case 'none':
      return ZERO;
    case 'per-order':
      return ctx.firstFillOfOrder ? parsedOnce(fees.amount) : ZERO;
    case 'percent':
      return quantity.times(price).times(ctx.multiplier).times(money.dec(fees.pct)).div(100);
    case 'alpaca-equities':
      return alpacaRegulatoryFee(fees, side, quantity, price);
    case 'per-contract':
      return quantity.times(money.dec(fees.perContract));
    case 'maker-taker': {
      const bps = money.dec(ctx.liquidity === 'maker' ? fees.makerBps : fees.takerBps);
      return quantity.times(price).times(ctx.multiplier).times(bps).div(10_000);
    }
  }
}
