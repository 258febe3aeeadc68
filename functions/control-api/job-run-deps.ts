import { S3ObjectStore } from '../../layers/adapters/aws/objects';
import { physicalName } from '../../layers/contracts';
import type { JobRunDeps } from './job-runs';

type Env = Readonly<Record<string, string | undefined>>;

/** The settings every run API's environment has (BacktestApiEnvV1, DiscoveryApiEnvV1). */
interface JobRunConfig {
  readonly TRADELOOP_RESULTS_BUCKET: string;
  readonly TRADELOOP_BACKTEST_LAUNCHER: 'batch' | 'local';
}

/** What differs between the run APIs' wiring: the job's environment schema, run store and launchers. */
export interface JobRunWiring<C extends JobRunConfig, S, L> {
  /** Parses the API's environment; a ZodError fails the request that needs it (the other routes keep working). */
  readonly parse: (env: Env) => C;
  /** The run store on the given physical backtest-runs table. */
  readonly store: (runsTable: string) => S;
  readonly batchLauncher: (config: C) => L;
  /** The local launcher, given the job's environment (the API's, with the runs table and no inherited run id). */
  readonly localLauncher: (jobEnv: Env, config: C) => L;
  /** The variable a job reads its run id from, cleared so a local job never inherits one. */
  readonly runIdVariable: string;
}

/**
 * A run API's dependencies from its environment, built once and rebuilt when the environment changes (the
 * local runtime changes it between runs). Both run kinds keep their records on the backtest-runs table.
 */
export function jobRunDepsFrom<C extends JobRunConfig, S, L>(wiring: JobRunWiring<C, S, L>): (env: Env, tablePrefix: string) => JobRunDeps<S, L> {
  let cached: { readonly signature: string; readonly deps: JobRunDeps<S, L> } | undefined;
  return (env, tablePrefix) => {
    const config = wiring.parse(env);
    const signature = JSON.stringify([config, tablePrefix]);
    if (cached?.signature === signature) return cached.deps;
    const runsTable = physicalName.table(tablePrefix, 'backtest-runs');
    const launcher =
      config.TRADELOOP_BACKTEST_LAUNCHER === 'batch'
        ? wiring.batchLauncher(config)
        : // The job reads the stand-in endpoints from the same environment and moves the run record itself.
          wiring.localLauncher({ ...env, TRADELOOP_BACKTEST_RUNS_TABLE: runsTable, [wiring.runIdVariable]: undefined }, config);
    const deps: JobRunDeps<S, L> = {
      runs: wiring.store(runsTable),
      results: new S3ObjectStore({ bucket: config.TRADELOOP_RESULTS_BUCKET }),
      resultsBucket: config.TRADELOOP_RESULTS_BUCKET,
      launcher,
      // Wall-clock time, not the market clock: run records are bookkeeping the job also writes (with
      // Date.now), and the abandoned-claim timeout must not depend on how fast a replay moves.
      now: () => Promise.resolve(Date.now()),
    };
    cached = { signature, deps };
    return deps;
  };
}
