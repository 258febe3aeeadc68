import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z, ZodError } from 'zod';
import { KillSwitchRequestV1, PutLimitsRequestV1, RegistryTransitionRequestV1, StrategiesResponseV1 } from '../../layers/contracts';
import type { ApiErrorV1, StrategySummaryV1 } from '../../layers/contracts';
import type { Broker, Clock, EventPublisher, LimitsStore, OrderIntentQueue, OrderStore, PositionStore, StrategyStateStore } from '../../layers/core/ports';
import { transitionStrategy, type RegistryPolicy, type StrategyRegistry, type TransitionEvidence } from '../../layers/core/registry';
import { getBacktest, postBacktest, type BacktestAnswer, type BacktestDeps } from './backtests';
import { getDiscovery, postDiscovery, type DiscoveryAnswer, type DiscoveryDeps } from './discovery';
import type { JobRunAnswer } from './job-runs';
import { changeKillSwitch } from './kill-switch';
import { getRiskReport, runRiskReport, type RiskReportAnswer, type RiskReportDeps } from './risk';
import { postProtection, protectionResponse, type ProtectionRouteDeps } from './protection';

/** What the control API reads and changes; built once per container by the handler. */
export interface ControlDeps {
  readonly accountId: string;
  readonly clock: Clock;
  readonly broker: Broker;
  readonly limits: LimitsStore;
  readonly orders: OrderStore;
  readonly positions: PositionStore;
  readonly events: EventPublisher;
  /** GET /strategies: what the signal engine runs now (layers/core/trading/strategiesOverview.ts). */
  readonly strategies: () => Promise<StrategiesResponseV1>;
  /** GET /registry, POST /registry/{id}/transition; absent: those routes answer 503. */
  readonly registry?: StrategyRegistry;
  /** The registry's promotion gates (default DEFAULT_REGISTRY_POLICY); never taken from a request. */
  readonly registryPolicy?: RegistryPolicy;
  /** POST/GET /backtests; absent where the deployment has no backtest launcher (answers 503). */
  readonly backtests?: () => BacktestDeps;
  /** POST/GET /discovery; absent where the deployment has no discovery launcher (answers 503). */
  readonly discovery?: () => DiscoveryDeps;
  /** POST /kill-switch with flatten: where the closing intents go, and where each flatten request is recorded; absent: flatten answers 503. */
  readonly orderIntents?: OrderIntentQueue;
  readonly flattenAudit?: StrategyStateStore;
  /** GET/POST /risk/report; absent: those routes answer 503. */
  readonly riskReport?: () => RiskReportDeps;
  /** POST /positions/{symbol}/protect; absent: answers 503. */
  readonly protection?: () => ProtectionRouteDeps;
}

/** One entry of `GET /strategies` (StrategySummaryV1; the original five fields plus source, registry state and live hit rate). */
export type StrategySummary = StrategySummaryV1;

const ListQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }).strict();

type Result = APIGatewayProxyStructuredResultV2;

