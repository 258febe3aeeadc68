import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { routeControlRequest, type ControlDeps } from '../../../functions/control-api/routes';
import { FakeBroker, InMemoryLimitsStore, InMemoryOrderStore, InMemoryPositionStore, ManualClock, RecordingEventPublisher } from '../../../layers/adapters/memory';
import { DEFAULT_RISK_LIMITS, OptionsStrategyProposedV1, RiskLimitsV1 } from '../../../layers/contracts';
import { protectPosition } from '../../../layers/core/trading/proposePositionProtection';
import { AS_OF, calendar, syntheticChain } from '../../layers/core/options/correlator/synthetic-chain';

const OPERATOR = 'arn:aws:iam::000000000000:user/ops';

function request(path: string, body?: unknown): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `POST ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    requestContext: { http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' }, authorizer: { iam: { userArn: OPERATOR } } },
  } as unknown as APIGatewayProxyEventV2;
}

function setup(withProtection = true) {
  const clock = new ManualClock(AS_OF);
  const broker = new FakeBroker(clock, calendar);
  broker.setPosition('XYZ', '300', '100');
  broker.prices.set('XYZ', 100);
  const events = new RecordingEventPublisher();
  const limits = new InMemoryLimitsStore();
  const chain = syntheticChain({ spot: 100, sigma: 0.25 });
  const deps: ControlDeps = {
    accountId: 'acct',
    clock,
    broker,
    limits,
    orders: new InMemoryOrderStore(),
    positions: new InMemoryPositionStore(),
    events,
    strategies: async () => ({ strategies: [], source: 'default', activeSet: null, models: [], symbolsWithoutModel: [] }),
    ...(withProtection
      ? {
          protection: () => ({
            policy: async () => (await limits.currentLimits('acct')).limits.protection,
            run: (r) => protectPosition({ accountId: 'acct', clock, calendar, broker, options: { chainSnapshot: async () => chain }, events }, r),
          }),
        }
      : {}),
  };
  return { deps, events, limits };
}

const body = (r: { body?: string | undefined }): Record<string, unknown> => JSON.parse(r.body ?? '{}') as Record<string, unknown>;

describe('POST /positions/{symbol}/protect', () => {
  it('validates the symbol and the body with zod: 400 with the issues', async () => {
    const { deps, events } = setup();
    for (const [path, payload, field] of [
      ['/positions/xyz/protect', {}, '(root)'],
      ['/positions/XYZ/protect', { shares: -100 }, 'shares'],
      ['/positions/XYZ/protect', { shares: 150.5 }, 'shares'],
      ['/positions/XYZ/protect', { structure: 'straddle' }, 'structure'],
      ['/positions/XYZ/protect', { maxPremiumPct: 2 }, 'maxPremiumPct'],
      ['/positions/XYZ/protect', { dte: { min: 90, max: 30, target: 60 } }, 'dte'],
      ['/positions/XYZ/protect', { submit: true }, '(root)'],
    ] as const) {
      const response = await routeControlRequest(request(path, payload), deps);
      expect(response.statusCode).toBe(400);
      const issues = body(response)['issues'] as { path: string }[];
      expect(issues.map((i) => i.path)).toContain(field);
    }
    expect((await routeControlRequest(request('/positions/XYZ/protect', '{not json'), deps)).statusCode).toBe(400);
    expect(events.events).toHaveLength(0);
  });

  it('201: publishes a protection proposal from the policy defaults, overridden by the body', async () => {
    const { deps, events } = setup();
    const response = await routeControlRequest(request('/positions/XYZ/protect', { structure: 'collar', shares: 200, floorPctOtm: 0.05, capPctOtm: 0.05 }), deps);
    expect(response.statusCode).toBe(201);
    const proposal = OptionsStrategyProposedV1.parse(body(response)['proposal']);
    expect(proposal).toMatchObject({ purpose: 'protection', structure: 'collar', quantity: 2, protection: { trigger: 'request', shares: 200, floor: '95', cap: '105' } });
    expect(events.ofType('options.strategy.proposed')).toEqual([proposal]);
  });

  it('uses the policy\'s protection settings when the body has none', async () => {
    const { deps, limits } = setup();
    await limits.putLimits('acct', RiskLimitsV1.parse({ ...DEFAULT_RISK_LIMITS, protection: { floorPctOtm: 0.1 } }), 0, { changedBy: OPERATOR, reason: 'floor 10 % below', changedAt: 0 });
    const response = await routeControlRequest(request('/positions/XYZ/protect'), deps);
    expect(response.statusCode).toBe(201);
    expect((body(response)['proposal'] as { protection: { floor: string } }).protection.floor).toBe('90');
  });

  it('422 with the reason when there is nothing to protect; 503 where the route is not configured', async () => {
    const { deps } = setup();
    const none = await routeControlRequest(request('/positions/ABC/protect', {}), deps);
    expect(none.statusCode).toBe(422);
    expect(body(none)).toMatchObject({ error: 'NoProtection', message: 'no long ABC position to protect' });
    expect((await routeControlRequest(request('/positions/XYZ/protect', {}), setup(false).deps)).statusCode).toBe(503);
  });
});
