import { OrderIntentV1, parseEventDetail, physicalName } from '../../../layers/contracts';
import { orderIntent } from '../../support/order-intent';

const intent = orderIntent();

describe('contracts', () => {
  it('accepts a well-formed intent and rejects a limit order without a limit price', () => {
    expect(OrderIntentV1.parse(intent).symbol).toBe('SPY');
    const bad = OrderIntentV1.safeParse({ ...intent, orderType: 'limit' });
    expect(bad.success).toBe(false);
  });

  it('rejects binary-float quantities and lower-case tickers', () => {
    expect(OrderIntentV1.safeParse({ ...intent, quantity: 10 }).success).toBe(false);
    expect(OrderIntentV1.safeParse({ ...intent, symbol: 'spy' }).success).toBe(false);
  });

  it('parses event details by detail-type', () => {
    expect(() => parseEventDetail('bar.closed', { schema: 'BarClosedV1' })).toThrow();
  });

  it('derives FIFO queue names', () => {
    expect(physicalName.queue('t-', 'orders')).toBe('t-orders.fifo');
    expect(physicalName.deadLetterQueue('t-', 'orders')).toBe('t-orders-dlq.fifo');
  });
});
