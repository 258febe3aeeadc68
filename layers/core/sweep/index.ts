/**
 * Backtest sweeps, pure: expand a SweepSpecV1 into parameter sets and cases, shard them, run one
 * shard over loaded bars with the vectorised or the event-driven engine, reduce the shards into one
 * ranked result. I/O (S3, files, Batch, DynamoDB) is in batch-jobs/backtest-sweep and layers/adapters.
 */
export { canonicalJson, sha256Hex } from './canonical';
export { caseAt, expandGrid, planSweep, shardRange, shardSymbols, sweepSpecHash, SweepSpecError } from './plan';
export type { SweepPlan } from './plan';
export { runShard, SweepDataError } from './execute';
export type { BarsOf } from './execute';
export { rankCases, reduceShards, summarizeSweep, SweepReduceError } from './reduce';
export { parameterSetProblem, streamingStrategy, SWEEP_PARAMETER_NAMES, vectorSweep } from './strategies';
export { backtestRunId } from './runs';
export type { BacktestLaunch, BacktestLauncher, BacktestRunRecord, BacktestRunStore, ClaimResult, LaunchRequest, LaunchState } from './runs';
export { BACKTESTS_PREFIX, backtestRunPrefix, parseS3Uri, sweepRunLayout } from './layout';
