import * as money from '../money';

type Dec = ReturnType<typeof money.dec>;
const ZERO = money.dec('0');

/** A signed position (negative = short) at its volume-weighted average entry price. */
export interface ExactPosition {
  readonly quantity: Dec;
  readonly averagePrice: Dec;
}

/** A position after one fill, and the gross P&L the fill realised. */
export interface BookedPosition extends ExactPosition {
  readonly realizedPnl: Dec;
}

/**
 * Books a fill of `quantity` (> 0) at `price` on a position — the same rules as the paper broker's Ledger
 * (local/paper-broker/ledger.ts), as a pure function it could share: opening or adding moves the average
 * entry price to the volume-weighted mean; reducing realises (price − average) × closed quantity (sign-flipped
 * for shorts) and keeps the average; a fill through zero closes the old side and opens the rest at the fill
 * price. Averages are exact to the money module's precision (40 significant digits); they are not rounded here.
 */
export function bookFill(position: ExactPosition | undefined, side: 'buy' | 'sell', quantity: Dec, price: Dec): BookedPosition {
  const zero = ZERO;
  const held = position?.quantity ?? zero;
  const average = position?.averagePrice ?? zero;
  const signed = side === 'buy' ? quantity : quantity.negated();
  const next = held.plus(signed);
  if (held.isZero() || held.isNegative() === signed.isNegative()) {
    const averagePrice = held.abs().times(average).plus(quantity.times(price)).div(held.abs().plus(quantity));
    return { quantity: next, averagePrice, realizedPnl: zero };
  }
  const closing = quantity.lte(held.abs()) ? quantity : held.abs();
  const realizedPnl = closing.times(price.minus(average)).times(held.isNegative() ? -1 : 1);
  const averagePrice = next.isZero() ? zero : quantity.gt(held.abs()) ? price : average;
  return { quantity: next, averagePrice, realizedPnl };
}
