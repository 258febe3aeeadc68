import { OrderIntentV1, parseEventDetail, physicalName } from '../../../layers/contracts';

const intent = {
  schema: 'OrderIntentV1',
  intentId: 'acct1:sma:SPY:1381152600000',
  accountId: 'acct1',
  strategyId: 'sma',
  signalId: 'sma:SPY:1381152600000',
  symbol: 'SPY',
  side: 'buy',
  quantity: '10',
  orderType: 'market',
  timeInForce: 'day',
  referencePrice: '168.10',
  marketDataAt: 1381152600000,
  createdAt: 1381152660000,
};

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
