import type { RankedCaseResultV1, SweepCaseResultV1, SweepRankBy, SweepResultV1, SweepShardResultV1, SweepSummaryV1 } from '../../contracts/sweep';
import { caseAt, shardRange, type SweepPlan } from './plan';

/** The shards do not add up to the sweep: missing, duplicated, foreign or inconsistent. */
export class SweepReduceError extends Error {
  constructor(
    message: string,
    /** Shard indices with no file (for a status page: which children to look at). */
    readonly missingShards: readonly number[] = [],
  ) {
    super(message);
    this.name = 'SweepReduceError';
  }
}

/** Higher is better, except for drawdown. */
const ASCENDING: Readonly<Record<SweepRankBy, boolean>> = { sharpe: false, totalReturn: false, finalEquity: false, maxDrawdown: true };

/**
 * Ranks rows by `rankBy` (rank 1 = best). Rows whose metric is null (undefined Sharpe) rank after
 * every number; ties and nulls are ordered by case number, so the ranking is deterministic.
 */
export function rankCases(rows: readonly SweepCaseResultV1[], rankBy: SweepRankBy): RankedCaseResultV1[] {
  const ascending = ASCENDING[rankBy];
  const sorted = [...rows].sort((a, b) => {
    const x = a.metrics[rankBy];
    const y = b.metrics[rankBy];
    if (x === null || y === null) return x === y ? a.case - b.case : x === null ? 1 : -1;
    if (x !== y) return ascending ? x - y : y - x;
    return a.case - b.case;
  });
  return sorted.map((row, i) => ({ ...row, rank: i + 1 }));
}

/**
 * Merges shard files into the ranked result. Checks, each failure naming what is wrong: every shard
 * 0..S−1 present exactly once, each of this spec (hash) and shard count, each covering exactly its
 * shardRange, and every case 0..N−1 present exactly once with the parameter set and symbol the plan
 * gives it. Shard order in the input does not matter.
 */
export function reduceShards(plan: SweepPlan, shards: readonly SweepShardResultV1[]): SweepResultV1 {
  const byIndex = new Map<number, SweepShardResultV1>();
  for (const shard of shards) {
    if (shard.specHash !== plan.specHash) throw new SweepReduceError(`shard ${shard.shardIndex} belongs to another spec (hash ${shard.specHash.slice(0, 12)}…, expected ${plan.specHash.slice(0, 12)}…)`);
    if (shard.shardCount !== plan.shardCount) throw new SweepReduceError(`shard ${shard.shardIndex} says ${shard.shardCount} shards, the spec has ${plan.shardCount}`);
    if (shard.shardIndex < 0 || shard.shardIndex >= plan.shardCount) throw new SweepReduceError(`shard index ${shard.shardIndex} is outside 0..${plan.shardCount - 1}`);
    if (byIndex.has(shard.shardIndex)) throw new SweepReduceError(`shard ${shard.shardIndex} is present twice`);
    byIndex.set(shard.shardIndex, shard);
  }
  const missing: number[] = [];
  for (let i = 0; i < plan.shardCount; i += 1) if (!byIndex.has(i)) missing.push(i);
  if (missing.length > 0) {
    const shown = missing.length > 20 ? `${missing.slice(0, 20).join(', ')}, … (${missing.length} in all)` : missing.join(', ');
    throw new SweepReduceError(`missing shard${missing.length > 1 ? 's' : ''} ${shown} of ${plan.shardCount}`, missing);
  }

  const rows: (SweepCaseResultV1 | undefined)[] = new Array<SweepCaseResultV1 | undefined>(plan.caseCount);
  for (let i = 0; i < plan.shardCount; i += 1) {
    const shard = byIndex.get(i);
    if (shard === undefined) continue;
    const expected = shardRange(plan.caseCount, plan.shardCount, i);
    if (shard.cases.from !== expected.from || shard.cases.to !== expected.to) {
      throw new SweepReduceError(`shard ${i} covers cases ${shard.cases.from}..${shard.cases.to}, expected ${expected.from}..${expected.to}`);
    }
    for (const row of shard.rows) {
      if (row.case < expected.from || row.case >= expected.to) throw new SweepReduceError(`shard ${i} holds case ${row.case}, outside its range ${expected.from}..${expected.to}`);
      if (rows[row.case] !== undefined) throw new SweepReduceError(`case ${row.case} is present twice (shard ${i})`);
      const want = caseAt(plan, row.case);
      if (row.parameterSet !== want.parameterSet || row.symbol !== want.symbol) {
        throw new SweepReduceError(`case ${row.case} in shard ${i} is parameter set ${row.parameterSet} on ${row.symbol}, expected set ${want.parameterSet} on ${want.symbol}`);
      }
      rows[row.case] = row;
    }
  }
  // A plain loop: forEach would skip the holes of the sparse array, which are exactly the missing cases.
  const absent: number[] = [];
  for (let c = 0; c < plan.caseCount; c += 1) if (rows[c] === undefined) absent.push(c);
  if (absent.length > 0) throw new SweepReduceError(`case${absent.length > 1 ? 's' : ''} ${absent.slice(0, 20).join(', ')}${absent.length > 20 ? ', …' : ''} missing from the shards`);

  const { spec } = plan;
  return {
    schema: 'SweepResultV1',
    specHash: plan.specHash,
    strategy: spec.strategy,
    engine: spec.engine,
    symbols: [...spec.symbols],
    period: { from: spec.period.from, to: spec.period.to },
    parameterSets: plan.parameterSets.length,
    skippedParameterSets: plan.skipped,
    caseCount: plan.caseCount,
    shardCount: plan.shardCount,
    rankBy: spec.rankBy,
    rows: rankCases(rows as SweepCaseResultV1[], spec.rankBy),
  };
}

/** The part of a result the run record and GET /backtests/{id} carry (the full result stays in the bucket). */
export function summarizeSweep(result: SweepResultV1, top = 10): SweepSummaryV1 {
  const best = result.rows[0];
  if (best === undefined) throw new SweepReduceError('the result has no rows');
  return { caseCount: result.caseCount, rankBy: result.rankBy, best, top: result.rows.slice(0, Math.min(10, top)) };
}
