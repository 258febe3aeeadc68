import type { OrderIntentV1 } from '../../../contracts';
import * as money from '../../money';
import type { PositionView } from '../preTradeCheck';

/** The price an order is judged at: its limit price, else the reference price it was sized at. */
export const orderPrice = (intent: OrderIntentV1): string => intent.limitPrice ?? intent.referencePrice;

/** quantity × price. */
export const orderNotional = (intent: OrderIntentV1): string => money.mul(intent.quantity, orderPrice(intent));

/** The signed quantity change of an order: + for a buy, − for a sell. */
export const signedQuantity = (intent: OrderIntentV1): string =>
  intent.side === 'buy' ? intent.quantity : money.neg(intent.quantity);

/** Current signed position in the intent's symbol ("0" when flat). */
export function currentQuantity(positions: readonly PositionView[], symbol: string): string {
  return positions.find((p) => p.symbol === symbol)?.quantity ?? '0';
}
