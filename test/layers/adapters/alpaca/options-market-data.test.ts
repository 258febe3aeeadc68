/**
 * The options market-data adapter with the real Alpaca v4 client against the paper broker's options endpoints,
 * serving the shipped GOOG 2015-12-24 chain at the broker's clock (10:00 New York); every answer is validated
 * against Alpaca's OpenAPI documents before the client parses it.
 */
import { join } from 'node:path';
import { AlpacaOptionsMarketData, createAlpacaOptionClients } from '../../../../layers/adapters/alpaca';
import { loadOptionsMarket, startPaperBroker, type PaperBroker } from '../../../../local/paper-broker';
import { optionsValidatingFetch, validatedOptions, validateOptionsResponse } from '../../../local/paper-broker/options-support';

const dataDir = join(__dirname, '../../../../data');
const tenAm = Date.parse('2015-12-24T15:00:00Z');

describe('AlpacaOptionsMarketData against the paper broker (GOOG 2015-12-24)', () => {
  let broker: PaperBroker;
  let data: AlpacaOptionsMarketData;

  beforeAll(async () => {
    const options = await loadOptionsMarket(dataDir, ['GOOG'], ['2015-12-24'], { r: 0.0025, q: 0 });
    broker = await startPaperBroker({ data: { dataDir, symbols: ['GOOG'], fromDate: '2015-12-24', toDate: '2015-12-24' }, options });
    broker.advanceTo(tenAm);
    const clients = createAlpacaOptionClients({ keyId: broker.credentials.keyId, secretKey: broker.credentials.secretKey, tradingUrl: broker.baseUrl, dataUrl: broker.baseUrl, fetchApi: optionsValidatingFetch, timeoutMs: 0 });
    data = new AlpacaOptionsMarketData(clients, { maxAttempts: 1, pageLimit: 500 });
  }, 120_000);

  afterAll(async () => {
    await broker?.stop();
  });

  it('lists contracts with exact strikes, following pages (default window: expiring by the coming weekend)', async () => {
    const thisWeek = await data.contracts('GOOG');
    // Thursday 2015-12-24: the default window ends Sunday 12-27, so only the 12-24 expiry (176 contracts).
    expect(thisWeek).toHaveLength(176);
    const jan = await data.contracts('GOOG', { expiry: '2016-01-15', right: 'call', strikeFrom: 700, strikeTo: 800 });
    expect(jan.map((c) => c.strike)).toContain('752.5');
    expect(jan.every((c) => c.right === 'call' && c.expiry === '2016-01-15' && c.multiplier === 100)).toBe(true);
    const all = await data.contracts('GOOG', { expiryFrom: '2015-01-01' });
    expect(all).toHaveLength(2192); // 5 pages of 500
  });

  it('reads the chain snapshot: exact quotes at the broker clock, Black–Scholes IV and Greeks', async () => {
    const chain = await data.chain('GOOG', { expiry: '2016-01-15' });
    const atm = chain.find((e) => e.contract.symbol === 'GOOG160115C00750000');
    expect(atm?.quote).toEqual({ ts: tenAm, bid: { price: '12.3', size: '10' }, ask: { price: '12.9', size: '26' } });
    expect(atm?.lastTrade).toEqual({ ts: Date.parse('2015-12-24T14:54:00Z'), price: '13.15', size: '1' });
    expect(atm?.impliedVolatility).toBeGreaterThan(0.17);
    expect(atm?.impliedVolatility).toBeLessThan(0.22);
    expect(atm?.greeks?.delta).toBeGreaterThan(0.4);
    expect(atm?.greeks?.delta).toBeLessThan(0.55);
    expect(atm?.greeks?.theta).toBeLessThan(0);
    expect(chain.every((e) => e.contract.expiry === '2016-01-15')).toBe(true);
    expect(chain.length).toBeGreaterThan(100);
  });

  it('reads latest quotes and minute/daily bars without look-ahead', async () => {
    const quotes = await data.latestQuotes(['GOOG160115C00750000', 'GOOG160115P00750000', 'GOOG991231C00001000']);
    expect(quotes.get('GOOG160115C00750000')?.bid?.price).toBe('12.3');
    expect(quotes.has('GOOG991231C00001000')).toBe(false);
    const bars = await data.bars(['GOOG160115C00750000'], '1Min', new Date('2015-12-24T14:30:00Z'));
    // Only the 09:53 print had happened by 10:00 (the next is at 10:17).
    expect(bars.get('GOOG160115C00750000')).toEqual([{ start: Date.parse('2015-12-24T14:53:00Z'), open: '13.15', high: '13.15', low: '13.15', close: '13.15', volume: 1, tradeCount: 0, vwap: 13.15 }]);
    // The daily bar exists only once the session has closed.
    expect((await data.bars(['GOOG160115C00750000'], '1Day', new Date('2015-12-24T00:00:00Z'))).size).toBe(0);
  });

  it('validated every answer against the OpenAPI documents, and the raw error shapes', async () => {
    expect(new Set(validatedOptions)).toEqual(
      new Set(['GET /v2/options/contracts 200', 'GET /v1beta1/options/snapshots/{underlying_symbol} 200', 'GET /v1beta1/options/quotes/latest 200', 'GET /v1beta1/options/bars 200']),
    );
    const headers = { 'APCA-API-KEY-ID': broker.credentials.keyId, 'APCA-API-SECRET-KEY': broker.credentials.secretKey };
    const bad = await fetch(`${broker.baseUrl}/v1beta1/options/bars?symbols=GOOG160115C00750000&timeframe=7Min`, { headers });
    expect(bad.status).toBe(400);
    const one = await fetch(`${broker.baseUrl}/v2/options/contracts/GOOG160115C00750000`, { headers });
    const body: unknown = await one.json();
    expect(one.status).toBe(200);
    expect(body).toMatchObject({ symbol: 'GOOG160115C00750000', strike_price: '750', open_interest: '889', tradable: true, status: 'active' });
    expect(() => validateOptionsResponse('GET', '/v2/options/contracts', 200, { option_contracts: [body] })).not.toThrow();
  });
});
