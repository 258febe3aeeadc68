/**
 * The strategy registry (issue 6): each registered strategy configuration moves through
 *
 *   candidate ──(passing out-of-sample gates)──► paper ──(authenticated approval)──► live
 *       │                                          ▲                                   │
 *       │                                          └──(automatic hit-rate demotion, or ─┘
 *       │                                              an operator's demotion with reason)
 *       └──────────── any state ──(reason)──► retired (terminal)
 *
 * Every transition is recorded on the entry with its evidence (the gate report the core computed itself,
 * the approver and reason, the binomial test that demoted it). The machine is pure: no clock, no I/O; the
 * caller passes `at`. Authentication is NOT decided here: an `approval` carries a principal that the edge
 * (the control API) took from the request's authenticated identity, never from a request body.
 */
import { DEFAULT_PROMOTION_GATES, evaluateGates, type GateReport, type GateSet, type OutOfSampleMetrics } from '../research/gates';
import type { RegimeLabel } from '../regime';
import type { HitRateTest } from './hit-rate';

export const STRATEGY_STATES = ['candidate', 'paper', 'live', 'retired'] as const;
export type StrategyState = (typeof STRATEGY_STATES)[number];

/** Evidence as a caller submits it. */
export type TransitionEvidence =
  /** candidate → paper: out-of-sample metrics; the core evaluates the configured gates on them (a caller's own verdict is not trusted). */
  | { readonly kind: 'out-of-sample-gates'; readonly metrics: OutOfSampleMetrics; readonly source: string; readonly requestedBy?: string; readonly reason?: string }
  /** paper → live: an approval by an authenticated principal, with a reason. */
  | { readonly kind: 'approval'; readonly principal: string; readonly reason: string }
  /** live → paper, automatic: the live hit rate is significantly below the configured threshold. */
  | { readonly kind: 'hit-rate-demotion'; readonly test: HitRateTest }
  /** live → paper by an operator (e.g. a broker incident), with a reason. */
  | { readonly kind: 'operator-demotion'; readonly principal: string; readonly reason: string }
  /** any → retired. */
  | { readonly kind: 'retirement'; readonly principal: string; readonly reason: string };

/** Evidence as recorded: the gate evidence gains the report the core computed and the gate set it used. */
export type RecordedEvidence =
  | Exclude<TransitionEvidence, { kind: 'out-of-sample-gates' }>
  | (Extract<TransitionEvidence, { kind: 'out-of-sample-gates' }> & { readonly gates: GateSet; readonly report: GateReport })
  /** Registration: where the candidate came from (a discovery run, a finalist key, an operator). */
  | { readonly kind: 'registration'; readonly source: string; readonly metrics?: OutOfSampleMetrics };

/** One recorded transition (registration is record 1, from `null`). */
export interface TransitionRecord {
  readonly seq: number;
  readonly from: StrategyState | null;
  readonly to: StrategyState;
  /** UTC epoch ms. */
  readonly at: number;
  readonly evidence: RecordedEvidence;
}

/** A registered strategy configuration. */
export interface RegistryEntry {
  readonly strategyId: string;
  /** Catalogue name (buildStrategy(family, params)). */
  readonly family: string;
  readonly params: Readonly<Record<string, number | string | boolean>>;
  readonly symbols: readonly string[];
  /** Regimes the strategy is meant for; empty = any regime. */
  readonly regimes: readonly RegimeLabel[];
  readonly state: StrategyState;
  /** Incremented on every write; stores condition each write on the version read. */
  readonly version: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly history: readonly TransitionRecord[];
}

/** Policy of the machine; the gate set comes from configuration, never from a request. */
export interface RegistryPolicy {
  readonly promotionGates: GateSet;
}

export const DEFAULT_REGISTRY_POLICY: RegistryPolicy = { promotionGates: DEFAULT_PROMOTION_GATES };

export interface TransitionRequest {
  readonly to: StrategyState;
  readonly evidence: TransitionEvidence;
}

export type TransitionOutcome =
  | { readonly kind: 'applied'; readonly entry: RegistryEntry; readonly record: TransitionRecord }
  | { readonly kind: 'rejected'; readonly reason: string; readonly report?: GateReport };

/** Which evidence kinds allow each edge. Absent edge = not allowed. */
const EDGES: Readonly<Record<StrategyState, Partial<Record<StrategyState, readonly TransitionEvidence['kind'][]>>>> = {
  candidate: { paper: ['out-of-sample-gates'], retired: ['retirement'] },
  paper: { live: ['approval'], retired: ['retirement'] },
  live: { paper: ['hit-rate-demotion', 'operator-demotion'], retired: ['retirement'] },
  retired: {},
};

/** Whether `from → to` is an edge of the machine (evidence aside). */
export function isAllowedTransition(from: StrategyState, to: StrategyState): boolean {
  return EDGES[from][to] !== undefined;
}

const blank = (s: string): boolean => s.trim().length === 0;

