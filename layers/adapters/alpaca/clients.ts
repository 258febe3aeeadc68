import { marketData, trading } from '@alpacahq/alpaca-trade-api';

/** The generated per-API Alpaca clients tradeloop uses, sharing one trading and one market-data configuration. */
export interface AlpacaClients {
  readonly account: trading.AccountsApi;
  readonly positions: trading.PositionsApi;
  readonly orders: trading.OrdersApi;
  readonly clock: trading.ClockApi;
  readonly stocks: marketData.StockApi;
}

export interface AlpacaClientOptions {
  readonly keyId: string;
  readonly secretKey: string;
  /** Trading API base URL (FunctionEnvV1.TRADELOOP_ALPACA_TRADING_URL); plain http works for the local paper broker. */
  readonly tradingUrl: string;
  /** Market Data API base URL (FunctionEnvV1.TRADELOOP_ALPACA_DATA_URL). */
  readonly dataUrl: string;
  /** Per-attempt timeout (default 10 s: well inside the Lambda timeouts of the callers). */
  readonly timeoutMs?: number;
  /** A fetch implementation (tests, proxies); default the platform fetch. */
  readonly fetchApi?: typeof fetch;
}

/**
 * Builds the raw generated API classes of `@alpacahq/alpaca-trade-api` v4. The SDK's own retry
 * and rate limiter stay off (they are off for bare Configurations): the adapters decide retries
 * themselves, because an order POST must never be replayed blindly and the callers' own retry
 * (SQS redelivery, EventBridge retries) is the outer loop.
 */
export function createAlpacaClients(options: AlpacaClientOptions): AlpacaClients {
  const common = {
    keyId: options.keyId,
    secret: options.secretKey,
    timeoutMs: options.timeoutMs ?? 10_000,
    ...(options.fetchApi ? { fetchApi: options.fetchApi } : {}),
  };
  const tradingConfig = new trading.Configuration({ ...common, basePath: stripSlash(options.tradingUrl) });
  const dataConfig = new marketData.Configuration({ ...common, basePath: stripSlash(options.dataUrl) });
  return {
    account: new trading.AccountsApi(tradingConfig),
    positions: new trading.PositionsApi(tradingConfig),
    orders: new trading.OrdersApi(tradingConfig),
    clock: new trading.ClockApi(tradingConfig),
    stocks: new marketData.StockApi(dataConfig),
  };
}

/** The generated clients append paths such as `/v2/orders`; a trailing slash would double it. */
function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
