import { Decimal } from 'decimal.js';

/** One open position; `quantity` is signed (negative = short). */
export interface LedgerPosition {
  readonly symbol: string;
  readonly quantity: Decimal;
  readonly averageEntryPrice: Decimal;
  /** The mark used when the position was last valued (last closed bar's close). */
  readonly lastdayPrice: Decimal;
  /** Shares of underlying per unit for an option contract (100); absent for shares (1). Prices stay per share. */
  readonly multiplier?: number;
}

/** The result of booking one fill. */
export interface BookedFill {
  /** Signed position after the fill. */
  readonly positionQuantity: Decimal;
  /** Profit or loss realised by the part of the fill that reduced the position. */
  readonly realizedPnl: Decimal;
}

/**
 * Exact cash-and-positions book of the paper account. All arithmetic is decimal; a fill moves cash by
 * −signed quantity × price, grows a position at its volume-weighted average entry price, and realises P&L
 * on the part that reduces it (a fill through zero closes the old side and opens the new one at the fill price).
 */
export class Ledger {
  private cashBalance: Decimal;
  private realized = new Decimal(0);
  private readonly positions = new Map<string, LedgerPosition>();

  constructor(startingCash: Decimal) {
    this.cashBalance = startingCash;
  }

  cash(): Decimal {
    return this.cashBalance;
  }

  realizedPnl(): Decimal {
    return this.realized;
  }

  position(symbol: string): LedgerPosition | undefined {
    return this.positions.get(symbol);
  }

  openPositions(): readonly LedgerPosition[] {
    return [...this.positions.values()].sort((a, b) => a.symbol.localeCompare(b.symbol));
  }

  /** Books a fill of `quantity` (> 0) shares (or contracts of `multiplier` shares) at `price` per share. */
  book(symbol: string, side: 'buy' | 'sell', quantity: Decimal, price: Decimal, multiplier = 1): BookedFill {
    const signed = side === 'buy' ? quantity : quantity.negated();
    this.cashBalance = this.cashBalance.minus(signed.times(price).times(multiplier));
    const current = this.positions.get(symbol);
    const held = current?.quantity ?? new Decimal(0);
    const average = current?.averageEntryPrice ?? new Decimal(0);
    let realizedPnl = new Decimal(0);
    let nextAverage: Decimal;
    if (held.isZero() || held.isNegative() === signed.isNegative()) {
      // Opening or adding: volume-weighted average entry price.
      nextAverage = held.abs().times(average).plus(quantity.times(price)).div(held.abs().plus(quantity));
    } else {
      const closing = Decimal.min(quantity, held.abs());
      // A long gains when the exit is above entry; a short when it is below.
      realizedPnl = closing.times(price.minus(average)).times(held.isNegative() ? -1 : 1).times(multiplier);
      nextAverage = quantity.greaterThan(held.abs()) ? price : average;
    }
    this.realized = this.realized.plus(realizedPnl);
    const next = held.plus(signed);
    if (next.isZero()) this.positions.delete(symbol);
    else this.positions.set(symbol, { symbol, quantity: next, averageEntryPrice: nextAverage, lastdayPrice: current?.lastdayPrice ?? price, ...(multiplier === 1 ? {} : { multiplier }) });
    return { positionQuantity: next, realizedPnl };
  }

  /** Sets the previous-session reference price of each position (for change_today and intraday P&L). */
  rollDay(marks: (symbol: string) => Decimal | undefined): void {
    for (const [symbol, position] of this.positions) {
      const mark = marks(symbol);
      if (mark !== undefined) this.positions.set(symbol, { ...position, lastdayPrice: mark });
    }
  }
}
