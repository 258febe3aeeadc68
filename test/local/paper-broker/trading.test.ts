import { Decimal } from 'decimal.js';
import WebSocket from 'ws';
import { join } from 'node:path';
import { readZipTextEntries } from '../../../layers/adapters/files';
import { startPaperBroker, type PaperBroker } from '../../../local/paper-broker';
import { alpacaClients, DATA_DIR, oct7, raw, statusOf, validated } from './support';

/** Rows of a Lean minute zip keyed by New York ms since midnight, as raw deci-cent integers (independent of the parser). */
async function leanRows(symbol: string, date: string, kind: 'trade' | 'quote'): Promise<Map<number, readonly number[]>> {
  const [entry] = await readZipTextEntries(join(DATA_DIR, `lean/equity/usa/minute/${symbol}/${date}_${kind}.zip`));
  const rows = new Map<number, readonly number[]>();
  for (const line of (entry?.text ?? '').trim().split('\n')) {
    const fields = line.split(',').map((f) => (f === '' ? NaN : Number(f)));
    rows.set(fields[0] ?? -1, fields.slice(1));
  }
  return rows;
}
const nyMs = (hour: number, minute: number): number => (hour * 60 + minute) * 60_000;
/** A field the client types as optional but the broker always sends. */
function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('missing field');
  return value;
}
const usd = (deciCents: number | undefined): Decimal => new Decimal(deciCents ?? NaN).div(10_000);

