import { FunctionConfigError, loadFunctionConfig } from '../../../../layers/adapters/config';

const valid = {
  TRADELOOP_ACCOUNT_ID: 'acct1',
  TRADELOOP_EVENT_BUS: 'tradeloop',
  TRADELOOP_TABLE_PREFIX: 'tl-',
  TRADELOOP_BARS_QUEUE_URL: 'http://127.0.0.1:1/000/tl-bars.fifo',
  TRADELOOP_BARS_DLQ_URL: 'http://127.0.0.1:1/000/tl-bars-dlq.fifo',
  TRADELOOP_ORDER_INTENTS_QUEUE_URL: 'http://127.0.0.1:1/000/tl-order-intents.fifo',
  TRADELOOP_ORDER_INTENTS_DLQ_URL: 'http://127.0.0.1:1/000/tl-order-intents-dlq.fifo',
  TRADELOOP_ORDERS_QUEUE_URL: 'http://127.0.0.1:1/000/tl-orders.fifo',
  TRADELOOP_ORDERS_DLQ_URL: 'http://127.0.0.1:1/000/tl-orders-dlq.fifo',
  TRADELOOP_WATCHLIST: 'SPY, IBM ,BAC',
  TRADELOOP_ALPACA_SECRET_ID: 'tradeloop/alpaca',
};

describe('loadFunctionConfig', () => {
  it('parses the environment with defaults and caches per environment object', () => {
    const env = { ...valid };
    const config = loadFunctionConfig(env);
    expect(config.TRADELOOP_WATCHLIST).toEqual(['SPY', 'IBM', 'BAC']);
    expect(config.TRADELOOP_MARKET_DATA_FEED).toBe('iex');
    expect(config.TRADELOOP_CLOCK).toBe('system');
    expect(config.TRADELOOP_ALPACA_TRADING_URL).toBe('https://paper-api.alpaca.markets');
    env.TRADELOOP_ACCOUNT_ID = 'changed';
    expect(loadFunctionConfig(env)).toBe(config);
  });

  it('lists every problem by variable name in one error, without echoing values', () => {
    const env = { ...valid, TRADELOOP_WATCHLIST: 'spy', TRADELOOP_CLOCK: 'sundial', TRADELOOP_ACCOUNT_ID: undefined };
    let error: unknown;
    try {
      loadFunctionConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FunctionConfigError);
    const problems = (error as FunctionConfigError).problems.join('\n');
    expect(problems).toMatch(/TRADELOOP_ACCOUNT_ID/);
    expect(problems).toMatch(/TRADELOOP_WATCHLIST/);
    expect(problems).toMatch(/TRADELOOP_CLOCK/);
    expect(String(error)).not.toContain('sundial');
  });
});
