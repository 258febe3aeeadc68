import { AlpacaMarketData, createAlpacaClients, withBackoff } from '../../../../layers/adapters/alpaca';
import { ExternalServiceError } from '../../../../layers/core/ports';
import { startFakeAlpaca, type FakeAlpaca } from './support/fake-alpaca';

let fake: FakeAlpaca;
let sleeps: number[];
let marketData: AlpacaMarketData;

const T0 = Date.parse('2013-10-07T13:30:00Z');
const minute = (i: number) => new Date(T0 + i * 60_000).toISOString();
const bar = (i: number, close: number) => ({ t: minute(i), o: close, h: close + 0.1, l: close - 0.1, c: close, v: 1000 + i, n: 10, vw: close });

beforeAll(async () => {
  fake = await startFakeAlpaca();
});
afterAll(() => fake.close());
beforeEach(() => {
  sleeps = [];
  marketData = new AlpacaMarketData(createAlpacaClients({ keyId: 'k', secretKey: 's', tradingUrl: fake.url, dataUrl: fake.url }), {
    feed: 'iex',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    maxAttempts: 4,
  });
});

describe('AlpacaMarketData.minuteBars', () => {
  it('follows next_page_token across pages after backing off twice on 429, honouring Retry-After', async () => {
    let calls = 0;
    fake.route('GET', '/v2/stocks/bars', (r) => {
      calls++;
      if (calls === 1) return { status: 429, headers: { 'Retry-After': '2' }, body: { message: 'too many requests' } };
      if (calls === 2) return { status: 429, body: { message: 'too many requests' } };
      if (!r.query.get('page_token')) {
        return { body: { bars: { IBM: [bar(0, 185), bar(1, 185.5)], SPY: [bar(0, 168.1)] }, next_page_token: 'p2' } };
      }
      if (r.query.get('page_token') === 'p2') {
        return { body: { bars: { SPY: [bar(1, 168.2), bar(2, 168.3), bar(3, 999)] }, next_page_token: null } };
      }
      return { status: 400, body: { message: 'bad token' } };
    });

    const result = await marketData.minuteBars(['SPY', 'IBM', 'BAC'], T0, T0 + 3 * 60_000);

    // 429 with Retry-After: 2 s waited; without it: exponential 250 ms × 2^(attempt-1) with jitter 0.5.
    expect(sleeps).toEqual([2000, 250]);
    const dataCalls = fake.requests.filter((r) => r.path === '/v2/stocks/bars');
    const first = dataCalls.at(-2);
    expect(first?.query.get('symbols')).toBe('SPY,IBM,BAC');
    expect(first?.query.get('timeframe')).toBe('1Min');
    expect(first?.query.get('feed')).toBe('iex');
    expect(first?.query.get('adjustment')).toBe('raw');
    expect(first?.query.get('limit')).toBe('10000');
    expect(first?.query.get('start')).toBe(minute(0));
    expect(first?.query.get('end')).toBe(new Date(T0 + 3 * 60_000 - 1).toISOString());
    expect(result.get('SPY')?.map((b) => b.close)).toEqual([168.1, 168.2, 168.3]); // the bar at `to` is excluded
    expect(result.get('IBM')?.[1]).toEqual({ symbol: 'IBM', start: T0 + 60_000, open: 185.5, high: 185.6, low: 185.4, close: 185.5, volume: 1001, vwap: 185.5, tradeCount: 10 });
    expect(result.get('BAC')).toEqual([]);
  });

  it('honours X-RateLimit-Reset when there is no Retry-After', async () => {
    let calls = 0;
    fake.route('GET', '/v2/stocks/bars', () => {
      calls++;
      if (calls === 1) {
        return { status: 429, headers: { 'X-RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + 3) }, body: { message: 'slow down' } };
      }
      return { body: { bars: {}, next_page_token: null } };
    });
    await marketData.minuteBars(['SPY'], T0, T0 + 60_000);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(1000);
    expect(sleeps[0]).toBeLessThanOrEqual(4000);
  });

  it('retries transient 5xx and gives up after maxAttempts with a retryable error', async () => {
    fake.route('GET', '/v2/stocks/bars', () => ({ status: 503, body: { message: 'unavailable' } }));
    const error: unknown = await marketData.minuteBars(['SPY'], T0, T0 + 60_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalServiceError);
    expect(error).toMatchObject({ retryable: true, service: 'alpaca' });
    expect(sleeps).toEqual([125, 250, 500]); // 4 attempts, exponential × jitter 0.5
  });

  it('does not retry a 4xx such as a forbidden feed', async () => {
    fake.route('GET', '/v2/stocks/bars', () => ({ status: 403, body: { message: 'subscription does not permit querying recent SIP data' } }));
    const error: unknown = await marketData.minuteBars(['SPY'], T0, T0 + 60_000).catch((e: unknown) => e);
    expect(error).toMatchObject({ retryable: false });
    expect(sleeps).toEqual([]);
  });
});

describe('AlpacaMarketData.latestTrades', () => {
  it('returns the latest trade price and time per symbol, after a transient 502', async () => {
    let calls = 0;
    fake.route('GET', '/v2/stocks/trades/latest', (r) => {
      calls++;
      if (calls === 1) return { status: 502, body: { message: 'bad gateway' } };
      expect(r.query.get('symbols')).toBe('SPY,IBM');
      expect(r.query.get('feed')).toBe('iex');
      return {
        body: {
          trades: {
            SPY: { t: minute(5), x: 'V', p: 168.27, s: 100, c: ['@'], i: 1, z: 'B' },
            IBM: { t: minute(4), x: 'V', p: 185.01, s: 50, c: ['@'], i: 2, z: 'A' },
          },
        },
      };
    });
    const trades = await marketData.latestTrades(['SPY', 'IBM']);
    expect(trades.get('SPY')).toEqual({ price: 168.27, at: T0 + 5 * 60_000 });
    expect(trades.get('IBM')).toEqual({ price: 185.01, at: T0 + 4 * 60_000 });
    expect(sleeps).toHaveLength(1);
  });
});

describe('withBackoff', () => {
  it('caps a server-requested wait at maxDelayMs', async () => {
    const waits: number[] = [];
    let attempts = 0;
    const value = await withBackoff(
      'op',
      async () => {
        attempts++;
        if (attempts === 1) throw Object.assign(new Error('rate limited'), { status: 429, retryAfterMs: 600_000 });
        return 'ok';
      },
      { maxDelayMs: 5000, sleep: async (ms) => void waits.push(ms) },
    );
    expect(value).toBe('ok');
    expect(waits).toEqual([5000]);
  });
});
