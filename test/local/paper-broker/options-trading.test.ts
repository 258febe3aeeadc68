import { Decimal } from 'decimal.js';
import { DateTime } from 'luxon';
import WebSocket from 'ws';
import { loadOptionsMarket, startPaperBroker, type OptionsMarket, type PaperBroker } from '../../../local/paper-broker';
import { optionsDesk, type OptionsDesk } from '../../../local/paper-broker/option-orders';
import { DATA_DIR, raw } from './support';

const ny = (time: string): number => DateTime.fromISO(`2015-12-24T${time}`, { zone: 'America/New_York' }).toMillis();
const LONG = 'GOOG151231C00750000';
const SHORT = 'GOOG151231C00760000';
const spread = (over: Record<string, unknown> = {}) => ({
  order_class: 'mleg',
  qty: '2',
  type: 'market',
  time_in_force: 'day',
  legs: [
    { symbol: LONG, ratio_qty: '1', side: 'buy', position_intent: 'buy_to_open' },
    { symbol: SHORT, ratio_qty: '1', side: 'sell', position_intent: 'sell_to_open' },
  ],
  ...over,
});
type Json = Record<string, unknown>;

describe('paper broker: option and multi-leg orders on the shipped GOOG quotes', () => {
  let market: OptionsMarket;
  let desk: OptionsDesk;
  let broker: PaperBroker;

  beforeAll(async () => {
    market = await loadOptionsMarket(DATA_DIR, ['GOOG'], ['2015-12-24']);
    desk = optionsDesk(market);
    broker = await startPaperBroker({ data: { dataDir: DATA_DIR, symbols: ['GOOG'], fromDate: '2015-12-24', toDate: '2015-12-24' }, options: market, startingCash: '100000', seed: 7 });
    broker.advanceTo(ny('10:00'));
  }, 60_000);
  afterAll(() => broker.stop());

  it('reports the options approval level on the account (Alpaca paper default 3)', async () => {
    const account = (await raw(broker, 'GET', '/v2/account')).body as Json;
    expect(account).toMatchObject({ options_approved_level: 3, options_trading_level: 3 });
  });

  it('fills a market mleg all-or-none at the legs\' taker prices, books a position per OCC symbol, answers per the OpenAPI schema', async () => {
    const cashBefore = new Decimal(broker.account()['cash'] as string);
    const placed = await raw(broker, 'POST', '/v2/orders', spread({ client_order_id: 'mleg-1' }));
    expect(placed.status).toBe(200);
    const order = placed.body as Json;
    expect(order).toMatchObject({ order_class: 'mleg', asset_class: 'us_option', status: 'new', qty: '2', client_order_id: 'mleg-1' });
    expect(order['symbol']).toBeUndefined();
    expect((order['legs'] as Json[]).map((l) => [l['symbol'], l['side'], l['position_intent'], l['ratio_qty']])).toEqual([
      [LONG, 'buy', 'buy_to_open', '1'],
      [SHORT, 'sell', 'sell_to_open', '1'],
    ]);

    broker.advanceTo(ny('10:05'));
    const filled = (await raw(broker, 'GET', '/v2/orders:by_client_order_id?client_order_id=mleg-1')).body as Json;
    expect(filled['status']).toBe('filled');
    const at = Date.parse(filled['filled_at'] as string);
    const long = desk.quote(LONG, at);
    const short = desk.quote(SHORT, at);
    if (long === undefined || short === undefined) throw new Error('no quotes at the fill');
    const legs = filled['legs'] as Json[];
    expect(legs.map((l) => l['filled_avg_price'])).toEqual([long.ask.toFixed(), short.bid.toFixed()]);
    const net = long.ask.minus(short.bid);
    expect(filled['filled_avg_price']).toBe(net.toFixed());
    expect(filled['filled_qty']).toBe('2');

    const positions = (await raw(broker, 'GET', '/v2/positions')).body as Json[];
    expect(positions.map((p) => [p['symbol'], p['qty'], p['asset_class']])).toEqual([
      [LONG, '2', 'us_option'],
      [SHORT, '-2', 'us_option'],
    ]);
    // Cash moves by the net debit × 100 shares per contract × 2 units.
    expect(new Decimal(broker.account()['cash'] as string).toFixed()).toBe(cashBefore.minus(net.times(200)).toFixed());
  });

  it('rests a limit that is not marketable (and cancels it); fills a marketable single-option limit at the ask', async () => {
    const resting = await raw(broker, 'POST', '/v2/orders', spread({ type: 'limit', limit_price: '0.5', client_order_id: 'mleg-rest' }));
    expect(resting.status).toBe(200);
    broker.advanceTo(ny('10:20'));
    const still = (await raw(broker, 'GET', '/v2/orders:by_client_order_id?client_order_id=mleg-rest')).body as Json;
    expect(still).toMatchObject({ status: 'new', limit_price: '0.5', filled_qty: '0' });
    expect((await raw(broker, 'DELETE', `/v2/orders/${String(still['id'])}`)).status).toBe(204);

    const single = await raw(broker, 'POST', '/v2/orders', { symbol: 'GOOG151231C00755000', side: 'buy', qty: '1', type: 'limit', limit_price: '20', time_in_force: 'day', client_order_id: 'single-1' });
    expect(single.body).toMatchObject({ symbol: 'GOOG151231C00755000', asset_class: 'us_option', order_class: 'simple', position_intent: 'buy_to_open' });
    broker.advanceTo(ny('10:25'));
    const filled = (await raw(broker, 'GET', '/v2/orders:by_client_order_id?client_order_id=single-1')).body as Json;
    expect(filled['status']).toBe('filled');
    expect(filled['filled_avg_price']).toBe(desk.quote('GOOG151231C00755000', Date.parse(filled['filled_at'] as string))?.ask.toFixed());
  });

  it('closes an option position with DELETE /v2/positions/{symbol} (a market sell_to_close at the bid)', async () => {
    const closed = await raw(broker, 'DELETE', '/v2/positions/GOOG151231C00755000');
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ symbol: 'GOOG151231C00755000', side: 'sell', position_intent: 'sell_to_close', asset_class: 'us_option' });
    broker.advanceTo(ny('10:30'));
    const positions = (await raw(broker, 'GET', '/v2/positions')).body as Json[];
    expect(positions.map((p) => p['symbol'])).not.toContain('GOOG151231C00755000');
    expect((await raw(broker, 'PATCH', `/v2/orders/${String((closed.body as Json)['id'])}`, { qty: '2' })).status).toBe(422);
  });

  it('streams the mleg order\'s new and fill events; a credit put spread fills at a negative net and adds the credit to cash', async () => {
    const socket = new WebSocket(broker.streamUrl);
    const messages: { stream: string; data: Json }[] = [];
    await new Promise<void>((resolve) => socket.once('open', () => resolve()));
    socket.on('message', (data) => messages.push(JSON.parse(String(data)) as (typeof messages)[number]));
    const waitFor = (predicate: (m: (typeof messages)[number]) => boolean) =>
      new Promise<(typeof messages)[number]>((resolve) => {
        const check = (): void => {
          const found = messages.find(predicate);
          if (found !== undefined) resolve(found);
          else setTimeout(check, 5);
        };
        check();
      });
    socket.send(JSON.stringify({ action: 'authenticate', data: { key_id: broker.credentials.keyId, secret_key: broker.credentials.secretKey } }));
    await waitFor((m) => m.stream === 'authorization');
    socket.send(JSON.stringify({ action: 'listen', data: { streams: ['trade_updates'] } }));
    await waitFor((m) => m.stream === 'listening');

    const SHORT_PUT = 'GOOG151231P00750000';
    const LONG_PUT = 'GOOG151231P00740000';
    const cashBefore = new Decimal(broker.account()['cash'] as string);
    const placed = await raw(broker, 'POST', '/v2/orders', spread({ qty: '1', client_order_id: 'credit-1', legs: [{ symbol: SHORT_PUT, ratio_qty: '1', side: 'sell', position_intent: 'sell_to_open' }, { symbol: LONG_PUT, ratio_qty: '1', side: 'buy', position_intent: 'buy_to_open' }] }));
    expect(placed.status).toBe(200);
    await waitFor((m) => m.stream === 'trade_updates' && m.data['event'] === 'new' && (m.data['order'] as Json)['client_order_id'] === 'credit-1');
    broker.advanceTo(ny('10:35'));
    const fill = await waitFor((m) => m.stream === 'trade_updates' && m.data['event'] === 'fill' && (m.data['order'] as Json)['client_order_id'] === 'credit-1');
    socket.close();
    const order = fill.data['order'] as Json;
    expect(order['order_class']).toBe('mleg');
    const at = Date.parse(order['filled_at'] as string);
    const net = (desk.quote(LONG_PUT, at)?.ask ?? new Decimal(NaN)).minus(desk.quote(SHORT_PUT, at)?.bid ?? new Decimal(NaN));
    expect(net.isNegative()).toBe(true);
    expect(fill.data).toMatchObject({ price: net.toFixed(), qty: '1' });
    expect(new Decimal(broker.account()['cash'] as string).toFixed()).toBe(cashBefore.minus(net.times(100)).toFixed());
  });

  it.each([
    ['a leg ratio as a number (the schema says string)', spread({ legs: [{ symbol: LONG, ratio_qty: 1, side: 'buy' }, { symbol: SHORT, ratio_qty: '1', side: 'sell' }] }), 422],
    ['more than 4 legs (schema maxItems)', spread({ legs: Array.from({ length: 5 }, () => ({ symbol: LONG, ratio_qty: '1', side: 'buy' })) }), 422],
    ['one leg', spread({ legs: [{ symbol: LONG, ratio_qty: '1', side: 'buy' }] }), 422],
    ['a symbol on an mleg order', spread({ symbol: 'GOOG' }), 422],
    ['an unknown contract', spread({ legs: [{ symbol: 'GOOG151231C00999000', ratio_qty: '1', side: 'buy' }, { symbol: SHORT, ratio_qty: '1', side: 'sell' }] }), 422],
    ['a gtc option order', spread({ time_in_force: 'gtc' }), 422],
    ['fractional contracts', spread({ qty: '1.5' }), 422],
    ['an uncovered short call spread (more short calls than long)', spread({ legs: [{ symbol: LONG, ratio_qty: '1', side: 'buy' }, { symbol: SHORT, ratio_qty: '2', side: 'sell' }] }), 403],
    ['a naked short call', { symbol: 'GOOG151231C00765000', side: 'sell', qty: '1', type: 'limit', limit_price: '1', time_in_force: 'day' }, 403],
  ])('refuses %s', async (_what, body, status) => {
    expect((await raw(broker, 'POST', '/v2/orders', body)).status).toBe(status);
  });

  it('refuses an mleg order where the account is approved for level 2 only', async () => {
    const level2 = await startPaperBroker({ data: { dataDir: DATA_DIR, symbols: ['GOOG'], fromDate: '2015-12-24', toDate: '2015-12-24' }, options: market, optionsApprovedLevel: 2 });
    try {
      level2.advanceTo(ny('10:00'));
      const refused = await raw(level2, 'POST', '/v2/orders', spread());
      expect(refused.status).toBe(403);
      expect(JSON.stringify(refused.body)).toContain('needs 3');
      expect(level2.account()).toMatchObject({ options_trading_level: 2 });
    } finally {
      await level2.stop();
    }
  });
});
