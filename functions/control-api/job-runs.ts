import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import type { ObjectStore } from '../../layers/core/ports';
import type { BacktestLaunch, BacktestRunRecord, LaunchState } from '../../layers/core/sweep/runs';

/**
 * The run API shared by POST/GET /backtests and POST/GET /discovery: both claim a derived run id before
 * anything is written or launched, start a Batch job (a child process locally), and read its status back
 * from the run record. Only the spec, the job and the answer's progress differ.
 */

/** A claim older than this with no launch recorded was abandoned (the function timed out or crashed mid-POST). */
export const ABANDONED_CLAIM_MS = 5 * 60_000;

/** The fields every job run record has; the job's own summary is not touched here. */
export type JobRunRecord = Omit<BacktestRunRecord, 'summary'>;

/** The run store transitions the API uses (BacktestRunStore and DiscoveryRunStore both have them). */
export interface JobRunStore<R extends JobRunRecord> {
  claim(record: JobRunRecord): Promise<{ readonly kind: 'claimed' } | { readonly kind: 'exists'; readonly record: R }>;
  get(runId: string): Promise<R | undefined>;
  recordLaunch(runId: string, attempt: number, launch: BacktestLaunch, at: number): Promise<void>;
  reclaimUnlaunched(runId: string, attempt: number, at: number, staleBefore: number): Promise<boolean>;
  markFailed(runId: string, error: string, at: number): Promise<void>;
}

/** What a run route needs; `L` is the job's launcher. */
export interface JobRunDeps<S, L> {
  readonly runs: S;
  /** The results bucket: specs, shard files and results under the run's prefix. */
  readonly results: ObjectStore;
  readonly resultsBucket: string;
  readonly launcher: L;
  readonly now: () => Promise<number>;
}

/** Outcomes the router maps to HTTP answers; `V` is the run as the API answers it. */
export type JobRunAnswer<V> =
  | { readonly kind: 'created'; readonly run: V }
  | { readonly kind: 'existing'; readonly run: V }
  | { readonly kind: 'invalid'; readonly issues: readonly { readonly path: string; readonly message: string }[] }
  | { readonly kind: 'conflict'; readonly message: string }
  | { readonly kind: 'not-found'; readonly message: string }
  | { readonly kind: 'launch-failed'; readonly run: V };

/** One kind of run (backtest, discovery): its names in answers, its ids and how a record is answered. */
export interface JobRunKind<R extends JobRunRecord, V> {
  /** The noun of answers: "no backtest run …", "use a new key for a new discovery". */
  readonly noun: string;
  /** The job as a failure names it: "the sweep job ended without recording a result". */
  readonly job: string;
  readonly isRunId: (id: string) => boolean;
  /** The run as the API answers it (progress read from the results bucket). */
  readonly view: (record: R, results: ObjectStore) => Promise<V>;
}

/** A POST's run once its spec is parsed and planned. */
export interface PlannedRun {
  readonly runId: string;
  readonly specHash: string;
  readonly idempotencyKey: string | undefined;
  /** The run's folder in the results bucket and its spec's key there. */
  readonly runPrefix: string;
  readonly specKey: string;
  /** The spec with defaults filled in: stored as the job reads it, exactly what was hashed. */
  readonly spec: unknown;
  readonly shardCount: number;
  readonly caseCount: number;
}

/** `Idempotency-Key` header: printable ASCII, as the IETF draft (and Stripe) use it. */
const IdempotencyKey = z.string().regex(/^[\x21-\x7e]{1,255}$/, 'expected 1 to 255 printable ASCII characters');

function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** The request's Idempotency-Key (absent: undefined), or the 400 answer for a malformed one. */
export function idempotencyKeyOf(event: APIGatewayProxyEventV2): { readonly kind: 'key'; readonly key: string | undefined } | JobRunAnswer<never> {
  const keyHeader = header(event, 'idempotency-key');
  if (keyHeader === undefined) return { kind: 'key', key: undefined };
  const key = IdempotencyKey.safeParse(keyHeader);
  if (!key.success) return { kind: 'invalid', issues: [{ path: 'Idempotency-Key', message: key.error.issues[0]?.message ?? 'invalid' }] };
  return { kind: 'key', key: key.data };
}

