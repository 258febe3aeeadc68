import { BatchBacktestLauncher } from '../../layers/adapters/aws/batch-launcher';
import { DynamoBacktestRunStore } from '../../layers/adapters/aws/dynamo/backtest-runs';
import { ChildProcessBacktestLauncher } from '../../layers/adapters/process/child-process-launcher';
import { BacktestApiEnvV1 } from '../../layers/contracts';
import type { BacktestLauncher, BacktestRunStore } from '../../layers/core/sweep/runs';
import type { BacktestDeps } from './backtests';
import { jobRunDepsFrom } from './job-run-deps';

/**
 * The backtest dependencies of the control API, from BacktestApiEnvV1 (bad configuration fails the
 * request that needs it, with the zod reason in the log; the other routes keep working).
 */
export const backtestDeps: (env: Readonly<Record<string, string | undefined>>, tablePrefix: string) => BacktestDeps = jobRunDepsFrom<BacktestApiEnvV1, BacktestRunStore, BacktestLauncher>({
  parse: (env) => BacktestApiEnvV1.parse(env),
  store: (runsTable) => new DynamoBacktestRunStore(runsTable),
  batchLauncher: (config) => new BatchBacktestLauncher({ jobQueue: config.TRADELOOP_BATCH_JOB_QUEUE ?? '', jobDefinition: config.TRADELOOP_SWEEP_JOB_DEFINITION ?? '' }),
  localLauncher: (env, config) => new ChildProcessBacktestLauncher({ env, workers: config.TRADELOOP_LOCAL_SWEEP_WORKERS }),
  runIdVariable: 'TRADELOOP_BACKTEST_RUN_ID',
});
