import { AlpacaHistoricalData, AlpacaMarketData, createAlpacaClients, quoteFromAlpaca, tradeFromAlpaca } from '../../../../layers/adapters/alpaca';
import type { AlpacaHistoricalDataOptions } from '../../../../layers/adapters/alpaca';
import { loadLeanMinuteData, type LeanMinuteData } from '../../../../layers/adapters/files';
import { ExternalServiceError } from '../../../../layers/core/ports';
import { startPaperBroker, type PaperBroker } from '../../../../local/paper-broker';
import { DATA_DIR, oct7, validatingFetch } from '../../../local/paper-broker/support';

/** The real @alpacahq/alpaca-trade-api v4 client against the local paper broker; every answer checked against the OpenAPI spec. */
describe('AlpacaHistoricalData against the paper broker', () => {
  let broker: PaperBroker;
  let lean: LeanMinuteData;
  const urls: URL[] = [];
  const countingFetch: typeof fetch = (input, init) => {
    urls.push(new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url));
    return validatingFetch(input, init);
  };
  const history = (options: Partial<AlpacaHistoricalDataOptions> = {}, credentials = broker.credentials) =>
    new AlpacaHistoricalData(
      createAlpacaClients({ keyId: credentials.keyId, secretKey: credentials.secretKey, tradingUrl: broker.baseUrl, dataUrl: `${broker.baseUrl}/`, fetchApi: countingFetch, timeoutMs: 0 }),
      { feed: 'iex', maxAttempts: 3, sleep: async () => undefined, ...options },
    );

  beforeAll(async () => {
    broker = await startPaperBroker({ data: { dataDir: DATA_DIR, symbols: ['SPY', 'IBM'], fromDate: '2013-10-07', toDate: '2013-10-08' } });
    lean = await loadLeanMinuteData(DATA_DIR, ['SPY', 'IBM'], '2013-10-07', '2013-10-08');
    broker.advanceTo(Date.UTC(2013, 9, 9));
  });
  afterAll(() => broker.stop());
  beforeEach(() => {
    urls.length = 0;
  });

  it('maps trades into exact core trades, following every page', async () => {
    const from = oct7(9, 30);
    const to = oct7(10, 0);
    const paged = await history({ pageLimit: 7 }).trades(['SPY', 'IBM', 'BAC'], from, to);
    const pages = urls.length;
    const whole = await history().trades(['SPY', 'IBM', 'BAC'], from, to);
    expect(urls).toHaveLength(pages + 1);
    expect(pages).toBe(Math.ceil(60 / 7)); // 30 minutes × 2 symbols, 7 per page
    expect(paged).toEqual(whole);
    expect(whole.get('BAC')).toEqual([]); // asked for, no data here: an empty list, not a missing key
    const spy = lean.trades.get('SPY')?.filter((b) => b.start >= from && b.start < to) ?? [];
    expect(whole.get('SPY')?.map((t) => [t.price, t.size, t.tsNs])).toEqual(spy.map((b) => [String(b.close), String(b.volume), BigInt(b.start + 59_999) * 1_000_000n]));
    expect(whole.get('IBM')?.[0]).toEqual({ symbol: 'IBM', ts: from + 59_999, tsNs: BigInt(from + 59_999) * 1_000_000n, price: expect.any(String), size: expect.any(String), exchange: 'D', condition: '@', id: String(from), tape: 'A' });
    expect(urls[0]?.pathname).toBe('/v2/stocks/trades');
    expect(urls[0]?.searchParams.get('feed')).toBe('iex');
  });

  it('returns exactly [from, to): Alpaca end is inclusive, the item at `to` is dropped', async () => {
    const print = oct7(9, 30) + 59_999;
    expect((await history().trades(['SPY'], oct7(9, 30), print)).get('SPY')).toEqual([]);
    expect((await history().trades(['SPY'], oct7(9, 30), print + 1)).get('SPY')).toHaveLength(1);
  });

  it('maps quotes with both sides exact, on the feed asked for', async () => {
    const quotes = await history({ feed: 'sip' }).quotes(['IBM'], oct7(10, 0), oct7(10, 5));
    const rows = lean.quotes.get('IBM')?.filter((q) => q.start >= oct7(10, 0) && q.start < oct7(10, 5)) ?? [];
    expect(quotes.get('IBM')?.map((q) => [q.bid?.price, q.bid?.size, q.ask?.price, q.ask?.size])).toEqual(
      rows.map((r) => [String(r.bid?.close), String(r.bid?.lastSize), String(r.ask?.close), String(r.ask?.lastSize)]),
    );
    expect(quotes.get('IBM')?.[0]).toMatchObject({ bidExchange: 'D', askExchange: 'D', condition: 'R', tape: 'A' });
    expect(urls[0]?.searchParams.get('feed')).toBe('sip');
  });

  it('fetches bars of any timeframe; 1Min equals the MarketData port; adjustment is passed through', async () => {
    const clients = createAlpacaClients({ keyId: broker.credentials.keyId, secretKey: broker.credentials.secretKey, tradingUrl: broker.baseUrl, dataUrl: broker.baseUrl, timeoutMs: 0 });
    const minute = await history().bars(['SPY'], oct7(9, 30), oct7(16, 0), '1Min');
    expect(minute).toEqual(await new AlpacaMarketData(clients, { feed: 'iex' }).minuteBars(['SPY'], oct7(9, 30), oct7(16, 0)));
    const day = Date.UTC(2013, 9, 7, 4);
    const raw = (await history().bars(['SPY'], day, day + 86_400_000, '1Day')).get('SPY')?.[0];
    const dividend = (await history({ adjustment: 'dividend' }).bars(['SPY'], day, day + 86_400_000, '1Day')).get('SPY')?.[0];
    expect(urls.at(-1)?.searchParams.get('adjustment')).toBe('dividend');
    expect(dividend?.close).toBeCloseTo((raw?.close ?? NaN) * 0.8646266, 4);
    expect(dividend?.volume).toBe(raw?.volume);
  });

  it('maps refusals to terminal ExternalServiceErrors and backs off on 429', async () => {
    const denied: unknown = await history({}, { keyId: 'nobody', secretKey: 'wrong' }).trades(['SPY'], oct7(9, 30), oct7(9, 40)).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(ExternalServiceError);
    expect((denied as ExternalServiceError).retryable).toBe(false);
    expect((denied as Error).message).toMatch(/historicalTrades failed \(HTTP 403/);

    let wall = 0;
    const limited = await startPaperBroker({ data: { dataDir: DATA_DIR, symbols: ['SPY'], fromDate: '2013-10-07', toDate: '2013-10-07' }, rateLimitPerMinute: 1, wallClock: () => wall });
    try {
      limited.advanceTo(Date.UTC(2013, 9, 8));
      const sleeps: number[] = [];
      const throttled = new AlpacaHistoricalData(
        createAlpacaClients({ keyId: limited.credentials.keyId, secretKey: limited.credentials.secretKey, tradingUrl: limited.baseUrl, dataUrl: limited.baseUrl, timeoutMs: 0 }),
        { feed: 'iex', pageLimit: 5, sleep: async (ms) => { sleeps.push(ms); wall += 60_000; } },
      );
      const quotes = await throttled.quotes(['SPY'], oct7(9, 30), oct7(9, 40)); // two pages, the second after a 429
      expect(quotes.get('SPY')).toHaveLength(10);
      expect(sleeps).toHaveLength(1);
      expect(sleeps[0]).toBeGreaterThan(0);
    } finally {
      await limited.stop();
    }
  });
});

describe('tradeFromAlpaca', () => {
  it('keeps nanosecond times and the decimals Alpaca wrote (the spec example)', () => {
    const trade = tradeFromAlpaca('AAPL', { c: ['@', 'F', 'T', 'I'], i: 2, p: 178.26, s: 1, t: '2022-01-03T09:00:00.24483968Z', x: 'P', z: 'C' });
    expect(trade).toEqual({ symbol: 'AAPL', ts: Date.parse('2022-01-03T09:00:00.244Z'), tsNs: 1641200400244839680n, price: '178.26', size: '1', exchange: 'P', condition: '@,F,T,I', id: '2', tape: 'C' });
  });

  it('treats an Alpaca price of 0 as "no active bid/ask"', () => {
    const quote = quoteFromAlpaca('AAPL', { ap: 0, as: 0, ax: ' ', bp: 177.92, bs: 4, bx: 'Q', c: ['Y'], t: '2022-01-03T09:00:00.028160898Z', z: 'C' });
    expect(quote).toEqual({ symbol: 'AAPL', ts: 1641200400028, tsNs: 1641200400028160898n, bid: { price: '177.92', size: '4' }, bidExchange: 'Q', condition: 'Y', tape: 'C' });
  });
});
