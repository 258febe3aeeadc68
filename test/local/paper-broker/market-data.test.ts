import { startPaperBroker, type PaperBroker } from '../../../local/paper-broker';
import { alpacaClients, DATA_DIR, oct7, raw, statusOf } from './support';

describe('paper broker: market data API and the replay clock', () => {
  let broker: PaperBroker;
  let api: ReturnType<typeof alpacaClients>;
  let wall = 0;

  beforeAll(async () => {
    broker = await startPaperBroker({
      data: { dataDir: DATA_DIR, symbols: ['SPY', 'IBM'], fromDate: '2013-10-07', toDate: '2013-10-08' },
      rateLimitPerMinute: 1000,
      wallClock: () => wall,
    });
    api = alpacaClients(broker);
    broker.advanceTo(oct7(10, 0));
  });
  afterAll(() => broker.stop());

  it('lists the regular-hours minutes the replay steps through', () => {
    const minutes = broker.sessionMinutes(oct7(9, 0), oct7(17, 0));
    expect(minutes[0]).toBe(oct7(9, 30));
    expect(minutes.at(-1)).toBe(oct7(15, 59));
    expect(minutes).toHaveLength(390);
  });

  it('serves only bars that have closed by the broker clock (no look-ahead)', async () => {
    const page = await api.stocks.stockBarSingle({ symbol: 'SPY', timeframe: '1Min', start: new Date(oct7(9, 55)), end: new Date(oct7(12, 0)) });
    expect(page.bars.map((b) => new Date(b.t).getTime())).toEqual([oct7(9, 55), oct7(9, 56), oct7(9, 57), oct7(9, 58), oct7(9, 59)]);
    broker.advanceTo(oct7(10, 0) + 59_999);
    expect((await api.stocks.stockBarSingle({ symbol: 'SPY', timeframe: '1Min', start: new Date(oct7(9, 59)) })).bars).toHaveLength(1);
    broker.advanceTo(oct7(10, 1));
    expect((await api.stocks.stockBarSingle({ symbol: 'SPY', timeframe: '1Min', start: new Date(oct7(9, 59)) })).bars).toHaveLength(2);
    // The clock never moves back.
    broker.advanceTo(oct7(9, 0));
    expect(broker.now()).toBe(oct7(10, 1));
  });

  it('paginates multi-symbol bars with page_token, symbol by symbol', async () => {
    const collected: Record<string, number[]> = {};
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = await api.stocks.stockBars({ symbols: 'SPY,IBM', timeframe: '1Min', start: new Date(oct7(9, 30)), limit: 7, ...(pageToken === undefined ? {} : { pageToken }) });
      for (const [symbol, bars] of Object.entries(page.bars)) (collected[symbol] ??= []).push(...bars.map((b) => new Date(b.t).getTime()));
      pageToken = page.nextPageToken ?? undefined;
      pages++;
    } while (pageToken !== undefined && pages < 50);
    const all = await raw(broker, 'GET', `/v2/stocks/bars?symbols=SPY,IBM&timeframe=1Min&start=${new Date(oct7(9, 30)).toISOString()}&limit=10000`);
    const single = all.body as { bars: Record<string, { t: string }[]>; next_page_token: string | null };
    expect(single.next_page_token).toBeNull();
    expect(collected['SPY']).toEqual(single.bars['SPY']?.map((b) => Date.parse(b.t)));
    expect(collected['IBM']).toEqual(single.bars['IBM']?.map((b) => Date.parse(b.t)));
    const total = (single.bars['SPY']?.length ?? 0) + (single.bars['IBM']?.length ?? 0);
    expect(pages).toBe(Math.ceil(total / 7));
    expect(collected['SPY']?.at(-1)).toBe(oct7(10, 0));
  });

  it('resamples to 5Min bars from the closed minutes', async () => {
    const minutes = (await raw(broker, 'GET', `/v2/stocks/SPY/bars?timeframe=1Min&start=${new Date(oct7(9, 30)).toISOString()}&end=${new Date(oct7(9, 34)).toISOString()}`)).body as { bars: { o: number; h: number; l: number; c: number; v: number }[] };
    const five = (await raw(broker, 'GET', `/v2/stocks/SPY/bars?timeframe=5Min&start=${new Date(oct7(9, 30)).toISOString()}&end=${new Date(oct7(9, 30)).toISOString()}`)).body as { bars: { o: number; h: number; l: number; c: number; v: number }[] };
    expect(minutes.bars).toHaveLength(5);
    expect(five.bars[0]).toMatchObject({
      o: minutes.bars[0]?.o,
      c: minutes.bars[4]?.c,
      h: Math.max(...minutes.bars.map((b) => b.h)),
      l: Math.min(...minutes.bars.map((b) => b.l)),
      v: minutes.bars.reduce((s, b) => s + b.v, 0),
    });
    expect((await raw(broker, 'GET', '/v2/stocks/SPY/bars?timeframe=2Week')).status).toBe(400);
  });

  it('answers latest trades (last close) and latest quotes (last quote bar) as of the broker clock', async () => {
    const lastBar = (await api.stocks.stockBarSingle({ symbol: 'IBM', timeframe: '1Min', start: new Date(oct7(9, 30)), sort: 'desc', limit: 1 })).bars[0];
    const trades = await api.stocks.stockLatestTrades({ symbols: 'IBM,SPY' });
    expect(trades.trades['IBM']?.p).toBe(lastBar?.c);
    expect(new Date(trades.trades['IBM']?.t ?? 0).getTime()).toBeLessThanOrEqual(broker.now());
    const single = await api.stocks.stockLatestTradeSingle({ symbol: 'SPY' });
    expect(single.symbol).toBe('SPY');
    const quotes = await api.stocks.stockLatestQuotes({ symbols: 'IBM' });
    const quote = quotes.quotes['IBM'];
    expect(quote?.bp).toBeGreaterThan(0);
    expect(quote?.ap).toBeGreaterThanOrEqual(quote?.bp ?? Infinity);
    expect(new Date(quote?.t ?? 0).getTime()).toBeLessThanOrEqual(broker.now());
  });

  it('answers 429 with Retry-After once the per-minute limit is spent', async () => {
    const limited = await startPaperBroker({
      data: { dataDir: DATA_DIR, symbols: ['SPY'], fromDate: '2013-10-07', toDate: '2013-10-07' },
      rateLimitPerMinute: 2,
      wallClock: () => wall,
    });
    try {
      wall = 1_000_000;
      const client = alpacaClients(limited);
      await client.clock.legacyClock();
      await client.clock.legacyClock();
      expect(await statusOf(client.clock.legacyClock())).toBe(429);
      const answer = await raw(limited, 'GET', '/v2/clock');
      expect(answer.status).toBe(429);
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      wall += 60_000;
      expect((await raw(limited, 'GET', '/v2/clock')).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });
});
