import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { routeControlRequest, type ControlDeps } from '../../../functions/control-api/routes';
import {
  FakeBroker,
  InMemoryLimitsStore,
  InMemoryOrderStore,
  InMemoryPositionStore,
  InMemoryStrategyStateStore,
  ManualClock,
  RecordingEventPublisher,
  RecordingOrderIntentQueue,
} from '../../../layers/adapters/memory';
import { KillSwitchRequestV1 } from '../../../layers/contracts';

const NOW = Date.UTC(2024, 0, 2, 15, 0);
const OPERATOR = 'arn:aws:iam::000000000000:user/ops';

function request(body: unknown): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /kill-switch',
    rawPath: '/kill-switch',
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    body: JSON.stringify(body),
    requestContext: { http: { method: 'POST', path: '/kill-switch', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' }, authorizer: { iam: { userArn: OPERATOR } } },
  } as unknown as APIGatewayProxyEventV2;
}

function setup(withFlatten = true) {
  const clock = new ManualClock(NOW);
  const broker = new FakeBroker(clock);
  broker.prices.set('SPY', 100);
  broker.setPosition('SPY', '120', '98');
  const events = new RecordingEventPublisher();
  const intents = new RecordingOrderIntentQueue();
  const limits = new InMemoryLimitsStore();
  const deps: ControlDeps = {
    accountId: 'acct',
    clock,
    broker,
    limits,
    orders: new InMemoryOrderStore(),
    positions: new InMemoryPositionStore(),
    events,
    strategies: async () => ({ strategies: [], source: 'default', activeSet: null, models: [], symbolsWithoutModel: [] }),
    ...(withFlatten ? { orderIntents: intents, flattenAudit: new InMemoryStrategyStateStore() } : {}),
  };
  return { clock, broker, events, intents, limits, deps };
}

const bodyOf = (result: { body?: string }) => JSON.parse(result.body ?? '{}') as Record<string, unknown>;

describe('POST /kill-switch with flatten', () => {
  it('an old request (no flatten) parses and engages as before; flatten with release is refused', async () => {
    expect(KillSwitchRequestV1.parse({ action: 'engage', reason: 'old client' })).toEqual({ action: 'engage', reason: 'old client' });
    const { deps, intents, events } = setup();
    expect((await routeControlRequest(request({ action: 'engage', reason: 'old client' }), deps)).statusCode).toBe(200);
    expect(intents.sent).toEqual([]);
    expect(events.ofType('kill-switch.changed')).toHaveLength(1);
    const bad = await routeControlRequest(request({ action: 'release', reason: 'oops', flatten: true }), deps);
    expect(bad.statusCode).toBe(400);
    expect(bodyOf(bad)['issues']).toEqual([expect.objectContaining({ path: 'flatten' })]);
  });

  it('engages, then sends the closing intent; a repeat keeps the engagement and derives the same intent', async () => {
    const { clock, deps, intents, events, limits } = setup();
    const first = await routeControlRequest(request({ action: 'engage', reason: 'flatten now', flatten: true }), deps);
    expect(first.statusCode).toBe(200);
    expect(bodyOf(first)).toMatchObject({ killSwitch: { engaged: true, actor: OPERATOR, changedAt: NOW }, flatten: { intents: [expect.objectContaining({ side: 'sell', quantity: '120' })] } });
    clock.set(NOW + 20_000);
    const again = await routeControlRequest(request({ action: 'engage', reason: 'flatten again', flatten: true }), deps);
    expect(again.statusCode).toBe(200);
    expect(bodyOf(again)).toMatchObject({ killSwitch: { changedAt: NOW, reason: 'flatten now' } });
    expect(await limits.killSwitch('acct')).toMatchObject({ engaged: true, changedAt: NOW });
    expect(events.ofType('kill-switch.changed')).toHaveLength(1);
    const [a, b] = intents.sent;
    expect(b?.intentId).toBe(a?.intentId);
  });

  it('answers 503 and changes nothing where flatten is not wired', async () => {
    const { deps, limits, events } = setup(false);
    const result = await routeControlRequest(request({ action: 'engage', reason: 'flatten now', flatten: true }), deps);
    expect(result.statusCode).toBe(503);
    expect((await limits.killSwitch('acct')).engaged).toBe(false);
    expect(events.ofType('kill-switch.changed')).toEqual([]);
  });
});
