import { BatchBacktestLauncher } from '../../layers/adapters/aws/batch-launcher';
import { DynamoBacktestRunStore } from '../../layers/adapters/aws/dynamo/backtest-runs';
import { S3ObjectStore } from '../../layers/adapters/aws/objects';
import { ChildProcessBacktestLauncher } from '../../layers/adapters/process/child-process-launcher';
import { BacktestApiEnvV1, physicalName } from '../../layers/contracts';
import type { BacktestDeps } from './backtests';

let cached: { readonly signature: string; readonly deps: BacktestDeps } | undefined;

/**
 * The backtest dependencies of the control API, from BacktestApiEnvV1 (bad configuration fails the
 * request that needs it, with the zod reason in the log; the other routes keep working). Rebuilt
 * when the environment changes, as the local runtime changes it between runs.
 */
export function backtestDeps(env: Readonly<Record<string, string | undefined>>, tablePrefix: string): BacktestDeps {
  const config = BacktestApiEnvV1.parse(env);
  const signature = JSON.stringify([config, tablePrefix]);
  if (cached?.signature === signature) return cached.deps;
  const runsTable = physicalName.table(tablePrefix, 'backtest-runs');
  const launcher =
    config.TRADELOOP_BACKTEST_LAUNCHER === 'batch'
      ? new BatchBacktestLauncher({ jobQueue: config.TRADELOOP_BATCH_JOB_QUEUE ?? '', jobDefinition: config.TRADELOOP_SWEEP_JOB_DEFINITION ?? '' })
      : new ChildProcessBacktestLauncher({
          // The job reads the stand-in endpoints from the same environment and moves the run record itself.
          env: { ...env, TRADELOOP_BACKTEST_RUNS_TABLE: runsTable, TRADELOOP_BACKTEST_RUN_ID: undefined },
          workers: config.TRADELOOP_LOCAL_SWEEP_WORKERS,
        });
  const deps: BacktestDeps = {
    runs: new DynamoBacktestRunStore(runsTable),
    results: new S3ObjectStore({ bucket: config.TRADELOOP_RESULTS_BUCKET }),
    resultsBucket: config.TRADELOOP_RESULTS_BUCKET,
    launcher,
    // Wall-clock time, not the market clock: run records are bookkeeping the job also writes (with
    // Date.now), and the abandoned-claim timeout must not depend on how fast a replay moves.
    now: () => Promise.resolve(Date.now()),
  };
  cached = { signature, deps };
  return deps;
}