/**
 * The POST flow. The run id is claimed with a conditional put before anything is written or launched, so
 * concurrent or retried POSTs launch at most once; the loser answers with the winner's run. Then: the spec
 * goes to S3, `launch` starts the job, the launch is recorded. A failed launch marks the run failed without
 * a launch, which a retried POST may re-claim (one retrier wins the conditional update).
 */
export async function claimAndLaunch<R extends JobRunRecord, V>(
  plan: PlannedRun,
  deps: JobRunDeps<JobRunStore<R>, unknown>,
  kind: JobRunKind<R, V>,
  launch: (specUri: string) => Promise<BacktestLaunch>,
): Promise<JobRunAnswer<V>> {
  const { runId } = plan;
  const now = await deps.now();
  const record: JobRunRecord = {
    runId,
    status: 'queued',
    specHash: plan.specHash,
    ...(plan.idempotencyKey !== undefined ? { idempotencyKey: plan.idempotencyKey } : {}),
    specUri: `s3://${deps.resultsBucket}/${plan.specKey}`,
    runUri: `s3://${deps.resultsBucket}/${plan.runPrefix}`,
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
      return { kind: 'conflict', message: `Idempotency-Key ${plan.idempotencyKey ?? ''} was used for another spec (run ${runId}); use a new key for a new ${kind.noun}` };
    }
    const reclaimed = existing.launch === undefined && (await deps.runs.reclaimUnlaunched(runId, existing.attempt, now, now - ABANDONED_CLAIM_MS));
    if (!reclaimed) return { kind: 'existing', run: await kind.view(existing, deps.results) };
    attempt = existing.attempt + 1;
  }

  try {
    await deps.results.put(plan.specKey, JSON.stringify(plan.spec), 'application/json');
    const started = await launch(record.specUri);
    await deps.runs.recordLaunch(runId, attempt, started, await deps.now());
  } catch (error) {
    await deps.runs.markFailed(runId, `launch failed: ${error instanceof Error ? error.message : String(error)}`, await deps.now());
    const failed = await deps.runs.get(runId);
    if (failed === undefined) throw error;
    return { kind: 'launch-failed', run: await kind.view(failed, deps.results) };
  }
  const stored = await deps.runs.get(runId);
  if (stored === undefined) throw new Error(`run ${runId} vanished after its launch`);
  return { kind: 'created', run: await kind.view(stored, deps.results) };
}

/**
 * The GET flow. A run still queued or running whose job the launcher reports failed (or ended without a
 * result) is marked failed here: a job that crashed, ran out of memory or was never scheduled cannot update
 * its own record.
 */
export async function readJobRun<R extends JobRunRecord, V>(
  id: string,
  deps: JobRunDeps<JobRunStore<R>, { state(launch: BacktestLaunch): Promise<LaunchState> }>,
  kind: JobRunKind<R, V>,
): Promise<JobRunAnswer<V>> {
  if (!kind.isRunId(id)) return { kind: 'not-found', message: `no ${kind.noun} run ${id}` };
  let record = await deps.runs.get(id);
  if (record === undefined) return { kind: 'not-found', message: `no ${kind.noun} run ${id}` };
  if ((record.status === 'queued' || record.status === 'running') && record.launch !== undefined) {
    const state = await deps.launcher.state(record.launch);
    const reason = state.kind === 'failed' ? state.reason : state.kind === 'finished' ? `the ${kind.job} job ended without recording a result` : undefined;
    if (reason !== undefined) {
      // Re-read first: the job may have just recorded its outcome (the launcher saw its exit after it).
      const fresh = await deps.runs.get(id);
      if (fresh !== undefined && (fresh.status === 'queued' || fresh.status === 'running')) await deps.runs.markFailed(id, reason, await deps.now());
      record = (await deps.runs.get(id)) ?? record;
    }
  }
  return { kind: 'existing', run: await kind.view(record, deps.results) };
}

/**
 * A run as the API answers it (BacktestRunResponseV1, DiscoveryRunResponseV1): the record's times as ISO
 * strings, its result's URI and the job's own `progress` and summary, in the answers' field order.
 */
export function jobRunResponse<S, P>(record: JobRunRecord & { readonly summary?: S }, progress: P) {
  return {
    runId: record.runId,
    status: record.status,
    progress,
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
    specUri: record.specUri,
    resultUri: `${record.runUri}result.json`,
    ...(record.summary !== undefined ? { summary: record.summary } : {}),
    ...(record.error !== undefined ? { error: record.error } : {}),
  };
}
