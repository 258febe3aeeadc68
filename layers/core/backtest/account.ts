import * as money from '../money';
import { decimalText, exactFromFloat } from './exact';
import { bookFill, type BookedPosition, type ExactPosition } from './ledger';
import type { BacktestTrade, OrderSide } from './types';

type Dec = ReturnType<typeof money.dec>;
const ZERO = money.dec('0');
const str = decimalText;
const MAX_SAFE_NUMBER = 2 ** 53;
const MAX_SAFE = money.dec(String(MAX_SAFE_NUMBER));

/** The open part of a position for trade bookkeeping: when it was opened and the entry fees not yet allocated. */
interface OpenLot {
  readonly entryTime: number;
  fees: Dec;
}

/**
 * The account of a run: exact cash, positions, realised P&L, fees, dividends and borrow fees, plus trade
 * bookkeeping, indexed by symbol (the run's sorted symbol list). Exact decimals change only where money moves
 * (fills, dividends, fees, splits); integer mirrors of cash and positions (and the raw float `lastClose`) let
 * the equity curve be marked every bar without decimal arithmetic and still equal the exact mark (equityFloat).
 */
export class Account {
  cash: Dec;
  realized: Dec = ZERO;
  totalFees: Dec = ZERO;
  dividends: Dec = ZERO;
  borrowFees: Dec = ZERO;
  readonly positions: (ExactPosition | undefined)[];
  /** Raw float close of each symbol's last bar (NaN before its first bar). */
  readonly lastClose: Float64Array;
  readonly multipliers: readonly Dec[];
  private readonly unitMultiplier: readonly boolean[];
  private readonly lots: (OpenLot | undefined)[];
  /** Symbols with a non-zero position, in the order they opened (marking iterates only these). */
  private held: number[] = [];
  private readonly markCache: (Dec | undefined)[];
  private readonly markCacheOf: Float64Array;
  readonly trades: BacktestTrade[] = [];
  // Integer mirrors for marking (see equityFloat): cash × 10^cashScale, and position × multiplier, when exact.
  private cashScale = 0;
  private cashScaled = Number.NaN;
  private readonly unitsScaled: Float64Array;
  private readonly pricePow: number;

  constructor(
    readonly symbols: readonly string[],
    cash: Dec,
    private readonly places: number,
    multipliers: readonly Dec[],
  ) {
    const n = symbols.length;
    this.cash = cash;
    this.positions = new Array<ExactPosition | undefined>(n).fill(undefined);
    this.lastClose = new Float64Array(n).fill(Number.NaN);
    this.multipliers = multipliers;
    this.unitMultiplier = multipliers.map((m) => m.eq(1));
    this.lots = new Array<OpenLot | undefined>(n).fill(undefined);
    this.markCache = new Array<Dec | undefined>(n).fill(undefined);
    this.markCacheOf = new Float64Array(n).fill(Number.NaN);
    this.unitsScaled = new Float64Array(n);
    this.pricePow = 10 ** places;
    this.setCash(cash);
  }

  setCash(cash: Dec): void {
    this.cash = cash;
    // Cash as an integer count of 10^-scale units, when that is exact and safe in a double (else NaN: slow path).
    this.cashScale = Math.max(this.places, cash.decimalPlaces());
    const scaled = this.cashScale <= 15 ? cash.times(10 ** this.cashScale) : undefined;
    this.cashScaled = scaled !== undefined && scaled.abs().lt(MAX_SAFE) ? scaled.toNumber() : Number.NaN;
  }

  /** Value of `quantity` units at `price` (× the contract multiplier). */
  value(i: number, quantity: Dec, price: Dec): Dec {
    const v = quantity.times(price);
    return this.unitMultiplier[i] === true ? v : v.times(this.multipliers[i] ?? 1);
  }

  quantity(i: number): Dec {
    return this.positions[i]?.quantity ?? ZERO;
  }

  /** The exact mark of a symbol: its last close at the run's price places, else (no bar yet) the average price. */
  mark(i: number): Dec {
    const close = this.lastClose[i] ?? Number.NaN;
    if (Number.isNaN(close)) return this.positions[i]?.averagePrice ?? ZERO;
    if (this.markCacheOf[i] !== close) {
      this.markCache[i] = exactFromFloat(close, this.places);
      this.markCacheOf[i] = close;
    }
    return this.markCache[i] ?? ZERO;
  }

  /** Exact equity: cash + Σ position × mark × multiplier. */
  equity(): Dec {
    let e = this.cash;
    for (const i of this.held) {
      const p = this.positions[i];
      if (p !== undefined) e = e.plus(this.value(i, p.quantity, this.mark(i)));
    }
    return e;
  }

