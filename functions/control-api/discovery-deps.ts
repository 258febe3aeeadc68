import { BatchDiscoveryLauncher } from '../../layers/adapters/aws/discovery-batch';
import { DynamoDiscoveryRunStore } from '../../layers/adapters/aws/dynamo/discovery-runs';
import { ChildProcessDiscoveryLauncher } from '../../layers/adapters/process/discovery-launcher';
import { DiscoveryApiEnvV1 } from '../../layers/contracts';
import type { DiscoveryLauncher, DiscoveryRunStore } from '../../layers/core/discovery/runs';
import type { DiscoveryDeps } from './discovery';
import { jobRunDepsFrom } from './job-run-deps';

/**
 * The discovery dependencies of the control API, from DiscoveryApiEnvV1 (bad configuration fails the request
 * that needs it; the other routes keep working). Runs live in the backtest-runs table under `dr-` ids.
 */
export const discoveryDeps: (env: Readonly<Record<string, string | undefined>>, tablePrefix: string) => DiscoveryDeps = jobRunDepsFrom<DiscoveryApiEnvV1, DiscoveryRunStore, DiscoveryLauncher>({
  parse: (env) => DiscoveryApiEnvV1.parse(env),
  store: (runsTable) => new DynamoDiscoveryRunStore(runsTable),
  batchLauncher: (config) => new BatchDiscoveryLauncher({ jobQueue: config.TRADELOOP_BATCH_JOB_QUEUE ?? '', jobDefinition: config.TRADELOOP_DISCOVERY_JOB_DEFINITION ?? '' }),
  localLauncher: (env, config) => new ChildProcessDiscoveryLauncher({ env, workers: config.TRADELOOP_LOCAL_DISCOVERY_WORKERS }),
  runIdVariable: 'TRADELOOP_DISCOVERY_RUN_ID',
});
