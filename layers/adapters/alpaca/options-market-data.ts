/**
 * Alpaca options market data through the real `@alpacahq/alpaca-trade-api` v4 client: contracts (Trading API
 * `/v2/options/contracts`), the chain snapshot (`/v1beta1/options/snapshots/{underlying}`), bars and latest
 * quotes, mapped to the core's option types. Every page is followed; every call goes through the same backoff
 * as the stock market data (429 and 5xx retried, other errors surface).
 *
 * Exactness: the client parses prices as JSON numbers. Alpaca quotes options in cents (at most 2-4 decimals), so
 * the shortest decimal text of each double is the exact price (`decimalFromNumber`); strikes arrive as decimal
 * strings and stay so.
 */
import { marketData, trading } from '@alpacahq/alpaca-trade-api';
import type { DecimalString } from '../../core/market/exact';
import { parseDecimal } from '../../core/market/exact';
import { decimalFromNumber } from '../../core/market/history';
import { optionContract, parseOccSymbol, type ChainEntry, type ChainFilter, type OptionContract, type OptionQuote } from '../../core/options';
import { withBackoff, type BackoffOptions } from './backoff';
import type { AlpacaClientOptions } from './clients';

/** The generated clients the options adapter needs. */
export interface AlpacaOptionClients {
  readonly options: marketData.OptionApi;
  readonly assets: trading.AssetsApi;
}

/** Builds the option clients with the same configuration rules as `createAlpacaClients` (SDK retries off). */
export function createAlpacaOptionClients(options: AlpacaClientOptions): AlpacaOptionClients {
  const common = { keyId: options.keyId, secret: options.secretKey, timeoutMs: options.timeoutMs ?? 10_000, ...(options.fetchApi ? { fetchApi: options.fetchApi } : {}) };
  return {
    options: new marketData.OptionApi(new marketData.Configuration({ ...common, basePath: options.dataUrl.replace(/\/+$/, '') })),
    assets: new trading.AssetsApi(new trading.Configuration({ ...common, basePath: options.tradingUrl.replace(/\/+$/, '') })),
  };
}

/** A chain entry as Alpaca's snapshot gives it: the core entry plus Alpaca's (Black–Scholes) IV and Greeks. */
export interface AlpacaChainEntry extends ChainEntry {
  readonly impliedVolatility?: number;
  readonly greeks?: { readonly delta: number; readonly gamma: number; readonly theta: number; readonly vega: number; readonly rho: number };
}

/** One option bar (prices exact). */
export interface AlpacaOptionBar {
  readonly start: number;
  readonly open: DecimalString;
  readonly high: DecimalString;
  readonly low: DecimalString;
  readonly close: DecimalString;
  readonly volume: number;
  readonly tradeCount: number;
  readonly vwap: number;
}

export interface AlpacaOptionsMarketDataOptions extends BackoffOptions {
  /** `opra` (subscription) or `indicative` (free); default: the server's default for the account. */
  readonly feed?: 'opra' | 'indicative';
  /** Page size (default: Alpaca's maximum per endpoint). */
  readonly pageLimit?: number;
}

const utcDate = (isoDate: string): Date => new Date(`${isoDate}T00:00:00Z`);
/** The SDK converts `t` to a Date in some models but hands nested multi-symbol maps (bars) through as parsed JSON. */
const epochMs = (t: Date | string): number => (t instanceof Date ? t.getTime() : Date.parse(t));
const isoDate = (date: Date): string => date.toISOString().slice(0, 10);

function quoteOf(q: marketData.OptionQuote): OptionQuote {
  // Alpaca writes price 0 for "no bid" / "no ask".
  return {
    ts: epochMs(q.t),
    ...(q.bp > 0 ? { bid: { price: decimalFromNumber(q.bp), size: decimalFromNumber(q.bs) } } : {}),
    ...(q.ap > 0 ? { ask: { price: decimalFromNumber(q.ap), size: decimalFromNumber(q.as) } } : {}),
  };
}

/** A contract from its OCC symbol alone (what the market-data endpoints key by): style and multiplier are the US defaults. */
function contractFromSymbol(symbol: string, underlying: string): OptionContract {
  const parts = parseOccSymbol(symbol);
  return optionContract({ underlying, root: parts.root, expiry: parts.expiry, right: parts.right, strike: parts.strike, style: 'american' });
}

export class AlpacaOptionsMarketData {
  constructor(
    private readonly clients: AlpacaOptionClients,
    private readonly options: AlpacaOptionsMarketDataOptions = {},
  ) {}