function json(statusCode: number, body: unknown): Result {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function problem(statusCode: number, error: string, message: string, issues?: ApiErrorV1['issues']): Result {
  return json(statusCode, { error, message, ...(issues ? { issues } : {}) } satisfies ApiErrorV1);
}

/** The authenticated caller (API Gateway IAM authorisation puts it in the request context). */
function callerOf(event: APIGatewayProxyEventV2): string | undefined {
  const authorizer = (event.requestContext as { authorizer?: { iam?: { userArn?: string } } }).authorizer;
  return authorizer?.iam?.userArn;
}

function parseBody(event: APIGatewayProxyEventV2): unknown {
  if (!event.body) return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  return JSON.parse(text);
}

/**
 * Routes one control request. Validation failures answer 400 with every issue; state changes need an
 * authenticated caller and are durable (stored) before the response says they happened.
 */
export async function routeControlRequest(event: APIGatewayProxyEventV2, deps: ControlDeps): Promise<Result> {
  const caller = callerOf(event);
  if (!caller) return problem(403, 'Forbidden', 'the request carries no authenticated identity');
  const route = `${event.requestContext.http.method} ${event.rawPath}`;
  try {
    switch (route) {
      case 'GET /status':
        return json(200, await status(deps));
      case 'GET /positions':
        return json(200, { positions: await deps.positions.list(deps.accountId) });
      case 'GET /orders': {
        const { limit } = ListQuery.parse(event.queryStringParameters ?? {});
        return json(200, { orders: await deps.orders.listByAccount(deps.accountId, limit) });
      }
      case 'GET /limits':
        return json(200, await deps.limits.currentLimits(deps.accountId));
      case 'PUT /limits':
        return await putLimits(PutLimitsRequestV1.parse(parseBody(event)), caller, deps);
      case 'POST /kill-switch': {
        const answer = await changeKillSwitch(KillSwitchRequestV1.parse(parseBody(event)), caller, {
          ...deps,
          ...(deps.orderIntents === undefined ? {} : { orderIntents: deps.orderIntents }),
          ...(deps.flattenAudit === undefined ? {} : { audit: deps.flattenAudit }),
        });
        return answer.kind === 'changed' ? json(200, answer.body) : problem(503, 'ServiceUnavailable', answer.message);
      }
      case 'GET /strategies':
        return json(200, await strategiesBody(deps));
      case 'GET /registry':
        return json(200, { strategies: await registryOf(deps).list() });
      case 'POST /backtests':
        return backtestAnswer(await postBacktest(event, parseBody(event), backtestDeps(deps)));
      case 'POST /discovery':
        return discoveryAnswer(await postDiscovery(event, parseBody(event), discoveryDepsOf(deps)));
      case 'GET /risk/report':
        return riskReportAnswer(await getRiskReport(event.queryStringParameters ?? {}, riskReportDeps(deps)));
      case 'POST /risk/report':
        return riskReportAnswer(await runRiskReport(parseBody(event), riskReportDeps(deps)));
      default: {
        // GET /backtests/{id}: the one route with a path parameter.
        const run = /^GET \/backtests\/([^/]+)$/.exec(route);
        if (run?.[1] !== undefined) return backtestAnswer(await getBacktest(decodeURIComponent(run[1]), backtestDeps(deps)));
        const discoveryRun = /^GET \/discovery\/([^/]+)$/.exec(route);
        if (discoveryRun?.[1] !== undefined) return discoveryAnswer(await getDiscovery(decodeURIComponent(discoveryRun[1]), discoveryDepsOf(deps)));
        const protect = /^POST \/positions\/([^/]+)\/protect$/.exec(route);
        if (protect?.[1] !== undefined) {
          if (deps.protection === undefined) return problem(503, 'ServiceUnavailable', 'position protection is not configured in this deployment');
          const answer = protectionResponse(await postProtection(decodeURIComponent(protect[1]), parseBody(event), deps.protection()));
          return json(answer.statusCode, answer.body);
        }
        const transition = /^POST \/registry\/([^/]+)\/transition$/.exec(route);
        if (transition?.[1] !== undefined) {
          return await transitionRoute(decodeURIComponent(transition[1]), RegistryTransitionRequestV1.parse(parseBody(event)), caller, deps);
        }
        return problem(404, 'NotFound', `no route ${route}`);
      }
    }
  } catch (error) {
    if (error instanceof ZodError) {
      return problem(
        400,
        'ValidationError',
        'the request is not valid',
        error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
      );
    }
    if (error instanceof SyntaxError) return problem(400, 'ValidationError', `the body is not JSON: ${error.message}`);
    if (error instanceof BacktestsUnavailable) return problem(503, 'ServiceUnavailable', error.message);
    if (error instanceof RegistryUnavailable) return problem(503, 'ServiceUnavailable', error.message);
    if (error instanceof RiskReportUnavailable) return problem(503, 'ServiceUnavailable', error.message);
    throw error;
  }
}

/**
 * The body checked against its contract before it leaves: a read model that drifted from StrategiesResponseV1 is
 * a server bug (500), not the caller's bad request, so the zod error is not rethrown as one.
 */
async function strategiesBody(deps: ControlDeps): Promise<StrategiesResponseV1> {
  const parsed = StrategiesResponseV1.safeParse(await deps.strategies());
  if (!parsed.success) throw new Error(`GET /strategies: the response breaks its contract: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

class BacktestsUnavailable extends Error {}
class RegistryUnavailable extends Error {}
class RiskReportUnavailable extends Error {}

function riskReportDeps(deps: ControlDeps): RiskReportDeps {
  if (deps.riskReport === undefined) throw new RiskReportUnavailable('the risk report is not configured in this deployment');
  return deps.riskReport();
}

/** 200 with the report (found, or reused by a repeated POST), 201 for a report this POST computed, 404 when none is stored. */
function riskReportAnswer(answer: RiskReportAnswer): Result {
  switch (answer.kind) {
    case 'found':
      return json(200, answer.report);
    case 'reused':
      return json(200, answer.report);
    case 'computed':
      return json(201, answer.report);
    case 'not-found':
      return problem(404, 'NotFound', answer.message);
  }
}

function registryOf(deps: ControlDeps): StrategyRegistry {
  if (deps.registry === undefined) throw new RegistryUnavailable('the strategy registry is not configured in this deployment');
  return deps.registry;
}

/**
 * POST /registry/{id}/transition. The evidence is built here from the body and the AUTHENTICATED caller:
 * to = live is an approval by `caller`; to = retired a retirement by `caller`; to = paper with gate
 * evidence a promotion the core judges on its own gates, without it an operator demotion by `caller`.
 * Rejections by the state machine answer 422 with the reason (and the gate report for failing gates).
 */
async function transitionRoute(strategyId: string, body: RegistryTransitionRequestV1, caller: string, deps: ControlDeps): Promise<Result> {
  const registry = registryOf(deps);
  if (body.gateEvidence !== undefined && body.to !== 'paper') {
    return problem(400, 'ValidationError', 'gateEvidence is only for a transition to paper', [{ path: 'gateEvidence', message: 'only with to = paper' }]);
  }
  let evidence: TransitionEvidence;
  if (body.to === 'live') evidence = { kind: 'approval', principal: caller, reason: body.reason };
  else if (body.to === 'retired') evidence = { kind: 'retirement', principal: caller, reason: body.reason };
  else if (body.gateEvidence !== undefined) {
    evidence = { kind: 'out-of-sample-gates', metrics: body.gateEvidence.metrics, source: body.gateEvidence.source, requestedBy: caller, reason: body.reason };
  } else evidence = { kind: 'operator-demotion', principal: caller, reason: body.reason };
  const result = await transitionStrategy(registry, strategyId, { to: body.to, evidence, expectedVersion: body.expectedVersion }, await deps.clock.now(), deps.registryPolicy);
  switch (result.kind) {
    case 'applied':
      return json(200, { entry: result.entry, transition: result.record });
    case 'not-found':
      return problem(404, 'NotFound', `no strategy ${strategyId} in the registry`);
    case 'conflict':
      return problem(409, 'VersionConflict', `the entry is at version ${result.currentVersion ?? 'unknown'}, not ${body.expectedVersion}: read it again`);
    case 'rejected':
      return json(422, { error: 'TransitionRejected', message: result.reason, ...(result.report !== undefined ? { report: result.report } : {}) });
  }
}

function backtestDeps(deps: ControlDeps): BacktestDeps {
  if (deps.backtests === undefined) throw new BacktestsUnavailable('backtests are not configured in this deployment');
  return deps.backtests();
}

function discoveryDepsOf(deps: ControlDeps): DiscoveryDeps {
  // Same 503 as the backtest routes: the deployment has no launcher for the job.
  if (deps.discovery === undefined) throw new BacktestsUnavailable('discovery is not configured in this deployment');
  return deps.discovery();
}

/**
 * The answer of a run route (POST/GET /backtests, /discovery): 202 for a run this request started, 200 for one
 * that existed (a retried POST, a GET). `path` is the collection the Location header points into.
 */
function jobRunAnswer(answer: JobRunAnswer<{ readonly runId: string; readonly error?: string }>, path: '/backtests' | '/discovery', job: string): Result {
  switch (answer.kind) {
    case 'created':
      return { ...json(202, answer.run), headers: { 'content-type': 'application/json', location: `${path}/${answer.run.runId}` } };
    case 'existing':
      return json(200, answer.run);
    case 'invalid':
      return problem(400, 'ValidationError', 'the request is not valid', [...answer.issues]);
    case 'conflict':
      return problem(409, 'IdempotencyConflict', answer.message);
    case 'not-found':
      return problem(404, 'NotFound', answer.message);
    case 'launch-failed':
      return json(502, { error: 'LaunchFailed', message: answer.run.error ?? `the ${job} job could not be started`, run: answer.run });
  }
}

const backtestAnswer = (answer: BacktestAnswer): Result => jobRunAnswer(answer, '/backtests', 'backtest');
const discoveryAnswer = (answer: DiscoveryAnswer): Result => jobRunAnswer(answer, '/discovery', 'discovery');

async function status(deps: ControlDeps) {
  const [account, clock, killSwitch, limits, positions, orders] = await Promise.all([
    deps.broker.account(),
    deps.broker.clock(),
    deps.limits.killSwitch(deps.accountId),
    deps.limits.currentLimits(deps.accountId),
    deps.positions.list(deps.accountId),
    deps.orders.listByAccount(deps.accountId, 500),
  ]);
  const ordersByStatus: Record<string, number> = {};
  for (const order of orders) ordersByStatus[order.status] = (ordersByStatus[order.status] ?? 0) + 1;
  return {
    accountId: deps.accountId,
    asOf: new Date(await deps.clock.now()).toISOString(),
    market: { isOpen: clock.isOpen, nextOpen: new Date(clock.nextOpen).toISOString(), nextClose: new Date(clock.nextClose).toISOString() },
    account: { equity: account.equity, cash: account.cash, buyingPower: account.buyingPower, lastEquity: account.lastEquity },
    killSwitch,
    limitsVersion: limits.version,
    openPositions: positions.length,
    recentOrdersByStatus: ordersByStatus,
  };
}

async function putLimits(request: PutLimitsRequestV1, caller: string, deps: ControlDeps): Promise<Result> {
  const result = await deps.limits.putLimits(deps.accountId, request.limits, request.expectedVersion, {
    changedBy: caller,
    reason: request.reason,
    changedAt: await deps.clock.now(),
  });
  if (result.kind === 'conflict') {
    return problem(409, 'VersionConflict', `the limits are at version ${result.currentVersion}, not ${request.expectedVersion}: read them again`);
  }
  return json(200, { version: result.version, limits: request.limits });
}
