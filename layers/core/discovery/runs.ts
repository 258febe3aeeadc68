/**
 * Discovery runs started over the API or by the nightly schedule: run ids, the S3 layout of a run, the run
 * record and the ports that store it and start the job. Runs share the backtest run table (key runId; discovery
 * ids start with `dr-`, backtest ids with `bt-`, so they never collide) and its launch/claim semantics.
 */
import type { DiscoverySpecV1, DiscoverySummaryV1 } from '../../contracts/discovery';
import { canonicalJson, sha256Hex } from '../sweep/canonical';
import type { BacktestRunRecord, BacktestRunStore, LaunchState } from '../sweep/runs';

/** SHA-256 of the spec with defaults filled in, keys sorted: the same search asked twice hashes the same. */
export const discoverySpecHash = (spec: DiscoverySpecV1): string => sha256Hex(canonicalJson(spec));

/** Derived, never random: from the idempotency key when given, else from the spec's hash. */
export function discoveryRunId(spec: DiscoverySpecV1, idempotencyKey?: string): string {
  const basis = idempotencyKey === undefined ? `discovery-spec:${discoverySpecHash(spec)}` : `discovery-key:${idempotencyKey}`;
  return `dr-${sha256Hex(basis).slice(0, 24)}`;
}

export const DISCOVERY_PREFIX = 'discovery/';
export const discoveryRunPrefix = (runId: string): string => `${DISCOVERY_PREFIX}${runId}/`;

/** Keys of a run's files under its prefix (the spec's folder). */
export const discoveryRunLayout = {
  spec: (prefix: string): string => `${prefix}spec.json`,
  round: (prefix: string, round: number): string => `${prefix}rounds/${round}/candidates.json`,
  shardsPrefix: (prefix: string, round: number): string => `${prefix}rounds/${round}/shards/`,
  shard: (prefix: string, round: number, shard: number): string => `${prefix}rounds/${round}/shards/${shard}.json`,
  /** Every round's shard files (progress). */
  roundsPrefix: (prefix: string): string => `${prefix}rounds/`,
  result: (prefix: string): string => `${prefix}result.json`,
} as const;

/** The shard index of a key under a round's shard folder (undefined for anything else). */
export function discoveryShardIndexOf(prefix: string, round: number, key: string): number | undefined {
  const head = discoveryRunLayout.shardsPrefix(prefix, round);
  if (!key.startsWith(head)) return undefined;
  const m = /^(\d+)\.json$/.exec(key.slice(head.length));
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/** A discovery run record: the backtest run record's fields (shardCount = shards per round, caseCount = budget × families) with its own summary. */
export interface DiscoveryRunRecord extends Omit<BacktestRunRecord, 'summary'> {
  readonly summary?: DiscoverySummaryV1;
}

/** Persistence of discovery run records: the backtest store's conditional transitions, with a discovery summary on success. */
export interface DiscoveryRunStore extends Omit<BacktestRunStore, 'claim' | 'get' | 'markSucceeded'> {
  claim(record: DiscoveryRunRecord): Promise<{ readonly kind: 'claimed' } | { readonly kind: 'exists'; readonly record: DiscoveryRunRecord }>;
  get(runId: string): Promise<DiscoveryRunRecord | undefined>;
  markSucceeded(runId: string, summary: DiscoverySummaryV1, at: number): Promise<void>;
}

/** How a discovery run was started: its first coordinator job (Batch) or the local process. */
export type DiscoveryLaunch = BacktestRunRecord['launch'];

/** Starts the discovery job: a coordinator `step` job on Batch, a child process locally. */
export interface DiscoveryLauncher {
  launch(request: { readonly runId: string; readonly specUri: string }): Promise<NonNullable<DiscoveryLaunch>>;
  state(launch: NonNullable<DiscoveryLaunch>): Promise<LaunchState>;
}

/** Fans out one round on the compute side: its shards as one array job, then the next coordinator step after it. */
export interface RoundSubmitter {
  submitRound(request: { readonly runId: string | undefined; readonly specUri: string; readonly round: number; readonly shardCount: number }): Promise<{ readonly shardJobId: string; readonly stepJobId: string }>;
}
