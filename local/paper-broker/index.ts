import type { AddressInfo } from 'node:net';
import { Decimal } from 'decimal.js';
import { nyseCalendar, type FactorFileRow } from '../../layers/core/market';
import type { MinuteBar } from '../../layers/core/ports';
import { loadLeanMinuteData, type SymbolQuoteBar } from '../../layers/adapters/files';
import { accountJson, orderJson, positionJson, type AlpacaOrderJson } from './alpaca-json';
import { BrokerEngine } from './engine';
import { DEFAULT_FILL_MODEL, type FillModelOptions } from './fill-model';
import { loadFactorFiles } from './factor-files';
import { createRestServer } from './http-server';
import { nameUuid, seededRandom, uuidGenerator } from './ids';
import { MarketBook } from './market-book';
import { attachTradeStream } from './trade-stream';
import type { OptionsMarket } from './options-api';
import { optionsDesk } from './option-orders';

export { loadOptionsMarket, type OptionsMarket } from './options-api';

export type { FillModelOptions } from './fill-model';
export { DEFAULT_FILL_MODEL, executionPrice, takerPriceAtOpen, halfSpreadAtOpen, barCapacity } from './fill-model';
export type { AlpacaOrderJson } from './alpaca-json';

/** Where the replayed minute data comes from: already loaded, or Lean zips under a data folder. */
export type PaperBrokerData =
  | {
      readonly trades: ReadonlyMap<string, readonly MinuteBar[]>;
      readonly quotes?: ReadonlyMap<string, readonly SymbolQuoteBar[]>;
      /** Lean factor-file rows per symbol for the bars `adjustment` parameter (default none: bars stay raw). */
      readonly factors?: ReadonlyMap<string, readonly FactorFileRow[]>;
    }
  | { readonly dataDir: string; readonly symbols: readonly string[]; readonly fromDate: string; readonly toDate: string };

export interface PaperBrokerOptions {
  readonly data: PaperBrokerData;
  /** Starting cash in USD (default "100000"). */
  readonly startingCash?: string;
  /** 1 = cash account (no shorting); 2 = Reg T margin (default). */
  readonly marginMultiplier?: 1 | 2;
  /** Overrides of the fill model (see FillModelOptions for what the model does). */
  readonly fillModel?: Partial<FillModelOptions>;
  /** Seed of the id generator: the same seed and the same calls give the same ids (default 1). */
  readonly seed?: number;
  /** Initial broker clock, UTC epoch ms (default: the regular open of the first day with data). */
  readonly startAt?: number;
  /** Requests per wall-clock minute before HTTP 429 with Retry-After (default: no limit). */
  readonly rateLimitPerMinute?: number;
  /** Wall clock for the rate limiter only (default Date.now); the market clock never reads it. */
  readonly wallClock?: () => number;
  /** API credentials clients must send (defaults "PKPAPERLOCAL" / "paper-local-secret"). */
  readonly credentials?: { readonly keyId: string; readonly secretKey: string };
  /** Option data to serve (see ./options-api: `loadOptionsMarket`); default none. With it, option and mleg orders trade on its quotes. */
  readonly options?: OptionsMarket;
  /**
   * The account's options approval level, reported as `options_approved_level` and `options_trading_level`
   * and enforced on option orders (0 none, 1 covered call / cash-secured put, 2 long calls and puts, 3 spreads).
   * Default 3: Alpaca enables options at level 3 on paper accounts.
   */
  readonly optionsApprovedLevel?: 0 | 1 | 2 | 3;
}

/** A running paper broker. */
export interface PaperBroker {
  /** REST base URL for both the trading and the market-data API, e.g. http://127.0.0.1:PORT (no trailing slash). */
  readonly baseUrl: string;
  /** Trading stream URL, ws://127.0.0.1:PORT/stream. */
  readonly streamUrl: string;
  readonly credentials: { readonly keyId: string; readonly secretKey: string };
  /** The broker's market clock, UTC epoch ms. */
  now(): number;
  /** Moves the market clock forward to `ts` (earlier values are ignored) and simulates fills on bars that closed. */
  advanceTo(ts: number): void;
  /** Bar starts (UTC ms) in [from, to) during regular NYSE hours at which any symbol has a bar, ascending; bar t closes at t + 60 000. */
  sessionMinutes(from?: number, to?: number): readonly number[];
  /** Every order, oldest first, as Alpaca JSON. */
  orders(): readonly AlpacaOrderJson[];
  /** The account as Alpaca JSON (cash, equity, buying_power… as decimal strings). */
  account(): Readonly<Record<string, unknown>>;
  /** Open positions as Alpaca JSON. */
  positions(): readonly Readonly<Record<string, unknown>>[];
  stop(): Promise<void>;
}

/** Starts the Alpaca-compatible paper broker on 127.0.0.1 (random port). */
export async function startPaperBroker(options: PaperBrokerOptions): Promise<PaperBroker> {
  const data =
    'dataDir' in options.data
      ? await loadLeanMinuteData(options.data.dataDir, options.data.symbols, options.data.fromDate, options.data.toDate)
      : { trades: options.data.trades, quotes: options.data.quotes ?? new Map<string, readonly SymbolQuoteBar[]>() };
  const factors = 'dataDir' in options.data ? await loadFactorFiles(options.data.dataDir, options.data.symbols) : options.data.factors;
  const calendar = nyseCalendar();
  const book = new MarketBook(data.trades, data.quotes, calendar);
  const span = book.span();
  const firstSession = span === undefined ? undefined : calendar.session(calendar.sessionDate(span.first));
  const startAt = options.startAt ?? firstSession?.open ?? span?.first ?? 0;
  const marginMultiplier = options.marginMultiplier ?? 2;
  const newId = uuidGenerator(seededRandom(options.seed ?? 1));
  const credentials = options.credentials ?? { keyId: 'PKPAPERLOCAL', secretKey: 'paper-local-secret' };
  const optionsLevel = options.optionsApprovedLevel ?? 3;
  const engine = new BrokerEngine(book, {
    startingCash: new Decimal(options.startingCash ?? '100000'),
    marginMultiplier,
    fillModel: { ...DEFAULT_FILL_MODEL, ...options.fillModel },
    shortable: (symbol) => book.has(symbol),
    newId,
    startAt,
    calendar,
    ...(options.options === undefined ? {} : { optionsDesk: optionsDesk(options.options) }),
    optionsLevel,
  });
  const account = { id: nameUuid('account'), accountNumber: 'PA1TRADELOOP', createdAt: startAt, multiplier: marginMultiplier, optionsLevel };
  const server = createRestServer({
    engine,
    book,
    ...(factors === undefined ? {} : { factors }),
    calendar,
    credentials,
    account,
    rateLimitPerMinute: options.rateLimitPerMinute,
    wallClock: options.wallClock ?? Date.now,
    ...(options.options === undefined ? {} : { options: options.options }),
  });
  const stream = attachTradeStream(server, engine, credentials);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    streamUrl: `ws://127.0.0.1:${port}/stream`,
    credentials,
    now: () => engine.now(),
    advanceTo: (ts) => engine.advanceTo(ts),
    sessionMinutes: (from = -Infinity, to = Infinity) => book.regularSessionMinutes(from, to),
    orders: () => engine.allOrders().map(orderJson),
    account: () => accountJson(engine, account),
    positions: () => engine.positions().map((p) => positionJson(engine, p)),
    async stop() {
      await stream.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
