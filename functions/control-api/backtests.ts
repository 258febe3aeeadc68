import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { BacktestRequestV1, BacktestRunId, backtestAsSweep, type BacktestRunResponseV1 } from '../../layers/contracts/sweep';
import type { ObjectStore } from '../../layers/core/ports';
import { backtestRunPrefix, sweepRunLayout } from '../../layers/core/sweep/layout';
import { planSweep } from '../../layers/core/sweep/plan';
import { backtestRunId, type BacktestLauncher, type BacktestRunRecord, type BacktestRunStore } from '../../layers/core/sweep/runs';

/** What POST/GET /backtests need; built by the handler from BacktestApiEnvV1. */
export interface BacktestDeps {
  readonly runs: BacktestRunStore;
  /** The results bucket: specs, shard files and results under backtests/<runId>/. */
  readonly results: ObjectStore;
  readonly resultsBucket: string;
  readonly launcher: BacktestLauncher;
  readonly now: () => Promise<number>;
}

/** A claim older than this with no launch recorded was abandoned (the function timed out or crashed mid-POST). */
export const ABANDONED_CLAIM_MS = 5 * 60_000;

/** `Idempotency-Key` header: printable ASCII, as the IETF draft (and Stripe) use it. */
const IdempotencyKey = z.string().regex(/^[\x21-\x7e]{1,255}$/, 'expected 1 to 255 printable ASCII characters');

/** Outcomes the router maps to HTTP answers. */
export type BacktestAnswer =
  | { readonly kind: 'created'; readonly run: BacktestRunResponseV1 }
  | { readonly kind: 'existing'; readonly run: BacktestRunResponseV1 }
  | { readonly kind: 'invalid'; readonly issues: readonly { readonly path: string; readonly message: string }[] }
  | { readonly kind: 'conflict'; readonly message: string }
  | { readonly kind: 'not-found'; readonly message: string }
  | { readonly kind: 'launch-failed'; readonly run: BacktestRunResponseV1 };

function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/**
 * POST /backtests. The run id is derived (idempotency key, else the spec's hash) and claimed with a
 * conditional put before anything is written or launched, so concurrent or retried POSTs launch at
 * most once; the loser answers with the winner's run. Then: the spec goes to S3, the launcher starts
 * the job, the launch is recorded. A failed launch marks the run failed without a launch, which a
 * retried POST may re-claim (one retrier wins the conditional update).
 */
export async function postBacktest(event: APIGatewayProxyEventV2, body: unknown, deps: BacktestDeps): Promise<BacktestAnswer> {
  const keyHeader = header(event, 'idempotency-key');
  const key = keyHeader === undefined ? undefined : IdempotencyKey.safeParse(keyHeader);
  if (key !== undefined && !key.success) return { kind: 'invalid', issues: [{ path: 'Idempotency-Key', message: key.error.issues[0]?.message ?? 'invalid' }] };
  const request = BacktestRequestV1.parse(body); // a ZodError becomes 400 in the router
  const spec = request.schema === 'BacktestSpecV1' ? backtestAsSweep(request) : request;
  let plan;
  try {
    plan = planSweep(spec);
  } catch (error) {
    if (error instanceof Error && error.name === 'SweepSpecError') return { kind: 'invalid', issues: [{ path: (error as { path?: string }).path ?? '(root)', message: error.message }] };
    throw error;
  }

  const runId = backtestRunId(spec, key?.data);
  const prefix = backtestRunPrefix(runId);
  const now = await deps.now();
  const record: BacktestRunRecord = {
    runId,
    status: 'queued',
    specHash: plan.specHash,
    ...(key?.data !== undefined ? { idempotencyKey: key.data } : {}),
    specUri: `s3://${deps.resultsBucket}/${sweepRunLayout.spec(prefix)}`,
    runUri: `s3://${deps.resultsBucket}/${prefix}`,
    shardCount: plan.shardCount,
    caseCount: plan.caseCount,
    createdAt: now,
    updatedAt: now,
    attempt: 1,
  };
  const claim = await deps.runs.claim(record);
  let attempt = 1;
  if (claim.kind === 'exists') {
    const existing = claim.record;
    if (existing.specHash !== plan.specHash) {
      return { kind: 'conflict', message: `Idempotency-Key ${key?.data ?? ''} was used for another spec (run ${runId}); use a new key for a new backtest` };
    }
    const reclaimed = existing.launch === undefined && (await deps.runs.reclaimUnlaunched(runId, existing.attempt, now, now - ABANDONED_CLAIM_MS));
    if (!reclaimed) return { kind: 'existing', run: await view(existing, deps) };
    attempt = existing.attempt + 1;
  }

  try {
    // The spec is stored with the defaults filled in: the job reads exactly what was hashed.
    await deps.results.put(sweepRunLayout.spec(prefix), JSON.stringify(spec), 'application/json');
    const launch = await deps.launcher.launch({ runId, specUri: record.specUri, shardCount: plan.shardCount });
    await deps.runs.recordLaunch(runId, attempt, launch, await deps.now());
  } catch (error) {
    await deps.runs.markFailed(runId, `launch failed: ${error instanceof Error ? error.message : String(error)}`, await deps.now());
    const failed = await deps.runs.get(runId);
    if (failed === undefined) throw error;
    return { kind: 'launch-failed', run: await view(failed, deps) };
  }
  const stored = await deps.runs.get(runId);
  if (stored === undefined) throw new Error(`run ${runId} vanished after its launch`);
  return { kind: 'created', run: await view(stored, deps) };
}

/**
 * GET /backtests/{id}. Progress is the number of shard files present. A run still queued or running
 * whose job the launcher reports failed (or ended without a result) is marked failed here: a job that
 * crashed, ran out of memory or was never scheduled cannot update its own record.
 */
export async function getBacktest(id: string, deps: BacktestDeps): Promise<BacktestAnswer> {
  if (!BacktestRunId.safeParse(id).success) return { kind: 'not-found', message: `no backtest run ${id}` };
  let record = await deps.runs.get(id);
  if (record === undefined) return { kind: 'not-found', message: `no backtest run ${id}` };
  if ((record.status === 'queued' || record.status === 'running') && record.launch !== undefined) {
    const state = await deps.launcher.state(record.launch);
    const reason =
      state.kind === 'failed' ? state.reason : state.kind === 'finished' ? 'the sweep job ended without recording a result' : undefined;
    if (reason !== undefined) {
      // Re-read first: the job may have just recorded its outcome (the launcher saw its exit after it).
      const fresh = await deps.runs.get(id);
      if (fresh !== undefined && (fresh.status === 'queued' || fresh.status === 'running')) await deps.runs.markFailed(id, reason, await deps.now());
      record = (await deps.runs.get(id)) ?? record;
    }
  }
  return { kind: 'existing', run: await view(record, deps) };
}

async function view(record: BacktestRunRecord, deps: BacktestDeps): Promise<BacktestRunResponseV1> {
  const prefix = backtestRunPrefix(record.runId);
  const keys = await deps.results.list(sweepRunLayout.shardsPrefix(prefix));
  const done = new Set(keys.map((k) => sweepRunLayout.shardIndexOf(prefix, k)).filter((i): i is number => i !== undefined && i < record.shardCount));
  return {
    runId: record.runId,
    status: record.status,
    progress: { shardsDone: done.size, shardsTotal: record.shardCount },
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
    specUri: record.specUri,
    resultUri: `${record.runUri}result.json`,
    ...(record.summary !== undefined ? { summary: record.summary } : {}),
    ...(record.error !== undefined ? { error: record.error } : {}),
  };
}
