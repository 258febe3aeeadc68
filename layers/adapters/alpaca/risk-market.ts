import { trading } from '@alpacahq/alpaca-trade-api';
import type { FunctionEnvV1 } from '../../contracts';
import type { MinuteBar } from '../../core/ports';
import type { AssetInfo, RiskMarketData } from '../../core/ports/riskMarket';
import { readAlpacaCredentials } from '../aws/secrets';
import { withBackoff, type BackoffOptions } from './backoff';
import { createAlpacaClients } from './clients';
import { describeAlpacaFailure } from './errors';
import { AlpacaHistoricalData } from './history';

/** The asset endpoint the adapter calls (the generated client, or a stand-in in tests). */
export type AssetsClient = Pick<trading.AssetsApi, 'getV2AssetsSymbolOrAssetId'>;

/** Alpaca's asset as the risk snapshot's AssetInfo; `borrowStatus` wins over the deprecated `easyToBorrow`. */
export function assetFromAlpaca(asset: trading.Assets): AssetInfo {
  const borrow = (asset as { borrowStatus?: string }).borrowStatus;
  return {
    symbol: asset.symbol,
    tradable: asset.tradable,
    status: String(asset.status),
    shortable: asset.shortable,
    easyToBorrow: borrow !== undefined ? borrow === 'easy_to_borrow' : asset.easyToBorrow === true,
    assetClass: String(asset._class),
  };
}

/**
 * RiskMarketData over Alpaca: GET /v2/assets/{symbol} per symbol (404 → unknown, absent) and daily
 * bars from the Market Data v2 bars endpoint (timeframe 1Day) through AlpacaHistoricalData.
 */
export class AlpacaRiskMarketData implements RiskMarketData {
  constructor(
    private readonly assetsApi: AssetsClient,
    private readonly history: Pick<AlpacaHistoricalData, 'bars'>,
    private readonly options: BackoffOptions = {},
  ) {}

  async assets(symbols: readonly string[]): Promise<ReadonlyMap<string, AssetInfo>> {
    const found = await Promise.all(
      symbols.map(async (symbol) => {
        try {
          return await withBackoff('asset', () => this.assetsApi.getV2AssetsSymbolOrAssetId({ symbolOrAssetId: symbol }), this.options);
        } catch (error) {
          const failure = describeAlpacaFailure((error as { cause?: unknown }).cause ?? error);
          if (failure.kind === 'http' && failure.status === 404) return undefined;
          throw error;
        }
      }),
    );
    const result = new Map<string, AssetInfo>();
    for (const asset of found) if (asset !== undefined) result.set(asset.symbol, assetFromAlpaca(asset));
    return result;
  }

  dailyBars(symbols: readonly string[], from: number, to: number): Promise<ReadonlyMap<string, readonly MinuteBar[]>> {
    return this.history.bars(symbols, from, to, '1Day');
  }
}

/**
 * Caches a RiskMarketData per container: daily bars per symbol and session date (they only change
 * once a day; the `to` bound is ignored within a day, the caller drops today's forming bar), asset
 * records for `assetTtlMs` (halts and borrow flags change intraday). Concurrent misses share one request.
 */
export class CachedRiskMarketData implements RiskMarketData {
  private readonly bars = new Map<string, Promise<readonly MinuteBar[]>>();
  private readonly assetCache = new Map<string, { readonly at: number; readonly asset: Promise<AssetInfo | undefined> }>();

  constructor(
    private readonly inner: RiskMarketData,
    private readonly options: { readonly assetTtlMs: number; readonly now: () => number; readonly dayOf: (ts: number) => string },
  ) {}

  async assets(symbols: readonly string[]): Promise<ReadonlyMap<string, AssetInfo>> {
    const now = this.options.now();
    const missing = symbols.filter((s) => {
      const hit = this.assetCache.get(s);
      return hit === undefined || now - hit.at > this.options.assetTtlMs;
    });
    if (missing.length > 0) {
      const pending = this.inner.assets(missing);
      for (const s of missing) {
        const entry = { at: now, asset: pending.then((m) => m.get(s)) };
        this.assetCache.set(s, entry);
        entry.asset.catch(() => this.assetCache.delete(s));
      }
    }
    const result = new Map<string, AssetInfo>();
    for (const s of symbols) {
      const asset = await this.assetCache.get(s)?.asset;
      if (asset !== undefined) result.set(s, asset);
    }
    return result;
  }

  async dailyBars(symbols: readonly string[], from: number, to: number): Promise<ReadonlyMap<string, readonly MinuteBar[]>> {
    const day = this.options.dayOf(to);
    const key = (s: string): string => `${day}|${from > 0 ? this.options.dayOf(from) : ''}|${s}`;
    const missing = symbols.filter((s) => !this.bars.has(key(s)));
    if (missing.length > 0) {
      const pending = this.inner.dailyBars(missing, from, to);
      for (const s of missing) {
        const entry = pending.then((m) => m.get(s) ?? []);
        this.bars.set(key(s), entry);
        entry.catch(() => this.bars.delete(key(s)));
      }
    }
    const result = new Map<string, readonly MinuteBar[]>();
    for (const s of symbols) result.set(s, (await this.bars.get(key(s))) ?? []);
    return result;
  }
}

/**
 * Builds the cached Alpaca RiskMarketData from the function config (credentials from Secrets
 * Manager, cached per container like the other Alpaca adapters). Call once per container.
 */
export async function createAlpacaRiskMarketData(
  config: Pick<FunctionEnvV1, 'TRADELOOP_ALPACA_SECRET_ID' | 'TRADELOOP_ALPACA_TRADING_URL' | 'TRADELOOP_ALPACA_DATA_URL' | 'TRADELOOP_MARKET_DATA_FEED'>,
  options: { readonly now: () => number; readonly dayOf: (ts: number) => string; readonly backoff?: BackoffOptions; readonly assetTtlMs?: number },
): Promise<RiskMarketData> {
  const credentials = await readAlpacaCredentials(config.TRADELOOP_ALPACA_SECRET_ID);
  const clients = createAlpacaClients({
    keyId: credentials.keyId,
    secretKey: credentials.secretKey,
    tradingUrl: config.TRADELOOP_ALPACA_TRADING_URL,
    dataUrl: config.TRADELOOP_ALPACA_DATA_URL,
  });
  const assetsApi = new trading.AssetsApi(
    new trading.Configuration({ keyId: credentials.keyId, secret: credentials.secretKey, basePath: config.TRADELOOP_ALPACA_TRADING_URL.replace(/\/+$/, '') }),
  );
  const history = new AlpacaHistoricalData(clients, { ...options.backoff, feed: config.TRADELOOP_MARKET_DATA_FEED });
  return new CachedRiskMarketData(new AlpacaRiskMarketData(assetsApi, history, options.backoff), {
    assetTtlMs: options.assetTtlMs ?? 60_000,
    now: options.now,
    dayOf: options.dayOf,
  });
}
