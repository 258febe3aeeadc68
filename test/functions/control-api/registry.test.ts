import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { routeControlRequest, type ControlDeps } from '../../../functions/control-api/routes';
import { FakeBroker, InMemoryLimitsStore, InMemoryOrderStore, InMemoryPositionStore, InMemoryStrategyRegistry, ManualClock, RecordingEventPublisher } from '../../../layers/adapters/memory';
import { registerCandidate } from '../../../layers/core/registry';
import { CONTROL_API_ROUTES } from '../../../layers/contracts/api-routes';
import { LOCAL_OPERATOR, startLocalApiGateway } from '../../../local/api-gateway';

const NOW = Date.UTC(2024, 0, 2, 14, 0);
const OPERATOR = 'arn:aws:iam::123456789012:user/risk-officer';
const ID = 'sma-cross-SPY-10-30';
const PASSING = { sample: 'out-of-sample', deflatedSharpe: 0.97, pbo: 0.1, sharpe: 1.1, maxDrawdown: 0.12, profitFactor: 1.5, winRate: 0.45, directionalAccuracy: 0.55 };

function request(method: string, path: string, body?: unknown, caller = OPERATOR): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    requestContext: {
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      ...(caller ? { authorizer: { iam: { userArn: caller } } } : {}),
    },
  } as unknown as APIGatewayProxyEventV2;
}

async function deps(withRegistry = true): Promise<ControlDeps & { registry?: InMemoryStrategyRegistry }> {
  const clock = new ManualClock(NOW);
  const registry = new InMemoryStrategyRegistry();
  await registry.create(registerCandidate({ strategyId: ID, family: 'sma-crossover', params: { fast: 10, slow: 30 }, symbols: ['SPY'], source: 'discovery run d-1' }, NOW - 1000));
  return {
    accountId: 'acct',
    clock,
    broker: new FakeBroker(clock),
    limits: new InMemoryLimitsStore(),
    orders: new InMemoryOrderStore(),
    positions: new InMemoryPositionStore(),
    events: new RecordingEventPublisher(),
    strategies: async () => ({ strategies: [], source: 'default', activeSet: null, models: [], symbolsWithoutModel: [] }),
    ...(withRegistry ? { registry } : {}),
  };
}

const bodyOf = (result: { body?: string }) => JSON.parse(result.body ?? '{}') as Record<string, unknown>;
const transition = (body: unknown, caller = OPERATOR, id = ID) => request('POST', `/registry/${encodeURIComponent(id)}/transition`, body, caller);

