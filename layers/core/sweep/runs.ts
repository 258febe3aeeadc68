import type { BacktestRunStatus, SweepSpecV1, SweepSummaryV1 } from '../../contracts/sweep';
import { sha256Hex } from './canonical';
import { sweepSpecHash } from './plan';

/**
 * The run id of a POST /backtests: derived, never random, so a retried POST finds the run the first
 * one created. With a client idempotency key the id is the key's hash (the same key with a different
 * spec is a conflict, see BacktestRunRecord.specHash); without one it is the spec's hash (the same
 * sweep asked twice is one run).
 */
export function backtestRunId(spec: SweepSpecV1, idempotencyKey?: string): string {
  const basis = idempotencyKey === undefined ? `spec:${sweepSpecHash(spec)}` : `key:${idempotencyKey}`;
  return `bt-${sha256Hex(basis).slice(0, 24)}`;
}

/** How a run was started, as the launcher that started it needs to find it again. */
export type BacktestLaunch =
  | { readonly kind: 'batch'; readonly shardJobId: string; readonly reducerJobId: string }
  | { readonly kind: 'local'; readonly pid: number; readonly host: string };

/** The run record (DynamoDB table backtest-runs, key runId). Times are UTC epoch ms. */
export interface BacktestRunRecord {
  readonly runId: string;
  readonly status: BacktestRunStatus;
  readonly specHash: string;
  readonly idempotencyKey?: string;
  /** s3://bucket/backtests/<runId>/spec.json */
  readonly specUri: string;
  /** s3://bucket/backtests/<runId>/ (shards/<i>.json and result.json below it) */
  readonly runUri: string;
  readonly shardCount: number;
  readonly caseCount: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Launch attempts; a launch that failed before anything started may be retried by a repeated POST. */
  readonly attempt: number;
  readonly launch?: BacktestLaunch;
  readonly summary?: SweepSummaryV1;
  readonly error?: string;
}

/** Outcome of claiming a run id. */
export type ClaimResult = { readonly kind: 'claimed' } | { readonly kind: 'exists'; readonly record: BacktestRunRecord };

/** Persistence of run records; every transition is a conditional write. */
export interface BacktestRunStore {
  /** Creates the record if the id is free (conditional put); else returns the existing one. */
  claim(record: BacktestRunRecord): Promise<ClaimResult>;
  get(runId: string): Promise<BacktestRunRecord | undefined>;
  /** Records the launch (only while the run is queued at `attempt`). */
  recordLaunch(runId: string, attempt: number, launch: BacktestLaunch, at: number): Promise<void>;
  /**
   * Re-claims, for attempt + 1, a run that never launched at `attempt`: its launch failed (status
   * failed, no launch recorded) or its claimer vanished (still queued, no launch, last updated
   * before `staleBefore`). False when another request got there first or the run is not in that state.
   */
  reclaimUnlaunched(runId: string, attempt: number, at: number, staleBefore: number): Promise<boolean>;
  /** queued → running (no-op from any other status). */
  markRunning(runId: string, at: number): Promise<void>;
  /** → succeeded with the summary (not from failed: a failure is final). */
  markSucceeded(runId: string, summary: SweepSummaryV1, at: number): Promise<void>;
  /** → failed with the reason (not from succeeded). */
  markFailed(runId: string, error: string, at: number): Promise<void>;
}

/** What a launcher knows about a started run that the run record may not yet say. */
export type LaunchState =
  | { readonly kind: 'active' }
  | { readonly kind: 'finished' }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'unknown' };

/** What the control API needs to start the job for a run. */
export interface LaunchRequest {
  readonly runId: string;
  readonly specUri: string;
  readonly shardCount: number;
}

/** Starts sweep jobs: AWS Batch (array job + dependent reducer) in AWS, a child process locally. */
export interface BacktestLauncher {
  launch(request: LaunchRequest): Promise<BacktestLaunch>;
  /** Asks the compute side how the launch is doing (a crashed job cannot update its own record). */
  state(launch: BacktestLaunch): Promise<LaunchState>;
}