  /** Contracts of `underlying` passing `filter` (all pages). Without an expiry filter Alpaca returns only those expiring by the coming weekend. */
  async contracts(underlying: string, filter: ChainFilter & { readonly status?: 'active' | 'inactive' } = {}): Promise<readonly OptionContract[]> {
    const out: OptionContract[] = [];
    let pageToken: string | undefined;
    do {
      const token = pageToken;
      const page = await withBackoff(
        'alpaca options contracts',
        () =>
          this.clients.assets.getOptionsContracts({
            underlyingSymbols: underlying,
            ...(filter.status === undefined ? {} : { status: filter.status }),
            ...(filter.expiry === undefined ? {} : { expirationDate: utcDate(filter.expiry) }),
            ...(filter.expiryFrom === undefined ? {} : { expirationDateGte: utcDate(filter.expiryFrom) }),
            ...(filter.expiryTo === undefined ? {} : { expirationDateLte: utcDate(filter.expiryTo) }),
            ...(filter.right === undefined ? {} : { type: filter.right }),
            ...(filter.strikeFrom === undefined ? {} : { strikePriceGte: filter.strikeFrom }),
            ...(filter.strikeTo === undefined ? {} : { strikePriceLte: filter.strikeTo }),
            limit: this.options.pageLimit ?? 10_000,
            ...(token === undefined ? {} : { pageToken: token }),
          }),
        this.options,
      );
      for (const c of page.optionContracts) {
        out.push({
          symbol: c.symbol,
          underlying: c.underlyingSymbol,
          root: c.rootSymbol ?? c.underlyingSymbol,
          expiry: isoDate(c.expirationDate),
          right: c.type,
          strike: parseDecimal(c.strikePrice),
          style: c.style,
          multiplier: Number(c.multiplier),
        });
      }
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken !== undefined);
    return out;
  }

  /** The chain snapshot of `underlying` (all pages): latest quote and trade of every contract, with Alpaca's IV and Greeks. */
  async chain(underlying: string, filter: ChainFilter = {}): Promise<readonly AlpacaChainEntry[]> {
    const out: AlpacaChainEntry[] = [];
    let pageToken: string | undefined;
    do {
      const token = pageToken;
      const page = await withBackoff(
        'alpaca option chain',
        () =>
          this.clients.options.optionChain({
            underlyingSymbol: underlying,
            ...(this.options.feed === undefined ? {} : { feed: this.options.feed }),
            ...(filter.expiry === undefined ? {} : { expirationDate: utcDate(filter.expiry) }),
            ...(filter.expiryFrom === undefined ? {} : { expirationDateGte: utcDate(filter.expiryFrom) }),
            ...(filter.expiryTo === undefined ? {} : { expirationDateLte: utcDate(filter.expiryTo) }),
            ...(filter.right === undefined ? {} : { type: filter.right }),
            ...(filter.strikeFrom === undefined ? {} : { strikePriceGte: filter.strikeFrom }),
            ...(filter.strikeTo === undefined ? {} : { strikePriceLte: filter.strikeTo }),
            limit: this.options.pageLimit ?? 1000,
            ...(token === undefined ? {} : { pageToken: token }),
          }),
        this.options,
      );
      for (const [symbol, s] of Object.entries(page.snapshots ?? {})) {
        out.push({
          contract: contractFromSymbol(symbol, underlying.toUpperCase()),
          ...(s.latestQuote === undefined ? {} : { quote: quoteOf(s.latestQuote) }),
          ...(s.latestTrade === undefined ? {} : { lastTrade: { ts: epochMs(s.latestTrade.t), price: decimalFromNumber(s.latestTrade.p), size: decimalFromNumber(s.latestTrade.s) } }),
          ...(s.impliedVolatility === undefined ? {} : { impliedVolatility: s.impliedVolatility }),
          ...(s.greeks === undefined ? {} : { greeks: { delta: s.greeks.delta, gamma: s.greeks.gamma, theta: s.greeks.theta, vega: s.greeks.vega, rho: s.greeks.rho } }),
        });
      }
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken !== undefined);
    return out.sort((a, b) => (a.contract.symbol < b.contract.symbol ? -1 : 1));
  }

  /** Latest quotes of up to 100 contracts per request (batched here). */
  async latestQuotes(symbols: readonly string[]): Promise<ReadonlyMap<string, OptionQuote>> {
    const out = new Map<string, OptionQuote>();
    for (let i = 0; i < symbols.length; i += 100) {
      const batch = symbols.slice(i, i + 100).join(',');
      const page = await withBackoff('alpaca option latest quotes', () => this.clients.options.optionLatestQuotes({ symbols: batch, ...(this.options.feed === undefined ? {} : { feed: this.options.feed }) }), this.options);
      for (const [symbol, quote] of Object.entries(page.quotes ?? {})) out.set(symbol, quoteOf(quote));
    }
    return out;
  }

  /** Bars of up to 100 contracts per request (all pages), oldest first per symbol. */
  async bars(symbols: readonly string[], timeframe: string, start: Date, end?: Date): Promise<ReadonlyMap<string, readonly AlpacaOptionBar[]>> {
    const out = new Map<string, AlpacaOptionBar[]>();
    for (let i = 0; i < symbols.length; i += 100) {
      const batch = symbols.slice(i, i + 100).join(',');
      let pageToken: string | undefined;
      do {
        const token = pageToken;
        const page = await withBackoff(
          'alpaca option bars',
          () => this.clients.options.optionBars({ symbols: batch, timeframe, start, ...(end === undefined ? {} : { end }), limit: this.options.pageLimit ?? 10_000, ...(token === undefined ? {} : { pageToken: token }) }),
          this.options,
        );
        for (const [symbol, bars] of Object.entries(page.bars ?? {})) {
          const list = out.get(symbol) ?? [];
          for (const b of bars ?? []) list.push({ start: epochMs(b.t), open: decimalFromNumber(b.o), high: decimalFromNumber(b.h), low: decimalFromNumber(b.l), close: decimalFromNumber(b.c), volume: b.v, tradeCount: b.n, vwap: b.vw });
          out.set(symbol, list);
        }
        pageToken = page.nextPageToken ?? undefined;
      } while (pageToken !== undefined);
    }
    for (const list of out.values()) list.sort((a, b) => a.start - b.start);
    return out;
  }
}
