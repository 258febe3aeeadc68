import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DiscoveryRunId, DiscoverySpecV1, type DiscoveryRunResponseV1 } from '../../layers/contracts/discovery';
import { discoveryRunId, discoveryRunLayout, discoveryRunPrefix, discoverySpecHash, type DiscoveryLauncher, type DiscoveryRunRecord, type DiscoveryRunStore } from '../../layers/core/discovery/runs';
import type { ObjectStore } from '../../layers/core/ports';
import { claimAndLaunch, idempotencyKeyOf, jobRunResponse, readJobRun, type JobRunAnswer, type JobRunDeps, type JobRunKind } from './job-runs';

/** What POST/GET /discovery need; built by the handler from DiscoveryApiEnvV1 (results under discovery/<runId>/). */
export type DiscoveryDeps = JobRunDeps<DiscoveryRunStore, DiscoveryLauncher>;

/** Outcomes the router maps to HTTP answers (the backtest routes' shapes). */
export type DiscoveryAnswer = JobRunAnswer<DiscoveryRunResponseV1>;

const discoveryRuns: JobRunKind<DiscoveryRunRecord, DiscoveryRunResponseV1> = {
  noun: 'discovery',
  job: 'discovery',
  isRunId: (id) => DiscoveryRunId.safeParse(id).success,
  view,
};

/**
 * POST /discovery, exactly as POST /backtests (see claimAndLaunch): the run id comes from the Idempotency-Key
 * or the spec's hash; the launcher starts the coordinator.
 */
export async function postDiscovery(event: APIGatewayProxyEventV2, body: unknown, deps: DiscoveryDeps): Promise<DiscoveryAnswer> {
  const key = idempotencyKeyOf(event);
  if (key.kind !== 'key') return key;
  const spec = DiscoverySpecV1.parse(body); // a ZodError becomes 400 in the router
  const runId = discoveryRunId(spec, key.key);
  const prefix = discoveryRunPrefix(runId);
  return claimAndLaunch(
    {
      runId,
      specHash: discoverySpecHash(spec),
      idempotencyKey: key.key,
      runPrefix: prefix,
      specKey: discoveryRunLayout.spec(prefix),
      spec,
      shardCount: spec.shards,
      caseCount: spec.budget * spec.families.length,
    },
    deps,
    discoveryRuns,
    (specUri) => deps.launcher.launch({ runId, specUri }),
  );
}

/** GET /discovery/{id}. Progress: rounds whose candidates were written and shard files over all rounds. */
export function getDiscovery(id: string, deps: DiscoveryDeps): Promise<DiscoveryAnswer> {
  return readJobRun(id, deps, discoveryRuns);
}

async function view(record: DiscoveryRunRecord, results: ObjectStore): Promise<DiscoveryRunResponseV1> {
  const prefix = discoveryRunPrefix(record.runId);
  const keys = await results.list(discoveryRunLayout.roundsPrefix(prefix));
  return jobRunResponse(record, {
    rounds: keys.filter((k) => k.endsWith('/candidates.json')).length,
    shardsDone: keys.filter((k) => /\/shards\/\d+\.json$/.test(k)).length,
  });
}
