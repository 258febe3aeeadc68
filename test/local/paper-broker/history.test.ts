import { loadLeanMinuteData, type LeanMinuteData } from '../../../layers/adapters/files';
import { startPaperBroker, type PaperBroker } from '../../../local/paper-broker';
import { alpacaClients, DATA_DIR, oct7, raw, validated } from './support';

type TradeJson = { t: string; p: number; s: number; x: string; i: number; c: string[]; z: string };
type QuoteJson = { t: string; bp: number; bs: number; ap: number; as: number; bx: string; ax: string };
const iso = (ms: number): string => new Date(ms).toISOString();

describe('paper broker: historical trades and quotes (one synthetic print and quote per minute)', () => {
  let broker: PaperBroker;
  let api: ReturnType<typeof alpacaClients>;
  let lean: LeanMinuteData;

  beforeAll(async () => {
    broker = await startPaperBroker({ data: { dataDir: DATA_DIR, symbols: ['SPY', 'IBM'], fromDate: '2013-10-07', toDate: '2013-10-08' } });
    lean = await loadLeanMinuteData(DATA_DIR, ['SPY', 'IBM'], '2013-10-07', '2013-10-08');
    api = alpacaClients(broker);
    broker.advanceTo(oct7(11, 0));
  });
  afterAll(() => broker.stop());

  it('serves one trade per traded minute: price = the minute close, size = its volume, stamped inside the minute', async () => {
    const page = (await raw(broker, 'GET', `/v2/stocks/SPY/trades?start=${iso(oct7(9, 30))}&end=${iso(oct7(9, 35) - 1)}`)).body as { symbol: string; trades: TradeJson[]; next_page_token: string | null };
    const minutes = lean.trades.get('SPY')?.filter((b) => b.start >= oct7(9, 30) && b.start < oct7(9, 35)) ?? [];
    expect(minutes).toHaveLength(5);
    expect(page.symbol).toBe('SPY');
    expect(page.next_page_token).toBeNull();
    expect(page.trades.map((t) => [Date.parse(t.t), t.p, t.s])).toEqual(minutes.map((b) => [b.start + 59_999, b.close, b.volume]));
    expect(page.trades[0]).toMatchObject({ x: 'D', c: ['@'], z: 'B', i: oct7(9, 30) }); // SPY lists on NYSE Arca: tape B
    // The real client (response validated against the OpenAPI spec on the way in) sees the same prints.
    const single = await api.stocks.stockTradeSingle({ symbol: 'SPY', start: new Date(oct7(9, 30)), end: new Date(oct7(9, 35) - 1) });
    expect(single.trades.map((t) => t.p)).toEqual(minutes.map((b) => b.close));
  });

  it('serves one quote per quoted minute: the closing bid and ask with their last sizes', async () => {
    const rows = lean.quotes.get('IBM')?.filter((q) => q.start >= oct7(10, 0) && q.start < oct7(10, 10)) ?? [];
    const page = await api.stocks.stockQuotes({ symbols: 'IBM', start: new Date(oct7(10, 0)), end: new Date(oct7(10, 10) - 1) });
    const quotes = (page.quotes as unknown as Record<string, QuoteJson[]>)['IBM'] ?? [];
    expect(quotes.map((q) => [Date.parse(q.t), q.bp, q.bs, q.ap, q.as])).toEqual(rows.map((r) => [r.start + 59_999, r.bid?.close, r.bid?.lastSize, r.ask?.close, r.ask?.lastSize]));
    const single = (await raw(broker, 'GET', `/v2/stocks/IBM/quotes?start=${iso(oct7(10, 0))}&end=${iso(oct7(10, 10) - 1)}&feed=sip`)).body as { quotes: QuoteJson[] };
    expect(single.quotes).toEqual(quotes);
  });

  it('paginates multi-symbol trades and quotes with next_page_token (symbol, then time), asc and desc', async () => {
    for (const kind of ['trades', 'quotes'] as const) {
      const all = (await raw(broker, 'GET', `/v2/stocks/${kind}?symbols=SPY,IBM&start=${iso(oct7(9, 30))}&limit=10000`)).body as Record<string, Record<string, { t: string }[]>> & { next_page_token: null };
      expect(all.next_page_token).toBeNull();
      const everything = all[kind] ?? {};
      const total = (everything['SPY']?.length ?? 0) + (everything['IBM']?.length ?? 0);
      expect(total).toBeGreaterThan(100);
      for (const sort of ['asc', 'desc'] as const) {
        const collected: Record<string, string[]> = {};
        let token: string | null = null;
        let pages = 0;
        do {
          const tokenParam: string = token === null ? '' : `&page_token=${token}`;
          const body = (await raw(broker, 'GET', `/v2/stocks/${kind}?symbols=SPY,IBM&start=${iso(oct7(9, 30))}&limit=37&sort=${sort}${tokenParam}`)).body as Record<string, Record<string, { t: string }[]>> & { next_page_token: string | null };
          for (const [symbol, items] of Object.entries(body[kind] ?? {})) (collected[symbol] ??= []).push(...items.map((i) => i.t));
          token = body.next_page_token;
          pages++;
        } while (token !== null && pages < 100);
        expect(pages).toBe(Math.ceil(total / 37));
        const expectSpy = everything['SPY']?.map((i) => i.t) ?? [];
        expect(collected['SPY']).toEqual(sort === 'asc' ? expectSpy : [...expectSpy].reverse());
        expect(Object.keys(collected)).toEqual(['IBM', 'SPY']); // symbols in order, each complete before the next
      }
    }
  });

  it('serves nothing that has not happened by the broker clock', async () => {
    const body = (await raw(broker, 'GET', `/v2/stocks/trades?symbols=SPY&start=${iso(oct7(10, 55))}&end=${iso(oct7(12, 0))}`)).body as { trades: Record<string, TradeJson[]> };
    expect(body.trades['SPY']?.map((t) => t.t)).toEqual([55, 56, 57, 58, 59].map((m) => iso(oct7(10, m) + 59_999)));
    const empty = (await raw(broker, 'GET', `/v2/stocks/quotes?symbols=SPY&start=${iso(oct7(12, 0))}`)).body as { quotes: Record<string, unknown> };
    expect(empty.quotes).toEqual({});
  });

  it('refuses feeds it has no data for and bad parameters with 400', async () => {
    for (const query of ['feed=boats', 'feed=otc', 'sort=up', 'limit=0', 'limit=10001', 'start=yesterday', 'page_token=nonsense']) {
      expect((await raw(broker, 'GET', `/v2/stocks/SPY/trades?${query}`)).status).toBe(400);
    }
    expect((await raw(broker, 'GET', '/v2/stocks/quotes')).status).toBe(400); // symbols missing
    expect((await raw(broker, 'GET', `/v2/stocks/SPY/quotes?feed=iex&start=${iso(oct7(9, 30))}`)).status).toBe(200);
  });

  it('checked every answer against the OpenAPI spec', () => {
    const paths = new Set(validated.map((v) => v.path));
    for (const path of ['/v2/stocks/SPY/trades', '/v2/stocks/IBM/quotes', '/v2/stocks/trades', '/v2/stocks/quotes']) expect(paths).toContain(path);
  });
});