describe('control API: strategy registry', () => {
  it('GET /registry lists entries with state, version and history', async () => {
    const d = await deps();
    const result = await routeControlRequest(request('GET', '/registry'), d);
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toMatchObject({ strategies: [{ strategyId: ID, state: 'candidate', version: 1, history: [{ seq: 1, to: 'candidate' }] }] });
  });

  it('walks candidate → paper (gates judged by the server) → live (approved by the authenticated caller) → retired', async () => {
    const d = await deps();
    const paper = await routeControlRequest(transition({ to: 'paper', expectedVersion: 1, reason: 'discovery finalist', gateEvidence: { source: 'd-1', metrics: PASSING } }), d);
    expect(paper.statusCode).toBe(200);
    expect(bodyOf(paper)).toMatchObject({ entry: { state: 'paper', version: 2 }, transition: { from: 'candidate', to: 'paper', at: NOW, evidence: { kind: 'out-of-sample-gates', requestedBy: OPERATOR, report: { passed: true } } } });

    const live = await routeControlRequest(transition({ to: 'live', expectedVersion: 2, reason: 'four weeks of paper within expectations' }), d);
    expect(live.statusCode).toBe(200);
    expect(bodyOf(live)).toMatchObject({ transition: { from: 'paper', to: 'live', evidence: { kind: 'approval', principal: OPERATOR, reason: 'four weeks of paper within expectations' } } });

    const retired = await routeControlRequest(transition({ to: 'retired', expectedVersion: 3, reason: 'superseded by v2' }), d);
    expect(retired.statusCode).toBe(200);
    expect((await d.registry?.get(ID))?.history.map((r) => r.to)).toEqual(['candidate', 'paper', 'live', 'retired']);
  });

  it('takes the approver only from the request context: no identity is 403, a principal in the body is 400', async () => {
    const d = await deps();
    await routeControlRequest(transition({ to: 'paper', expectedVersion: 1, reason: 'finalist', gateEvidence: { source: 'd-1', metrics: PASSING } }), d);
    expect((await routeControlRequest(transition({ to: 'live', expectedVersion: 2, reason: 'go live' }, ''), d)).statusCode).toBe(403);
    const smuggled = await routeControlRequest(transition({ to: 'live', expectedVersion: 2, reason: 'go live', principal: 'arn:aws:iam::1:user/ceo' }), d);
    expect(smuggled.statusCode).toBe(400);
    expect((await d.registry?.get(ID))?.state).toBe('paper');
  });

  it('answers 422 with the gate report on failing gates, and for an edge the machine lacks', async () => {
    const d = await deps();
    const failing = await routeControlRequest(transition({ to: 'paper', expectedVersion: 1, reason: 'try', gateEvidence: { source: 'd-1', metrics: { ...PASSING, pbo: 0.6 } } }), d);
    expect(failing.statusCode).toBe(422);
    expect(bodyOf(failing)).toMatchObject({ error: 'TransitionRejected', report: { passed: false } });
    const skip = await routeControlRequest(transition({ to: 'live', expectedVersion: 1, reason: 'skip paper' }), d);
    expect(skip.statusCode).toBe(422);
    expect(bodyOf(skip)['message']).toBe('candidate → live is not an allowed transition');
    // To paper without gate evidence is an operator demotion, which a candidate cannot take.
    expect((await routeControlRequest(transition({ to: 'paper', expectedVersion: 1, reason: 'no evidence' }), d)).statusCode).toBe(422);
    expect((await d.registry?.get(ID))?.version).toBe(1);
  });

  it('validates the body, answers 409 on a stale version, 404 for an unknown id, 503 without a registry', async () => {
    const d = await deps();
    expect((await routeControlRequest(transition({ to: 'live', expectedVersion: 1 }), d)).statusCode).toBe(400);
    expect((await routeControlRequest(transition({ to: 'retired', expectedVersion: 1, reason: 'old', gateEvidence: { source: 's', metrics: PASSING } }), d)).statusCode).toBe(400);
    expect((await routeControlRequest(transition({ to: 'retired', expectedVersion: 5, reason: 'stale' }), d)).statusCode).toBe(409);
    expect((await routeControlRequest(transition({ to: 'retired', expectedVersion: 1, reason: 'gone' }, OPERATOR, 'nope'), d)).statusCode).toBe(404);
    const none = await deps(false);
    expect((await routeControlRequest(request('GET', '/registry'), none)).statusCode).toBe(503);
  });

  it('through the local gateway: the bearer token is the local operator, who becomes the approver', async () => {
    const d = await deps();
    const api = await startLocalApiGateway({ routes: CONTROL_API_ROUTES, handler: (event) => routeControlRequest(event, d) });
    try {
      const post = (body: unknown, headers: Record<string, string>) =>
        fetch(`${api.url}/registry/${ID}/transition`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      const auth = { authorization: `Bearer ${api.token}` };
      expect((await post({ to: 'paper', expectedVersion: 1, reason: 'finalist', gateEvidence: { source: 'd-1', metrics: PASSING } }, auth)).status).toBe(200);
      expect((await post({ to: 'live', expectedVersion: 2, reason: 'go live' }, {})).status).toBe(403);
      const live = await post({ to: 'live', expectedVersion: 2, reason: 'go live' }, auth);
      expect(live.status).toBe(200);
      expect(await live.json()).toMatchObject({ transition: { to: 'live', evidence: { kind: 'approval', principal: LOCAL_OPERATOR.userArn } } });
      const list = await fetch(`${api.url}/registry`, { headers: auth });
      expect(await list.json()).toMatchObject({ strategies: [{ strategyId: ID, state: 'live', version: 3 }] });
    } finally {
      await api.close();
    }
  });
});
