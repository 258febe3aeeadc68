import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { ControlDeps } from '../../../functions/control-api/routes';
import { FakeBroker, InMemoryLimitsStore, InMemoryOrderStore, InMemoryPositionStore, ManualClock, RecordingEventPublisher } from '../../../layers/adapters/memory';

/** Shared by the run API tests (POST/GET /backtests, /discovery): an operator's request and a control API around run deps. */
export const OPERATOR = 'arn:aws:iam::000000000000:user/ops';

/** An API Gateway v2 event from the operator; a string body is sent as is (malformed JSON tests). */
export function runApiRequest(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers,
    isBase64Encoded: false,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    requestContext: { http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' }, authorizer: { iam: { userArn: OPERATOR } } },
  } as unknown as APIGatewayProxyEventV2;
}

/** Control API deps with in-memory trading stores at `now`, plus the run routes given in `runs`. */
export function runApiControlDeps(now: number, runs: Pick<ControlDeps, 'backtests' | 'discovery'>): ControlDeps {
  const manual = new ManualClock(now);
  return {
    accountId: 'acct',
    clock: manual,
    broker: new FakeBroker(manual),
    limits: new InMemoryLimitsStore(),
    orders: new InMemoryOrderStore(),
    positions: new InMemoryPositionStore(),
    events: new RecordingEventPublisher(),
    strategies: async () => ({ strategies: [], source: 'default', activeSet: null, models: [], symbolsWithoutModel: [] }),
    ...runs,
  };
}

export const bodyOf = (r: { body?: string }): Record<string, unknown> => JSON.parse(r.body ?? '{}') as Record<string, unknown>;