describe('paper broker: trading API through the real Alpaca client', () => {
  let broker: PaperBroker;
  let api: ReturnType<typeof alpacaClients>;

  beforeAll(async () => {
    broker = await startPaperBroker({
      data: { dataDir: DATA_DIR, symbols: ['SPY', 'IBM', 'BAC', 'AIG'], fromDate: '2013-10-07', toDate: '2013-10-08' },
      startingCash: '1000000',
      marginMultiplier: 2,
      fillModel: { latencyMs: 1000, slippageBps: 1, defaultSpreadBps: 2, participationRate: 0.1 },
      seed: 42,
    });
    api = alpacaClients(broker);
    broker.advanceTo(oct7(9, 35));
  });
  afterAll(() => broker.stop());

  it('starts on the first session open and reports the clock and calendar', async () => {
    const clock = await api.clock.legacyClock();
    expect(new Date(clock.timestamp).getTime()).toBe(oct7(9, 35));
    expect(clock.isOpen).toBe(true);
    expect(new Date(clock.nextClose).getTime()).toBe(oct7(16, 0));
    const calendar = await raw(broker, 'GET', '/v2/calendar?start=2013-10-01&end=2013-10-15');
    const days = calendar.body as { date: string; open: string; close: string }[];
    // 2013-10-14 (Columbus Day) is a NYSE trading day; weekends are not.
    expect(days.map((d) => d.date)).toEqual(['2013-10-01', '2013-10-02', '2013-10-03', '2013-10-04', '2013-10-07', '2013-10-08', '2013-10-09', '2013-10-10', '2013-10-11', '2013-10-14', '2013-10-15']);
    expect(days[0]).toMatchObject({ open: '09:30', close: '16:00' });
    const thanksgiving = (await raw(broker, 'GET', '/v2/calendar?start=2013-11-27&end=2013-11-29')).body as { date: string; close: string }[];
    expect(thanksgiving).toEqual([expect.objectContaining({ date: '2013-11-27', close: '16:00' }), expect.objectContaining({ date: '2013-11-29', close: '13:00' })]);
  });

  it('serves the account and the replayed assets', async () => {
    const account = await api.accounts.getAccount();
    expect(account.cash).toBe('1000000');
    expect(account.buyingPower).toBe('2000000');
    expect(account.status).toBe('ACTIVE');
    const assets = await api.assets.getV2Assets({});
    expect(assets.map((a) => a.symbol)).toEqual(['AIG', 'BAC', 'IBM', 'SPY']);
    const spy = await api.assets.getV2AssetsSymbolOrAssetId({ symbolOrAssetId: 'SPY' });
    expect(spy).toMatchObject({ tradable: true, shortable: true, easyToBorrow: true, fractionable: true, exchange: 'ARCA' });
    expect(await statusOf(api.assets.getV2AssetsSymbolOrAssetId({ symbolOrAssetId: 'ZZZZ' }))).toBe(404);
  });

  it('requires Alpaca credentials', async () => {
    expect((await fetch(`${broker.baseUrl}/v2/account`)).status).toBe(401);
    const wrong = await fetch(`${broker.baseUrl}/v2/account`, { headers: { 'APCA-API-KEY-ID': 'x', 'APCA-API-SECRET-KEY': 'y' } });
    expect(wrong.status).toBe(403);
  });

  it('fills a market order at the next bar open plus half the quoted spread plus slippage, computed from the data file', async () => {
    const order = await api.orders.postOrder({ postOrderRequest: { symbol: 'SPY', qty: '10', side: 'buy', type: 'market', timeInForce: 'day', clientOrderId: 'spy-buy-1' } });
    expect(order.status).toBe('new');
    expect(order.qty).toBe('10');
    // Accepted at 09:35:00 + 1 s latency: the first bar starting after that is 09:36.
    broker.advanceTo(oct7(9, 36));
    expect((await api.orders.getOrderByOrderID({ orderId: must(order.id) })).status).toBe('new');
    broker.advanceTo(oct7(9, 37));
    const trade = (await leanRows('spy', '20131007', 'trade')).get(nyMs(9, 36));
    const quote = (await leanRows('spy', '20131007', 'quote')).get(nyMs(9, 36));
    const open = usd(trade?.[0]);
    const halfSpread = usd(quote?.[5]).minus(usd(quote?.[0])).div(2);
    expect(halfSpread.isPositive()).toBe(true);
    const expected = open.plus(halfSpread).times('1.0001').toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
    const filled = await api.orders.getOrderByClientOrderId({ clientOrderId: 'spy-buy-1' });
    expect(filled.status).toBe('filled');
    expect(filled.filledQty).toBe('10');
    expect(filled.filledAvgPrice).toBe(expected.toFixed());
    const position = await api.positions.getOpenPosition({ symbolOrAssetId: 'SPY' });
    expect(position.qty).toBe('10');
    expect(position.avgEntryPrice).toBe(expected.toFixed());
    const account = await api.accounts.getAccount();
    expect(account.cash).toBe(new Decimal('1000000').minus(expected.times(10)).toFixed());
    // Equity is marked to the last closed bar (09:36 close).
    expect(account.equity).toBe(new Decimal(account.cash ?? '0').plus(usd(trade?.[3]).times(10)).toFixed());
  });

  it('rejects a duplicate client_order_id with 422 and insufficient buying power with 403', async () => {
    const duplicate = await raw(broker, 'POST', '/v2/orders', { symbol: 'SPY', qty: '1', side: 'buy', type: 'market', time_in_force: 'day', client_order_id: 'spy-buy-1' });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body).toEqual({ code: 40010001, message: 'client_order_id must be unique' });
    expect(await statusOf(api.orders.postOrder({ postOrderRequest: { symbol: 'SPY', qty: '100000', side: 'buy', type: 'market', timeInForce: 'day' } }))).toBe(403);
    const bad = await raw(broker, 'POST', '/v2/orders', { symbol: 'SPY', qty: '0', side: 'buy', type: 'market', time_in_force: 'day' });
    expect(bad.status).toBe(422);
    expect((await raw(broker, 'POST', '/v2/orders', { symbol: 'NOPE', qty: '1', side: 'buy', type: 'market', time_in_force: 'day' })).status).toBe(422);
  });

  it('lists, replaces and cancels working limit orders', async () => {
    const limit = await api.orders.postOrder({ postOrderRequest: { symbol: 'BAC', qty: '5', side: 'buy', type: 'limit', limitPrice: '1.00', timeInForce: 'gtc', clientOrderId: 'bac-low' } });
    const open = await api.orders.getAllOrders({ status: 'open' });
    expect(open.map((o) => o.id)).toContain(limit.id);
    const replaced = await api.orders.patchOrderByOrderId({ orderId: must(limit.id), patchOrderRequest: { limitPrice: '1.50', clientOrderId: 'bac-low-2' } });
    expect(replaced.replaces).toBe(limit.id);
    expect(replaced.limitPrice).toBe('1.5');
    expect((await api.orders.getOrderByOrderID({ orderId: must(limit.id) })).status).toBe('replaced');
    await api.orders.deleteOrderByOrderID({ orderId: must(replaced.id) });
    expect((await api.orders.getOrderByOrderID({ orderId: must(replaced.id) })).status).toBe('canceled');
    expect((await raw(broker, 'DELETE', `/v2/orders/${must(replaced.id)}`)).status).toBe(422);
    const all = await raw(broker, 'GET', '/v2/orders?status=all&direction=asc&limit=500');
    expect((all.body as { client_order_id: string }[]).map((o) => o.client_order_id)).toEqual(['spy-buy-1', 'bac-low', 'bac-low-2']);
    const other = await api.orders.postOrder({ postOrderRequest: { symbol: 'AIG', qty: '1', side: 'buy', type: 'limit', limitPrice: '1', timeInForce: 'day' } });
    const canceled = await raw(broker, 'DELETE', '/v2/orders');
    expect(canceled.status).toBe(207);
    expect((canceled.body as { id: string }[]).map((c) => c.id)).toEqual([must(other.id)]);
  });

  it('caps fills at 10 % of each bar volume, giving partial fills across bars', async () => {
    const start = broker.now();
    const trades = await leanRows('ibm', '20131007', 'trade');
    // The next three minutes' bars (the order is eligible from start + 1 s): 10 % of each bar's volume, whole shares.
    let expected = 0;
    for (let t = start + 60_000; t <= start + 3 * 60_000; t += 60_000) {
      expected += Math.floor((trades.get(t - Date.UTC(2013, 9, 7, 4, 0))?.[4] ?? 0) * 0.1);
    }
    expect(expected).toBeGreaterThan(0);
    const order = await api.orders.postOrder({ postOrderRequest: { symbol: 'IBM', qty: String(expected + 500), side: 'buy', type: 'market', timeInForce: 'day' } });
    broker.advanceTo(start + 4 * 60_000);
    const partial = await api.orders.getOrderByOrderID({ orderId: must(order.id) });
    expect(partial.status).toBe('partially_filled');
    expect(partial.filledQty).toBe(String(expected));
    await api.orders.deleteOrderByOrderID({ orderId: must(order.id) });
    expect((await api.positions.getOpenPosition({ symbolOrAssetId: 'IBM' })).qty).toBe(String(expected));
  });

  it('streams trade updates over the WebSocket and closes a position with a market order', async () => {
    const socket = new WebSocket(broker.streamUrl);
    const messages: { stream: string; data: Record<string, unknown> }[] = [];
    await new Promise<void>((resolve) => socket.once('open', () => resolve()));
    const waitFor = (predicate: (m: (typeof messages)[number]) => boolean) =>
      new Promise<(typeof messages)[number]>((resolve) => {
        const check = (): void => {
          const found = messages.find(predicate);
          if (found !== undefined) resolve(found);
          else setTimeout(check, 5);
        };
        check();
      });
    socket.on('message', (data) => messages.push(JSON.parse(String(data)) as (typeof messages)[number]));
    socket.send(JSON.stringify({ action: 'authenticate', data: { key_id: broker.credentials.keyId, secret_key: broker.credentials.secretKey } }));
    expect((await waitFor((m) => m.stream === 'authorization')).data).toEqual({ status: 'authorized', action: 'authenticate' });
    socket.send(JSON.stringify({ action: 'listen', data: { streams: ['trade_updates'] } }));
    await waitFor((m) => m.stream === 'listening');
    const close = await api.positions.deleteOpenPosition({ symbolOrAssetId: 'SPY' });
    expect(close.side).toBe('sell');
    broker.advanceTo(broker.now() + 2 * 60_000);
    const fill = await waitFor((m) => m.stream === 'trade_updates' && m.data['event'] === 'fill');
    expect((fill.data['order'] as { id: string }).id).toBe(close.id);
    expect(fill.data).toMatchObject({ qty: '10', position_qty: '0' });
    expect(typeof fill.data['price']).toBe('string');
    expect(messages.some((m) => m.stream === 'trade_updates' && m.data['event'] === 'new')).toBe(true);
    socket.close();
    expect(await statusOf(api.positions.getOpenPosition({ symbolOrAssetId: 'SPY' }))).toBe(404);
    expect(broker.orders().find((o) => o.id === close.id)?.status).toBe('filled');
  });

  it('validated responses against the OpenAPI schemas', () => {
    expect(validated.length).toBeGreaterThan(15);
    const paths = new Set(validated.map((v) => `${v.method} ${v.path.replace(/[0-9a-f-]{36}/, '{id}')}`));
    for (const expected of ['GET /v2/account', 'POST /v2/orders', 'GET /v2/orders/{id}', 'PATCH /v2/orders/{id}', 'GET /v2/orders:by_client_order_id', 'GET /v2/positions/SPY', 'DELETE /v2/positions/SPY', 'GET /v2/clock', 'GET /v2/calendar', 'GET /v2/assets']) {
      expect(paths).toContain(expected);
    }
  });
});
