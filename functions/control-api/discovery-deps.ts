import { BatchDiscoveryLauncher } from '../../layers/adapters/aws/discovery-batch';
import { DynamoDiscoveryRunStore } from '../../layers/adapters/aws/dynamo/discovery-runs';
import { S3ObjectStore } from '../../layers/adapters/aws/objects';
import { ChildProcessDiscoveryLauncher } from '../../layers/adapters/process/discovery-launcher';
import { DiscoveryApiEnvV1, physicalName } from '../../layers/contracts';
import type { DiscoveryDeps } from './discovery';

let cached: { readonly signature: string; readonly deps: DiscoveryDeps } | undefined;

/**
 * The discovery dependencies of the control API, from DiscoveryApiEnvV1 (bad configuration fails the request
 * that needs it; the other routes keep working). Runs live in the backtest-runs table under `dr-` ids.
 */
export function discoveryDeps(env: Readonly<Record<string, string | undefined>>, tablePrefix: string): DiscoveryDeps {
  const config = DiscoveryApiEnvV1.parse(env);
  const signature = JSON.stringify([config, tablePrefix]);
  if (cached?.signature === signature) return cached.deps;
  const runsTable = physicalName.table(tablePrefix, 'backtest-runs');
  const launcher =
    config.TRADELOOP_BACKTEST_LAUNCHER === 'batch'
      ? new BatchDiscoveryLauncher({ jobQueue: config.TRADELOOP_BATCH_JOB_QUEUE ?? '', jobDefinition: config.TRADELOOP_DISCOVERY_JOB_DEFINITION ?? '' })
      : new ChildProcessDiscoveryLauncher({
          // The job reads the stand-in endpoints from the same environment and moves the run record itself.
          env: { ...env, TRADELOOP_BACKTEST_RUNS_TABLE: runsTable, TRADELOOP_DISCOVERY_RUN_ID: undefined },
          workers: config.TRADELOOP_LOCAL_DISCOVERY_WORKERS,
        });
  const deps: DiscoveryDeps = {
    runs: new DynamoDiscoveryRunStore(runsTable),
    results: new S3ObjectStore({ bucket: config.TRADELOOP_RESULTS_BUCKET }),
    resultsBucket: config.TRADELOOP_RESULTS_BUCKET,
    launcher,
    // Wall-clock bookkeeping, as for backtest runs (the job writes the same records with Date.now).
    now: () => Promise.resolve(Date.now()),
  };
  cached = { signature, deps };
  return deps;
}
