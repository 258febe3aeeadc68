import { AlpacaHistoricalData, BrokerClock, createAlpacaClients, SystemClock } from '../../../layers/adapters/alpaca';
import type { BarAdjustment, HistoricalFeed, HistoricalMarketData } from '../../../layers/core/market/history';
import type { Clock } from '../../../layers/core/ports';
import { PROJECT_DATA_DIR } from '../../../local/data-dir';
import { startPaperBroker } from '../../../local/paper-broker';
import { UsageError } from '../usage-error';

export interface HistorySourceOptions {
  /** Alpaca Market Data base URL; undefined = the embedded paper broker over the shipped data/. */
  readonly dataUrl?: string;
  readonly feed: HistoricalFeed;
  readonly adjustment: BarAdjustment;
  readonly symbols: readonly string[];
  readonly from: string;
  readonly to: string;
  /** Replays stop here: the embedded broker's clock is moved to it so every requested day is over. */
  readonly until: number;
  readonly env: NodeJS.ProcessEnv;
}

/** An opened source: the data, the clock that decides which days are over, and a name that keeps caches apart. */
export interface HistorySource {
  readonly history: HistoricalMarketData;
  readonly clock: Clock;
  /** `paper-broker` or the data host: the cache key prefix, so local stand-in data never mixes with Alpaca's. */
  readonly name: string;
  readonly url: string;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Without `--data-url` (or APCA_API_DATA_URL): a paper broker started in this process over `data/`, its market
 * clock moved past the requested range. With a URL: the real Alpaca client there, keys from APCA_API_KEY_ID /
 * APCA_API_SECRET_KEY (never flags: a secret on a command line lands in shell history). A loopback URL is a
 * running local paper broker (`npm start`), whose clock is the replay's, so that clock decides which days are
 * complete: the system clock would cache a replay day before the replay has finished it.
 */
export async function openHistorySource(options: HistorySourceOptions): Promise<HistorySource> {
  const adapterOptions = { feed: options.feed, adjustment: options.adjustment };
  if (options.dataUrl === undefined) {
    const broker = await startPaperBroker({ data: { dataDir: PROJECT_DATA_DIR, symbols: options.symbols, fromDate: options.from, toDate: options.to } });
    broker.advanceTo(options.until);
    const clients = createAlpacaClients({ keyId: broker.credentials.keyId, secretKey: broker.credentials.secretKey, tradingUrl: broker.baseUrl, dataUrl: broker.baseUrl });
    return { history: new AlpacaHistoricalData(clients, adapterOptions), clock: { now: async () => broker.now() }, name: 'paper-broker', url: broker.baseUrl, close: () => broker.stop() };
  }
  let url: URL;
  try {
    url = new URL(options.dataUrl);
  } catch {
    throw new UsageError(`--data-url "${options.dataUrl}" is not a URL`);
  }
  const keyId = options.env['APCA_API_KEY_ID'];
  const secretKey = options.env['APCA_API_SECRET_KEY'];
  if (!keyId || !secretKey) throw new UsageError('--data-url needs the Alpaca keys in APCA_API_KEY_ID and APCA_API_SECRET_KEY');
  const local = LOOPBACK.has(url.hostname);
  const clients = createAlpacaClients({ keyId, secretKey, tradingUrl: options.dataUrl, dataUrl: options.dataUrl });
  return {
    history: new AlpacaHistoricalData(clients, adapterOptions),
    clock: local ? new BrokerClock(clients) : new SystemClock(),
    name: local ? 'paper-broker' : url.hostname,
    url: options.dataUrl,
    close: async () => undefined,
  };
}