  /**
   * Equity as a float for the equity curve, equal to `Number(this.equity())` (the exact equity rounded once) without
   * decimal arithmetic in the common case: with cash = C / 10^s, each mark = M / 10^p (the close rounded half-even to
   * p price places) and integer positions × multipliers Q, equity = (C + Σ Q × M × 10^(s−p)) / 10^s; when every term
   * and partial sum is an integer below 2^53 the sum is exact in doubles and the one division rounds correctly, like
   * the decimal's own conversion. Anything else (fractional units, cash with more than 15 places, huge values, a close
   * whose rounding is a near tie in floats) takes the exact decimal path.
   */
  equityFloat(): number {
    let sum = this.cashScaled;
    const held = this.held;
    if (held.length === 0) return Number.isNaN(sum) ? this.cash.toNumber() : sum / 10 ** this.cashScale;
    if (Number.isNaN(sum)) return this.equity().toNumber();
    const shift = 10 ** (this.cashScale - this.places);
    for (let h = 0; h < held.length; h += 1) {
      const i = held[h] ?? 0;
      const units = this.unitsScaled[i] ?? Number.NaN;
      const close = this.lastClose[i] ?? Number.NaN;
      const scaledClose = close * this.pricePow;
      const ticks = Math.round(scaledClose);
      const term = units * ticks * shift;
      // NaN (no close yet, fractional units) fails these comparisons too and falls back.
      // Below 2^32 a double's error in close × 10^p is under 5e-7, so a fraction 1e-6 away from .5 rounds as the decimal does.
      const clear = Math.abs(scaledClose) < 2 ** 32 && Math.abs(Math.abs(scaledClose - Math.trunc(scaledClose)) - 0.5) > 1e-6;
      if (!clear || !(Math.abs(term) < MAX_SAFE_NUMBER)) return this.equity().toNumber();
      sum += term;
      if (!(Math.abs(sum) < MAX_SAFE_NUMBER)) return this.equity().toNumber();
    }
    return sum / 10 ** this.cashScale;
  }

  /**
   * Equity and gross exposure if symbol `i` held `quantityAfter` valued at `price` and cash were `cashAfter`
   * (other symbols at their marks): the buying-power check of a fill.
   */
  exposureAfter(i: number, quantityAfter: Dec, price: Dec, cashAfter: Dec): { readonly equity: Dec; readonly gross: Dec } {
    let equity = cashAfter.plus(this.value(i, quantityAfter, price));
    let gross = this.value(i, quantityAfter.abs(), price);
    for (const s of this.held) {
      if (s === i) continue;
      const p = this.positions[s];
      if (p === undefined) continue;
      const m = this.mark(s);
      equity = equity.plus(this.value(s, p.quantity, m));
      gross = gross.plus(this.value(s, p.quantity.abs(), m));
    }
    return { equity, gross };
  }

  /** The position after a fill, without booking it. */
  preview(i: number, side: OrderSide, quantity: Dec, price: Dec): BookedPosition {
    const booked = bookFill(this.positions[i], side, quantity, price);
    const m = this.multipliers[i];
    // Realised P&L is per unit of price: scale it by the contract multiplier.
    return this.unitMultiplier[i] === true || m === undefined ? booked : { ...booked, realizedPnl: booked.realizedPnl.times(m) };
  }

  /** Books a checked fill: cash, fees, realised P&L, position and the trade record of any closed part. */
  book(i: number, side: OrderSide, quantity: Dec, price: Dec, fee: Dec, booked: BookedPosition, t: number): void {
    const held = this.positions[i];
    const heldQty = held?.quantity ?? ZERO;
    const signed = side === 'buy' ? quantity : quantity.negated();
    const symbol = this.symbols[i] ?? '';
    // Trade bookkeeping: allocate entry fees pro rata to the closed quantity.
    const lot = this.lots[i];
    if (heldQty.isZero() || heldQty.isNegative() === signed.isNegative()) {
      if (lot === undefined) this.lots[i] = { entryTime: t, fees: fee };
      else lot.fees = lot.fees.plus(fee);
    } else {
      const closing = quantity.lte(heldQty.abs()) ? quantity : heldQty.abs();
      const entryFees = lot === undefined ? ZERO : lot.fees.times(closing).div(heldQty.abs());
      const exitFees = fee.times(closing).div(quantity);
      const tradeFees = entryFees.plus(exitFees);
      this.trades.push({
        symbol,
        side: heldQty.isNegative() ? 'short' : 'long',
        quantity: str(closing),
        entryTime: lot?.entryTime ?? t,
        exitTime: t,
        entryPrice: str(held?.averagePrice ?? price),
        exitPrice: str(price),
        fees: str(tradeFees),
        grossPnl: str(booked.realizedPnl),
        pnl: str(booked.realizedPnl.minus(tradeFees)),
      });
      if (lot !== undefined) lot.fees = lot.fees.minus(entryFees);
      if (booked.quantity.isZero()) this.lots[i] = undefined;
      else if (quantity.gt(heldQty.abs())) this.lots[i] = { entryTime: t, fees: fee.minus(exitFees) };
    }
    this.setCash(this.cash.minus(this.value(i, signed, price)).minus(fee));
    this.realized = this.realized.plus(booked.realizedPnl);
    this.totalFees = this.totalFees.plus(fee);
    this.setPosition(i, booked.quantity.isZero() ? undefined : { quantity: booked.quantity, averagePrice: booked.averagePrice });
  }

  /** Replaces a position (fills, splits). */
  setPosition(i: number, position: ExactPosition | undefined): void {
    const had = this.positions[i] !== undefined;
    this.positions[i] = position;
    const units = position === undefined ? ZERO : this.unitMultiplier[i] === true ? position.quantity : position.quantity.times(this.multipliers[i] ?? 1);
    this.unitsScaled[i] = units.isInteger() && units.abs().lt(MAX_SAFE) ? units.toNumber() : Number.NaN;
    if (position === undefined && had) this.held = this.held.filter((s) => s !== i);
    else if (position !== undefined && !had) this.held.push(i);
  }

  /** Open positions, sorted by symbol. */
  heldSymbols(): readonly number[] {
    return [...this.held].sort((a, b) => a - b);
  }
}