/** Registers a new candidate (version 1, one registration record). */
export function registerCandidate(
  input: Pick<RegistryEntry, 'strategyId' | 'family' | 'params' | 'symbols'> & { readonly regimes?: readonly RegimeLabel[]; readonly source: string; readonly metrics?: OutOfSampleMetrics },
  at: number,
): RegistryEntry {
  const record: TransitionRecord = {
    seq: 1,
    from: null,
    to: 'candidate',
    at,
    evidence: { kind: 'registration', source: input.source, ...(input.metrics !== undefined ? { metrics: input.metrics } : {}) },
  };
  return {
    strategyId: input.strategyId,
    family: input.family,
    params: { ...input.params },
    symbols: [...input.symbols],
    regimes: [...(input.regimes ?? [])],
    state: 'candidate',
    version: 1,
    createdAt: at,
    updatedAt: at,
    history: [record],
  };
}

/**
 * Applies one transition request to an entry. Rejections are values with a reason: an edge the machine
 * lacks, evidence of the wrong kind for the edge, a missing principal or reason, failing gates (with the
 * report), or a demotion whose test does not say the hit rate is below its threshold.
 */
export function applyTransition(entry: RegistryEntry, request: TransitionRequest, at: number, policy: RegistryPolicy = DEFAULT_REGISTRY_POLICY): TransitionOutcome {
  const { to, evidence } = request;
  const kinds = EDGES[entry.state][to];
  if (kinds === undefined) return { kind: 'rejected', reason: `${entry.state} → ${to} is not an allowed transition` };
  if (!kinds.includes(evidence.kind)) {
    return { kind: 'rejected', reason: `${entry.state} → ${to} needs ${kinds.join(' or ')} evidence, got ${evidence.kind}` };
  }
  let recorded: RecordedEvidence;
  switch (evidence.kind) {
    case 'out-of-sample-gates': {
      if (evidence.metrics.sample !== 'out-of-sample') return { kind: 'rejected', reason: 'gate evidence must be out-of-sample metrics' };
      const report = evaluateGates(evidence.metrics, policy.promotionGates);
      if (!report.passed) return { kind: 'rejected', reason: `the promotion gates failed: ${report.failures.join('; ') || 'no gate applied'}`, report };
      recorded = { ...evidence, gates: policy.promotionGates, report };
      break;
    }
    case 'approval':
    case 'operator-demotion':
    case 'retirement':
      if (blank(evidence.principal)) return { kind: 'rejected', reason: `${evidence.kind} needs an authenticated principal` };
      if (blank(evidence.reason)) return { kind: 'rejected', reason: `${evidence.kind} needs a reason` };
      recorded = evidence;
      break;
    case 'hit-rate-demotion':
      if (!evidence.test.belowThreshold) return { kind: 'rejected', reason: 'the hit-rate test does not show the live hit rate below its threshold' };
      recorded = evidence;
      break;
  }
  const record: TransitionRecord = { seq: entry.history.length + 1, from: entry.state, to, at, evidence: recorded };
  return {
    kind: 'applied',
    record,
    entry: { ...entry, state: to, version: entry.version + 1, updatedAt: at, history: [...entry.history, record] },
  };
}

/** Persistence port of the registry. Writes are conditional: `save` only succeeds on the version read. */
export interface StrategyRegistry {
  list(): Promise<readonly RegistryEntry[]>;
  get(strategyId: string): Promise<RegistryEntry | undefined>;
  /** Stores a new entry unless the id exists. */
  create(entry: RegistryEntry): Promise<'created' | 'exists'>;
  /** Replaces the entry if its stored version is still `expectedVersion` (entry.version must be expectedVersion + 1). */
  save(entry: RegistryEntry, expectedVersion: number): Promise<'saved' | 'conflict'>;
}

export type TransitionStrategyResult =
  | TransitionOutcome
  | { readonly kind: 'not-found' }
  | { readonly kind: 'conflict'; readonly currentVersion: number | undefined };

/**
 * The use case: read, check the caller's expected version, apply, store conditionally. A lost race is a
 * `conflict` (the caller reads again and decides again: evidence judged against a stale state is void).
 */
export async function transitionStrategy(
  registry: StrategyRegistry,
  strategyId: string,
  request: TransitionRequest & { readonly expectedVersion?: number },
  at: number,
  policy: RegistryPolicy = DEFAULT_REGISTRY_POLICY,
): Promise<TransitionStrategyResult> {
  const entry = await registry.get(strategyId);
  if (entry === undefined) return { kind: 'not-found' };
  if (request.expectedVersion !== undefined && request.expectedVersion !== entry.version) return { kind: 'conflict', currentVersion: entry.version };
  const outcome = applyTransition(entry, request, at, policy);
  if (outcome.kind !== 'applied') return outcome;
  const saved = await registry.save(outcome.entry, entry.version);
  if (saved === 'conflict') return { kind: 'conflict', currentVersion: (await registry.get(strategyId))?.version };
  return outcome;
}
