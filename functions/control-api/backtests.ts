import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { BacktestRequestV1, BacktestRunId, backtestAsSweep, type BacktestRunResponseV1 } from '../../layers/contracts/sweep';
import type { ObjectStore } from '../../layers/core/ports';
import { backtestRunPrefix, sweepRunLayout } from '../../layers/core/sweep/layout';
import { planSweep } from '../../layers/core/sweep/plan';
import { backtestRunId, type BacktestLauncher, type BacktestRunRecord, type BacktestRunStore } from '../../layers/core/sweep/runs';
import { claimAndLaunch, idempotencyKeyOf, jobRunResponse, readJobRun, type JobRunAnswer, type JobRunDeps, type JobRunKind } from './job-runs';

export { ABANDONED_CLAIM_MS } from './job-runs';

/** What POST/GET /backtests need; built by the handler from BacktestApiEnvV1 (results under backtests/<runId>/). */
export type BacktestDeps = JobRunDeps<BacktestRunStore, BacktestLauncher>;

/** Outcomes the router maps to HTTP answers. */
export type BacktestAnswer = JobRunAnswer<BacktestRunResponseV1>;

const backtestRuns: JobRunKind<BacktestRunRecord, BacktestRunResponseV1> = {
  noun: 'backtest',
  job: 'sweep',
  isRunId: (id) => BacktestRunId.safeParse(id).success,
  view,
};

/**
 * POST /backtests. The run id is derived (idempotency key, else the spec's hash) and claimed before anything
 * is written or launched (see claimAndLaunch); the job is the sweep over the planned shards.
 */
export async function postBacktest(event: APIGatewayProxyEventV2, body: unknown, deps: BacktestDeps): Promise<BacktestAnswer> {
  const key = idempotencyKeyOf(event);
  if (key.kind !== 'key') return key;
  const request = BacktestRequestV1.parse(body); // a ZodError becomes 400 in the router
  const spec = request.schema === 'BacktestSpecV1' ? backtestAsSweep(request) : request;
  let plan;
  try {
    plan = planSweep(spec);
  } catch (error) {
    if (error instanceof Error && error.name === 'SweepSpecError') return { kind: 'invalid', issues: [{ path: (error as { path?: string }).path ?? '(root)', message: error.message }] };
    throw error;
  }
  const runId = backtestRunId(spec, key.key);
  const prefix = backtestRunPrefix(runId);
  const { shardCount } = plan;
  return claimAndLaunch(
    { runId, specHash: plan.specHash, idempotencyKey: key.key, runPrefix: prefix, specKey: sweepRunLayout.spec(prefix), spec, shardCount, caseCount: plan.caseCount },
    deps,
    backtestRuns,
    (specUri) => deps.launcher.launch({ runId, specUri, shardCount }),
  );
}

/** GET /backtests/{id}. Progress is the number of shard files present (see readJobRun for failed jobs). */
export function getBacktest(id: string, deps: BacktestDeps): Promise<BacktestAnswer> {
  return readJobRun(id, deps, backtestRuns);
}

async function view(record: BacktestRunRecord, results: ObjectStore): Promise<BacktestRunResponseV1> {
  const prefix = backtestRunPrefix(record.runId);
  const keys = await results.list(sweepRunLayout.shardsPrefix(prefix));
  const done = new Set(keys.map((k) => sweepRunLayout.shardIndexOf(prefix, k)).filter((i): i is number => i !== undefined && i < record.shardCount));
  return jobRunResponse(record, { shardsDone: done.size, shardsTotal: record.shardCount });
}
