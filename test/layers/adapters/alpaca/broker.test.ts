import { AlpacaBroker, BrokerClock, createAlpacaClients } from '../../../../layers/adapters/alpaca';
import { ExternalServiceError } from '../../../../layers/core/ports';
import { alpacaOrder, startFakeAlpaca, type FakeAlpaca } from './support/fake-alpaca';

let fake: FakeAlpaca;
let broker: AlpacaBroker;

beforeAll(async () => {
  fake = await startFakeAlpaca();
  const clients = createAlpacaClients({ keyId: 'PKTEST', secretKey: 'secret', tradingUrl: `${fake.url}/`, dataUrl: fake.url, timeoutMs: 2000 });
  broker = new AlpacaBroker(clients);
});
afterAll(() => fake.close());

const request = {
  clientOrderId: 'c-1',
  symbol: 'SPY',
  side: 'buy',
  orderType: 'limit',
  timeInForce: 'day',
  quantity: '10',
  limitPrice: '168.25',
} as const;

async function failure(promise: Promise<unknown>): Promise<ExternalServiceError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ExternalServiceError)) throw new Error(`expected ExternalServiceError, got ${String(error)}`);
  return error;
}

describe('AlpacaBroker.submitOrder', () => {
  it('sends the order with its client order id and maps the accepted order exactly', async () => {
    fake.route('POST', '/v2/orders', () => ({ body: alpacaOrder({ type: 'limit', order_type: 'limit', limit_price: '168.25' }) }));
    const result = await broker.submitOrder(request);
    const sent = fake.requests.at(-1);
    expect(sent?.headers['apca-api-key-id']).toBe('PKTEST');
    expect(sent?.body).toMatchObject({
      symbol: 'SPY',
      qty: '10',
      side: 'buy',
      type: 'limit',
      time_in_force: 'day',
      limit_price: '168.25',
      client_order_id: 'c-1',
    });
    expect(result).toEqual({
      kind: 'accepted',
      order: {
        brokerOrderId: 'b-1',
        clientOrderId: 'c-1',
        symbol: 'SPY',
        side: 'buy',
        orderType: 'limit',
        timeInForce: 'day',
        quantity: '10',
        limitPrice: '168.25',
        status: 'accepted',
        filledQuantity: '0',
        submittedAt: Date.parse('2013-10-07T13:31:00.100Z'),
        updatedAt: Date.parse('2013-10-07T13:31:00.500Z'),
      },
    });
  });

  it('turns a reused client order id into a duplicate carrying the existing order', async () => {
    fake.route('POST', '/v2/orders', () => ({ status: 422, body: { code: 40010001, message: 'client_order_id must be unique' } }));
    fake.route('GET', '/v2/orders:by_client_order_id', (r) =>
      r.query.get('client_order_id') === 'c-1'
        ? { body: alpacaOrder({ status: 'filled', filled_qty: '10', filled_avg_price: '168.2' }) }
        : { status: 404, body: { code: 40410000, message: 'order not found' } },
    );
    const result = await broker.submitOrder(request);
    expect(result.kind).toBe('duplicate');
    expect(result.kind === 'duplicate' && result.order).toMatchObject({ status: 'filled', filledQuantity: '10', filledAveragePrice: '168.2' });
  });

  it.each([
    [403, 'insufficient buying power'],
    [422, 'qty must be > 0'],
  ])('returns a %i business refusal as a rejected value', async (status, message) => {
    fake.route('POST', '/v2/orders', () => ({ status, body: { code: 40310000, message } }));
    expect(await broker.submitOrder(request)).toEqual({ kind: 'rejected', reason: message, httpStatus: status });
  });

  it.each([
    [429, true],
    [500, true],
    [503, true],
    [400, false],
    [401, false],
  ])('throws on HTTP %i with retryable = %s', async (status, retryable) => {
    fake.route('POST', '/v2/orders', () => ({ status, body: { code: status * 100000, message: 'nope' } }));
    const error = await failure(broker.submitOrder(request));
    expect(error.retryable).toBe(retryable);
    expect(error.service).toBe('alpaca');
    expect(error.message).toContain(`HTTP ${status}`);
  });

  it('sends a multi-leg order as Alpaca mleg (no symbol or side, legs with ratio_qty and position_intent, signed limit) and maps the answer under the underlying', async () => {
    const leg = (symbol: string, side: string, intent: string) => alpacaOrder({ symbol, side, position_intent: intent, asset_class: 'us_option', ratio_qty: '1', type: '', order_type: '' });
    // Alpaca's answer to an mleg order: symbol and side "" (as the spec's MultilegOptionsOrderResponse example).
    fake.route('POST', '/v2/orders', () => ({
      body: alpacaOrder({ client_order_id: 'c-m', symbol: '', side: '', asset_class: '', order_class: 'mleg', type: 'limit', order_type: 'limit', qty: '2', limit_price: '-1.25', legs: [leg('SPY240119P00450000', 'sell', 'sell_to_open'), leg('SPY240119P00440000', 'buy', 'buy_to_open')] }),
    }));
    const result = await broker.submitOrder({
      clientOrderId: 'c-m',
      symbol: 'SPY',
      side: 'sell',
      orderType: 'limit',
      timeInForce: 'day',
      quantity: '2',
      limitPrice: '-1.25',
      assetClass: 'us_option',
      legs: [
        { symbol: 'SPY240119P00450000', ratio: 1, side: 'sell', positionIntent: 'sell_to_open' },
        { symbol: 'SPY240119P00440000', ratio: 1, side: 'buy', positionIntent: 'buy_to_open' },
      ],
    });
    const sent = fake.requests.at(-1)?.body as Record<string, unknown>;
    expect(sent).toEqual({
      order_class: 'mleg',
      qty: '2',
      type: 'limit',
      time_in_force: 'day',
      limit_price: '-1.25',
      client_order_id: 'c-m',
      legs: [
        { symbol: 'SPY240119P00450000', ratio_qty: '1', side: 'sell', position_intent: 'sell_to_open' },
        { symbol: 'SPY240119P00440000', ratio_qty: '1', side: 'buy', position_intent: 'buy_to_open' },
      ],
    });
    expect(result).toMatchObject({ kind: 'accepted', order: { clientOrderId: 'c-m', symbol: 'SPY', side: 'sell', quantity: '2', limitPrice: '1.25' } });
  });

  it('sends a single option order on its OCC symbol', async () => {
    fake.route('POST', '/v2/orders', () => ({ body: alpacaOrder({ symbol: 'SPY240119C00470000', asset_class: 'us_option', type: 'limit', order_type: 'limit', limit_price: '2.5', qty: '3' }) }));
    await broker.submitOrder({ ...request, symbol: 'SPY240119C00470000', assetClass: 'us_option', quantity: '3', limitPrice: '2.5' });
    expect(fake.requests.at(-1)?.body).toEqual({ symbol: 'SPY240119C00470000', side: 'buy', qty: '3', type: 'limit', time_in_force: 'day', limit_price: '2.5', client_order_id: 'c-1' });
  });

  it('throws a retryable error when the connection drops without an answer', async () => {
    fake.route('POST', '/v2/orders', () => ({ destroy: true }));
    const error = await failure(broker.submitOrder(request));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('no response');
  });
});