describe('paper broker: bars adjustment from the shipped Lean factor files', () => {
  let broker: PaperBroker;
  beforeAll(async () => {
    broker = await startPaperBroker({ data: { dataDir: DATA_DIR, symbols: ['SPY'], fromDate: '2013-10-07', toDate: '2013-10-08' } });
    broker.advanceTo(Date.UTC(2013, 9, 9));
  });
  afterAll(() => broker.stop());

  const dailyBars = async (adjustment: string) =>
    ((await raw(broker, 'GET', `/v2/stocks/SPY/bars?timeframe=1Day&start=2013-10-07&end=2013-10-08&adjustment=${adjustment}`)).body as { bars: { t: string; o: number; c: number; v: number }[] }).bars;

  it('scales prices by the dividend factor of the bar date (SPY 2013-10-07: 0.8646266 until the 2013-12-20 ex-date), volume unchanged', async () => {
    const rawBars = await dailyBars('raw');
    const first = rawBars[0];
    expect(first?.t).toBe('2013-10-07T04:00:00.000Z');
    const dividend = await dailyBars('dividend');
    // The day bar aggregates each minute adjusted and rounded to 4 decimals: within a rounding step of the scaled raw bar.
    expect(dividend[0]?.c).toBeCloseTo((first?.c ?? NaN) * 0.8646266, 4);
    expect(dividend[0]?.o).toBeCloseTo((first?.o ?? NaN) * 0.8646266, 4);
    expect(dividend[0]?.v).toBe(first?.v);
    expect(await dailyBars('all')).toEqual(dividend);
    expect(await dailyBars('split,dividend')).toEqual(dividend);
    // SPY had no split after 2013: split-adjusted equals raw; spin-offs are not in Lean factor files.
    expect(await dailyBars('split')).toEqual(rawBars);
    expect(await dailyBars('spin-off')).toEqual(rawBars);
    expect((await raw(broker, 'GET', '/v2/stocks/SPY/bars?timeframe=1Day&adjustment=bogus')).status).toBe(400);
  });
});
