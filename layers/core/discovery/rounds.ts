/**
 * Discovery as a chain of array jobs. The search's rounds (discoverySearch: every family's Latin hypercube,
 * then one NSGA-II generation per family per round) are deterministic, so a stateless coordinator can replay
 * them from the start with the evaluations stored so far and find the next round to fan out, or, with every
 * round answered, the final result. A round's candidates are cut into contiguous shards by array index; the
 * collection refuses a round whose shard set is incomplete, duplicated or answers other candidates.
 */

import { discoverySearch, type CandidateEvaluation, type CandidateRequest, type DiscoveryPlan, type DiscoveryResult } from './discover';

/** Thrown when a round's shard results do not cover its candidates exactly once. */
export class DiscoveryShardError extends Error {
  override readonly name = 'DiscoveryShardError';
}

/** Candidates [start, end) of shard `index` of `shardCount` over `count` candidates (contiguous, sizes differ by at most 1). */
export function shardBounds(count: number, shardCount: number, index: number): { readonly start: number; readonly end: number } {
  if (!Number.isInteger(shardCount) || shardCount < 1) throw new RangeError(`shardCount must be a whole number ≥ 1, got ${shardCount}`);
  if (!Number.isInteger(index) || index < 0 || index >= shardCount) throw new RangeError(`shard index ${index} is outside 0..${shardCount - 1}`);
  return { start: Math.floor((index * count) / shardCount), end: Math.floor(((index + 1) * count) / shardCount) };
}

/** One shard's answer for one round. */
export interface ShardEvaluations {
  readonly shard: number;
  readonly evaluations: readonly CandidateEvaluation[];
}

const idOf = (c: CandidateRequest): string => `${c.family}|${c.key}`;

/**
 * A round's evaluations in request order, from its shards' answers. Refuses (DiscoveryShardError) a missing or
 * repeated shard, a shard that answers candidates other than its own slice, and so any candidate missing or
 * evaluated twice.
 */
export function collectRound(requests: readonly CandidateRequest[], shards: readonly ShardEvaluations[], shardCount: number): CandidateEvaluation[] {
  const byShard = new Map<number, ShardEvaluations>();
  for (const s of shards) {
    if (!Number.isInteger(s.shard) || s.shard < 0 || s.shard >= shardCount) throw new DiscoveryShardError(`shard ${s.shard} is outside 0..${shardCount - 1}`);
    if (byShard.has(s.shard)) throw new DiscoveryShardError(`shard ${s.shard} was delivered twice`);
    byShard.set(s.shard, s);
  }
  const missing = Array.from({ length: shardCount }, (_, i) => i).filter((i) => !byShard.has(i));
  if (missing.length > 0) throw new DiscoveryShardError(`shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${shardCount} missing`);
  const seen = new Set<string>();
  const out: CandidateEvaluation[] = [];
  for (let i = 0; i < shardCount; i += 1) {
    const { start, end } = shardBounds(requests.length, shardCount, i);
    const evaluations = byShard.get(i)?.evaluations ?? [];
    if (evaluations.length !== end - start) throw new DiscoveryShardError(`shard ${i} answered ${evaluations.length} candidates, expected ${end - start}`);
    evaluations.forEach((e, k) => {
      const request = requests[start + k];
      const id = idOf(e);
      if (seen.has(id)) throw new DiscoveryShardError(`candidate ${id} evaluated twice`);
      seen.add(id);
      if (request === undefined || idOf(request) !== id) throw new DiscoveryShardError(`shard ${i} answered ${id} where ${request === undefined ? 'nothing' : idOf(request)} was asked`);
      out.push(e);
    });
  }
  return out;
}

/** Where a replay stands: the next round to evaluate, or the finished result. */
export type DiscoveryReplay =
  | { readonly kind: 'pending'; readonly round: number; readonly requests: readonly CandidateRequest[] }
  | { readonly kind: 'done'; readonly rounds: number; readonly result: DiscoveryResult };

/**
 * Replays the search answering round r with `answered[r]`; stops at the first round not answered yet. The search
 * itself refuses an answer that does not match its round's candidates in order.
 */
export function replayDiscovery(plan: DiscoveryPlan, answered: readonly (readonly CandidateEvaluation[])[]): DiscoveryReplay {
  const search = discoverySearch(plan);
  let step = search.next([]);
  let round = 0;
  while (step.done !== true) {
    const answer = answered[round];
    if (answer === undefined) return { kind: 'pending', round, requests: step.value };
    step = search.next(answer);
    round += 1;
  }
  if (round < answered.length) throw new DiscoveryShardError(`${answered.length} rounds stored but the search ended after ${round}`);
  return { kind: 'done', rounds: round, result: step.value };
}