describe('AlpacaBroker reads', () => {
  it('orderByClientId: 404 is undefined', async () => {
    fake.route('GET', '/v2/orders:by_client_order_id', () => ({ status: 404, body: { code: 40410000, message: 'order not found' } }));
    expect(await broker.orderByClientId('nope')).toBeUndefined();
  });

  it('maps the account and signed positions', async () => {
    fake.route('GET', '/v2/account', () => ({
      body: {
        id: 'acc-uuid',
        account_number: 'PA123',
        status: 'ACTIVE',
        currency: 'USD',
        cash: '98318.50',
        buying_power: '196637.00',
        equity: '100000.25',
        last_equity: '99000',
        pattern_day_trader: true,
        trading_blocked: false,
        account_blocked: false,
        options_approved_level: 3,
        options_trading_level: 2,
      },
    }));
    fake.route('GET', '/v2/positions', () => ({
      body: [
        { asset_id: 'a', symbol: 'SPY', exchange: 'ARCA', asset_class: 'us_equity', avg_entry_price: '168.1', qty: '10', side: 'long', market_value: '1682', cost_basis: '1681', unrealized_pl: '1', unrealized_plpc: '0.0006', unrealized_intraday_pl: '1', unrealized_intraday_plpc: '0.0006', current_price: '168.2', lastday_price: '167', change_today: '0.007' },
        { asset_id: 'b', symbol: 'IBM', exchange: 'NYSE', asset_class: 'us_equity', avg_entry_price: '185.5', qty: '3', side: 'short', market_value: '-556.5', cost_basis: '-556.5', unrealized_pl: '0', unrealized_plpc: '0', unrealized_intraday_pl: '0', unrealized_intraday_plpc: '0', current_price: '185.5', lastday_price: '185', change_today: '0' },
      ],
    }));
    expect(await broker.account()).toEqual({
      accountNumber: 'PA123',
      status: 'ACTIVE',
      cash: '98318.50',
      buyingPower: '196637.00',
      equity: '100000.25',
      lastEquity: '99000',
      tradingBlocked: false,
      patternDayTrader: true,
      // the effective level: min(approved, the account's configured maximum)
      optionsApprovalLevel: 2,
    });
    const positions = await broker.positions();
    expect(positions.map((p) => `${p.symbol}:${p.quantity}@${p.averageEntryPrice}`)).toEqual(['SPY:10@168.1', 'IBM:-3@185.5']);
  });

  it('ordersSince pages by submission time, adds open orders and keeps those updated since, oldest update first', async () => {
    const since = Date.parse('2013-10-07T14:00:00Z');
    const at = (minute: number) => new Date(since + minute * 60_000).toISOString();
    const page1 = Array.from({ length: 500 }, (_, i) =>
      alpacaOrder({ id: `o${i}`, client_order_id: `c${i}`, submitted_at: at(-10), updated_at: at(i % 2 === 0 ? 1 : -5) }),
    );
    const page2 = [alpacaOrder({ id: 'late', client_order_id: 'cl', submitted_at: at(3), updated_at: at(4), status: 'filled' })];
    const stopOrder = alpacaOrder({ id: 'stop', client_order_id: 'cs', type: 'stop', order_type: 'stop', submitted_at: at(-10), updated_at: at(2) });
    fake.route('GET', '/v2/orders', (r) => {
      if (r.query.get('status') === 'open') return { body: [alpacaOrder({ id: 'gtc', client_order_id: 'cg', submitted_at: at(-3000), updated_at: at(2), time_in_force: 'gtc' })] };
      expect(r.query.get('direction')).toBe('asc');
      // First page from the lookback start; the next one from just before the last submission seen.
      return { body: Date.parse(r.query.get('after') ?? '') < since - 3600_000 ? [...page1.slice(0, 499), stopOrder] : page2 };
    });
    const orders = await broker.ordersSince(since);
    expect(orders.every((o) => o.updatedAt >= since)).toBe(true);
    expect(orders.map((o) => o.brokerOrderId)).toContain('late');
    expect(orders.map((o) => o.brokerOrderId)).toContain('gtc');
    expect(orders.map((o) => o.brokerOrderId)).not.toContain('stop');
    expect(orders).toHaveLength(250 + 2);
    expect(orders.at(-1)?.brokerOrderId).toBe('late');
    const calls = fake.requests.filter((r) => r.path === '/v2/orders' && r.method === 'GET');
    expect(calls.at(-3)?.query.get('after')).toBe(new Date(since - 24 * 3600_000).toISOString());
    expect(calls.at(-2)?.query.get('after')).toBe(new Date(since - 10 * 60_000 - 1).toISOString());
  });

  it('reads the market clock; BrokerClock follows the broker\'s timestamp', async () => {
    let timestamp = '2013-10-07T13:30:00-04:00';
    fake.route('GET', '/v2/clock', () => ({
      body: { timestamp, is_open: true, next_open: '2013-10-08T09:30:00-04:00', next_close: '2013-10-07T16:00:00-04:00' },
    }));
    expect(await broker.clock()).toEqual({
      timestamp: Date.parse('2013-10-07T17:30:00Z'),
      isOpen: true,
      nextOpen: Date.parse('2013-10-08T13:30:00Z'),
      nextClose: Date.parse('2013-10-07T20:00:00Z'),
    });
    const clock = new BrokerClock(createAlpacaClients({ keyId: 'k', secretKey: 's', tradingUrl: fake.url, dataUrl: fake.url }));
    timestamp = '2013-10-07T13:31:00-04:00';
    expect(await clock.now()).toBe(Date.parse('2013-10-07T17:31:00Z'));
  });
});
