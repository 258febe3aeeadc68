import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { DiscoveryRunId, DiscoverySpecV1, type DiscoveryRunResponseV1 } from '../../layers/contracts/discovery';
import { discoveryRunId, discoveryRunLayout, discoveryRunPrefix, discoverySpecHash, type DiscoveryLauncher, type DiscoveryRunRecord, type DiscoveryRunStore } from '../../layers/core/discovery/runs';
import type { ObjectStore } from '../../layers/core/ports';
import { ABANDONED_CLAIM_MS } from './backtests';

/** What POST/GET /discovery need; built by the handler from DiscoveryApiEnvV1. */
export interface DiscoveryDeps {
  readonly runs: DiscoveryRunStore;
  /** The results bucket: specs, rounds, shard files and results under discovery/<runId>/. */
  readonly results: ObjectStore;
  readonly resultsBucket: string;
  readonly launcher: DiscoveryLauncher;
  readonly now: () => Promise<number>;
}

const IdempotencyKey = z.string().regex(/^[\x21-\x7e]{1,255}$/, 'expected 1 to 255 printable ASCII characters');

/** Outcomes the router maps to HTTP answers (the backtest routes' shapes). */
export type DiscoveryAnswer =
  | { readonly kind: 'created'; readonly run: DiscoveryRunResponseV1 }
  | { readonly kind: 'existing'; readonly run: DiscoveryRunResponseV1 }
  | { readonly kind: 'invalid'; readonly issues: readonly { readonly path: string; readonly message: string }[] }
  | { readonly kind: 'conflict'; readonly message: string }
  | { readonly kind: 'not-found'; readonly message: string }
  | { readonly kind: 'launch-failed'; readonly run: DiscoveryRunResponseV1 };

function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/**
 * POST /discovery, exactly as POST /backtests: the run id comes from the Idempotency-Key or the spec's hash and is
 * claimed with a conditional put before anything is written or launched (concurrent or retried POSTs launch at
 * most once); then the spec (defaults filled in) goes to S3, the launcher starts the coordinator, the launch is
 * recorded. A failed launch marks the run failed without a launch, which a retried POST may re-claim.
 */
export async function postDiscovery(event: APIGatewayProxyEventV2, body: unknown, deps: DiscoveryDeps): Promise<DiscoveryAnswer> {
  const keyHeader = header(event, 'idempotency-key');
  const key = keyHeader === undefined ? undefined : IdempotencyKey.safeParse(keyHeader);
  if (key !== undefined && !key.success) return { kind: 'invalid', issues: [{ path: 'Idempotency-Key', message: key.error.issues[0]?.message ?? 'invalid' }] };
  const spec = DiscoverySpecV1.parse(body); // a ZodError becomes 400 in the router
  const specHash = discoverySpecHash(spec);
  const runId = discoveryRunId(spec, key?.data);
  const prefix = discoveryRunPrefix(runId);
  const now = await deps.now();
  const record: DiscoveryRunRecord = {
    runId,
    status: 'queued',
    specHash,
    ...(key?.data !== undefined ? { idempotencyKey: key.data } : {}),
    specUri: `s3://${deps.resultsBucket}/${discoveryRunLayout.spec(prefix)}`,
    runUri: `s3://${deps.resultsBucket}/${prefix}`,
    shardCount: spec.shards,
    caseCount: spec.budget * spec.families.length,
    createdAt: now,
    updatedAt: now,
    attempt: 1,
  };
  const claim = await deps.runs.claim(record);
  let attempt = 1;
  if (claim.kind === 'exists') {
    const existing = claim.record;
    if (existing.specHash !== specHash) {
      return { kind: 'conflict', message: `Idempotency-Key ${key?.data ?? ''} was used for another spec (run ${runId}); use a new key for a new discovery` };
    }
    const reclaimed = existing.launch === undefined && (await deps.runs.reclaimUnlaunched(runId, existing.attempt, now, now - ABANDONED_CLAIM_MS));
    if (!reclaimed) return { kind: 'existing', run: await view(existing, deps) };
    attempt = existing.attempt + 1;
  }

  try {
    await deps.results.put(discoveryRunLayout.spec(prefix), JSON.stringify(spec), 'application/json');
    const launch = await deps.launcher.launch({ runId, specUri: record.specUri });
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
 * GET /discovery/{id}. Progress: rounds whose candidates were written and shard files over all rounds. A run still
 * queued or running whose launch the launcher reports failed is marked failed here (a job that crashed cannot
 * update its own record).
 */
export async function getDiscovery(id: string, deps: DiscoveryDeps): Promise<DiscoveryAnswer> {
  if (!DiscoveryRunId.safeParse(id).success) return { kind: 'not-found', message: `no discovery run ${id}` };
  let record = await deps.runs.get(id);
  if (record === undefined) return { kind: 'not-found', message: `no discovery run ${id}` };
  if ((record.status === 'queued' || record.status === 'running') && record.launch !== undefined) {
    const state = await deps.launcher.state(record.launch);
    const reason = state.kind === 'failed' ? state.reason : state.kind === 'finished' ? 'the discovery job ended without recording a result' : undefined;
    if (reason !== undefined) {
      const fresh = await deps.runs.get(id);
      if (fresh !== undefined && (fresh.status === 'queued' || fresh.status === 'running')) await deps.runs.markFailed(id, reason, await deps.now());
      record = (await deps.runs.get(id)) ?? record;
    }
  }
  return { kind: 'existing', run: await view(record, deps) };
}

async function view(record: DiscoveryRunRecord, deps: DiscoveryDeps): Promise<DiscoveryRunResponseV1> {
  const prefix = discoveryRunPrefix(record.runId);
  const keys = await deps.results.list(discoveryRunLayout.roundsPrefix(prefix));
  return {
    runId: record.runId,
    status: record.status,
    progress: { rounds: keys.filter((k) => k.endsWith('/candidates.json')).length, shardsDone: keys.filter((k) => /\/shards\/\d+\.json$/.test(k)).length },
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
    specUri: record.specUri,
    resultUri: `${record.runUri}result.json`,
    ...(record.summary !== undefined ? { summary: record.summary } : {}),
    ...(record.error !== undefined ? { error: record.error } : {}),
  };
}
