import type { OrderIntentV1 } from '../../layers/contracts';

/** A valid market buy of 10 SPY (OrderIntentV1), with `overrides` applied: the one test intent tests vary. */
export function orderIntent(overrides: Partial<OrderIntentV1> = {}): OrderIntentV1 {
  return {
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
    ...overrides,
  };
}
