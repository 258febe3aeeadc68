import type { FunctionEnvV1 } from '../../contracts';
import type { Clock } from '../../core/ports';
import { readAlpacaCredentials } from '../aws/secrets';
import type { BackoffOptions } from './backoff';
import { AlpacaBroker } from './broker';
import { createAlpacaClients, type AlpacaClients } from './clients';
import { BrokerClock, SystemClock } from './clock';
import { AlpacaMarketData } from './market-data';
import { AlpacaOptionsMarketData, createAlpacaOptionClients } from './options-market-data';

export { withBackoff, defaultSleep, type BackoffOptions } from './backoff';
export { AlpacaBroker, type AlpacaBrokerOptions } from './broker';
export { createAlpacaClients, type AlpacaClientOptions, type AlpacaClients } from './clients';
export { BrokerClock, SystemClock } from './clock';
export { describeAlpacaFailure, isRetryableFailure, toExternalServiceError, type AlpacaFailure } from './errors';
export { AlpacaMarketData, type AlpacaMarketDataOptions } from './market-data';
export { AlpacaHistoricalData, tradeFromAlpaca, quoteFromAlpaca, type AlpacaHistoricalDataOptions } from './history';
export { toBrokerAccount, toBrokerOrder, toBrokerPosition, toMarketClock, UnsupportedBrokerData } from './mapping';

/** The Alpaca-backed ports of one function. */
export interface AlpacaAdapters {
  readonly clients: AlpacaClients;
  readonly broker: AlpacaBroker;
  readonly marketData: AlpacaMarketData;
  /** Option contracts, chain snapshots, quotes and bars (the options correlator). */
  readonly optionsMarketData: AlpacaOptionsMarketData;
  readonly clock: Clock;
}

/**
 * Builds the broker, market data and clock from the function config: reads the key pair from
 * Secrets Manager (cached per container), points the clients at the configured URLs and picks the
 * system or the broker's clock. Call once at cold start.
 */
export async function createAlpacaAdapters(
  config: Pick<
    FunctionEnvV1,
    'TRADELOOP_ALPACA_SECRET_ID' | 'TRADELOOP_ALPACA_TRADING_URL' | 'TRADELOOP_ALPACA_DATA_URL' | 'TRADELOOP_MARKET_DATA_FEED' | 'TRADELOOP_CLOCK'
  >,
  options: { readonly backoff?: BackoffOptions; readonly fetchApi?: typeof fetch } = {},
): Promise<AlpacaAdapters> {
  const credentials = await readAlpacaCredentials(config.TRADELOOP_ALPACA_SECRET_ID);
  const clients = createAlpacaClients({
    keyId: credentials.keyId,
    secretKey: credentials.secretKey,
    tradingUrl: config.TRADELOOP_ALPACA_TRADING_URL,
    dataUrl: config.TRADELOOP_ALPACA_DATA_URL,
    ...(options.fetchApi ? { fetchApi: options.fetchApi } : {}),
  });
  return {
    clients,
    broker: new AlpacaBroker(clients),
    marketData: new AlpacaMarketData(clients, { ...options.backoff, feed: config.TRADELOOP_MARKET_DATA_FEED }),
    optionsMarketData: new AlpacaOptionsMarketData(
      createAlpacaOptionClients({
        keyId: credentials.keyId,
        secretKey: credentials.secretKey,
        tradingUrl: config.TRADELOOP_ALPACA_TRADING_URL,
        dataUrl: config.TRADELOOP_ALPACA_DATA_URL,
        ...(options.fetchApi ? { fetchApi: options.fetchApi } : {}),
      }),
      { ...options.backoff },
    ),
    clock: config.TRADELOOP_CLOCK === 'broker' ? new BrokerClock(clients) : new SystemClock(),
  };
}
export { AlpacaOptionsMarketData, createAlpacaOptionClients, type AlpacaOptionClients, type AlpacaChainEntry, type AlpacaOptionBar, type AlpacaOptionsMarketDataOptions } from './options-market-data';
export { AlpacaOptionChainSource } from './option-chain-source';
