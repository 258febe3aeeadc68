import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { routeControlRequest, type ControlDeps } from '../../../functions/control-api/routes';
import { FakeBroker, InMemoryLimitsStore, InMemoryOrderStore, InMemoryPositionStore, InMemoryStrategyStateStore, ManualClock, RecordingEventPublisher } from '../../../layers/adapters/memory';
import { DEFAULT_RISK_LIMITS } from '../../../layers/contracts';
import { nyseCalendar } from '../../../layers/core/market';
import { AUTOMATIC_KILL_SWITCH_ACTOR, protectAgainstLosses } from '../../../layers/core/trading';

const NOW = Date.UTC(2024, 0, 2, 15, 0);
const OPERATOR = 'arn:aws:iam::000000000000:user/ops';

function request(method: string, path: string, body?: unknown, caller: string | undefined = OPERATOR): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    requestContext: { http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' }, ...(caller ? { authorizer: { iam: { userArn: caller } } } : {}) },
  } as unknown as APIGatewayProxyEventV2;
}

function deps() {
  const clock = new ManualClock(NOW);
  const broker = new FakeBroker(clock);
  const limits = new InMemoryLimitsStore();
  const events = new RecordingEventPublisher();
  const control: ControlDeps = { accountId: 'acct', clock, broker, limits, orders: new InMemoryOrderStore(), positions: new InMemoryPositionStore(), events, strategies: async () => ({ strategies: [], source: 'default', activeSet: null, models: [], symbolsWithoutModel: [] }) };
  const protection = { accountId: 'acct', clock, calendar: nyseCalendar(), broker, limits, strategyState: new InMemoryStrategyStateStore(), events };
  return { clock, broker, limits, events, control, protection };
}

const body = (r: { body?: string }) => JSON.parse(r.body ?? '{}') as Record<string, unknown>;

describe('control API: limits and the automatic kill switch', () => {
  it('an automatic engagement is released only by an authenticated caller with a reason, and the release is audited', async () => {
    const d = deps();
    d.broker.accountState = { ...d.broker.accountState, equity: '97000', lastEquity: '100000' };
    await protectAgainstLosses(d.protection);
    expect(await d.limits.killSwitch('acct')).toMatchObject({ engaged: true, actor: AUTOMATIC_KILL_SWITCH_ACTOR, reason: expect.stringMatching(/^auto: daily loss 3000 > limit 2000/) });

    expect((await routeControlRequest(request('POST', '/kill-switch', { action: 'release', reason: 'reviewed' }, ''), d.control)).statusCode).toBe(403);
    expect((await routeControlRequest(request('POST', '/kill-switch', { action: 'release' }), d.control)).statusCode).toBe(400);
    expect((await d.limits.killSwitch('acct')).engaged).toBe(true);

    const released = await routeControlRequest(request('POST', '/kill-switch', { action: 'release', reason: 'reviewed the loss, flattening by hand' }), d.control);
    expect(released.statusCode).toBe(200);
    expect(await d.limits.killSwitch('acct')).toEqual({ engaged: false, reason: 'reviewed the loss, flattening by hand', actor: OPERATOR, changedAt: NOW });
    expect(d.events.ofType('kill-switch.changed').map((e) => [e.engaged, e.actor])).toEqual([
      [true, AUTOMATIC_KILL_SWITCH_ACTOR],
      [false, OPERATOR],
    ]);
    // the next reconcile does not overrule the operator for the same breach
    d.clock.set(NOW + 60_000);
    expect((await protectAgainstLosses(d.protection)).engaged).toBe(false);
  });

  it('PUT /limits accepts an old-style v1 body and stores it with the defaults; GET returns the full policy with overrides', async () => {
    const d = deps();
    const v1 = { schema: 'RiskLimitsV1', maxOrderNotional: '1000', maxPositionNotional: '5000', maxOrderQuantity: '10', priceCollarBps: 100, maxMarketDataAgeSeconds: 60, restrictedSymbols: [], maxDailyLoss: '500' };
    const put = await routeControlRequest(request('PUT', '/limits', { limits: v1, expectedVersion: 0, reason: 'old client' }), d.control);
    expect(put.statusCode).toBe(200);
    const got = body(await routeControlRequest(request('GET', '/limits'), d.control));
    expect(got['version']).toBe(1);
    expect(got['limits']).toEqual({ ...DEFAULT_RISK_LIMITS, ...v1 });

    const withOverride = { ...v1, maxGrossLeverage: 1, strategyOverrides: { 'sma-crossover-5-20': { maxOrderQuantity: '5', maxAdvPct: 0.001 } } };
    expect((await routeControlRequest(request('PUT', '/limits', { limits: withOverride, expectedVersion: 1, reason: 'cap the SMA strategy' }), d.control)).statusCode).toBe(200);
    expect(body(await routeControlRequest(request('GET', '/limits'), d.control))['limits']).toMatchObject({ maxGrossLeverage: 1, strategyOverrides: { 'sma-crossover-5-20': { maxOrderQuantity: '5', maxAdvPct: 0.001 } } });

    const bad = await routeControlRequest(request('PUT', '/limits', { limits: { ...v1, strategyOverrides: { s: { maxGrossLeverage: -1 } } }, expectedVersion: 2, reason: 'bad' }), d.control);
    expect(bad.statusCode).toBe(400);
  });
});
