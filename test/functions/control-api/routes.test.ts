import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { routeControlRequest } from '../../../functions/control-api/routes';
import type { ControlDeps } from '../../../functions/control-api/routes';
import { FakeBroker, InMemoryLimitsStore, InMemoryOrderStore, InMemoryPositionStore, ManualClock, RecordingEventPublisher } from '../../../layers/adapters/memory';
import { DEFAULT_RISK_LIMITS } from '../../../layers/contracts';

const NOW = Date.UTC(2013, 9, 7, 14, 0);
const OPERATOR = 'arn:aws:iam::000000000000:user/ops';

function request(method: string, path: string, body?: unknown, caller = OPERATOR): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    requestContext: {
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      ...(caller ? { authorizer: { iam: { userArn: caller } } } : {}),
    },
  } as unknown as APIGatewayProxyEventV2;
}

function deps(): ControlDeps & { events: RecordingEventPublisher; limits: InMemoryLimitsStore } {
  const clock = new ManualClock(NOW);
  return {
    accountId: 'acct',
    clock,
    broker: new FakeBroker(clock),
    limits: new InMemoryLimitsStore(),
    orders: new InMemoryOrderStore(),
    positions: new InMemoryPositionStore(),
    events: new RecordingEventPublisher(),
    strategies: async () => ({ strategies: [], source: 'default', activeSet: null, models: [], symbolsWithoutModel: [] }),
  };
}

const bodyOf = (result: { body?: string }) => JSON.parse(result.body ?? '{}') as Record<string, unknown>;

describe('control API routes', () => {
  it('refuses a request without an authenticated identity', async () => {
    const d = deps();
    const result = await routeControlRequest(request('POST', '/kill-switch', { action: 'engage', reason: 'test' }, ''), d);
    expect(result.statusCode).toBe(403);
    expect((await d.limits.killSwitch('acct')).engaged).toBe(false);
  });

  it('engages the kill switch durably, names the caller, and publishes the change', async () => {
    const d = deps();
    const result = await routeControlRequest(request('POST', '/kill-switch', { action: 'engage', reason: 'halt: bad fills' }), d);
    expect(result.statusCode).toBe(200);
    expect(await d.limits.killSwitch('acct')).toEqual({ engaged: true, reason: 'halt: bad fills', actor: OPERATOR, changedAt: NOW });
    expect(d.events.ofType('kill-switch.changed')).toEqual([
      { schema: 'KillSwitchChangedV1', accountId: 'acct', engaged: true, reason: 'halt: bad fills', actor: OPERATOR, changedAt: NOW },
    ]);
  });

  it('versions limits with optimistic concurrency and refuses a stale version', async () => {
    const d = deps();
    const next = { ...DEFAULT_RISK_LIMITS, maxOrderQuantity: '10' };
    const stored = await routeControlRequest(request('PUT', '/limits', { limits: next, expectedVersion: 0, reason: 'smaller orders' }), d);
    expect(stored.statusCode).toBe(200);
    expect(bodyOf(stored)['version']).toBe(1);
    const stale = await routeControlRequest(request('PUT', '/limits', { limits: DEFAULT_RISK_LIMITS, expectedVersion: 0, reason: 'undo' }), d);
    expect(stale.statusCode).toBe(409);
    const current = bodyOf(await routeControlRequest(request('GET', '/limits'), d));
    expect(current).toMatchObject({ version: 1, changedBy: OPERATOR, reason: 'smaller orders', limits: next });
  });

  it('answers malformed bodies and queries with 400 and every issue', async () => {
    const d = deps();
    const notJson = await routeControlRequest(request('PUT', '/limits', '{nope'), d);
    expect(notJson.statusCode).toBe(400);
    const invalid = await routeControlRequest(request('PUT', '/limits', { limits: { ...DEFAULT_RISK_LIMITS, priceCollarBps: -1 }, expectedVersion: 0 }), d);
    expect(invalid.statusCode).toBe(400);
    const paths = (bodyOf(invalid)['issues'] as { path: string }[]).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['limits.priceCollarBps', 'reason']));
    const badQuery = await routeControlRequest({ ...request('GET', '/orders'), queryStringParameters: { limit: '0' } }, d);
    expect(badQuery.statusCode).toBe(400);
    expect((await d.limits.currentLimits('acct')).version).toBe(0);
  });

  it('answers 404 for a route it does not serve', async () => {
    expect((await routeControlRequest(request('DELETE', '/positions'), deps())).statusCode).toBe(404);
  });
});
