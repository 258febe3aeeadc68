import type { DiscoveryEvaluationV1, DiscoverySummaryV1 } from '../../layers/contracts/discovery';
import type { CandidateEvaluation, DiscoveryResult } from '../../layers/core/discovery';
import type { DiscoveryFamily } from '../../layers/core/discovery';

/**
 * JSON of the job's files. Doubles survive JSON exactly (shortest round-trip form), so an evaluation read back
 * from a shard file is bit-identical to the one computed; NaN (and ±Infinity) are the only values JSON lacks.
 */
const nan = (v: number): number | null => (Number.isFinite(v) ? v : null);
const num = (v: number | null): number => v ?? Number.NaN;

export function encodeEvaluation(e: CandidateEvaluation): DiscoveryEvaluationV1 {
  return {
    family: e.family,
    params: { ...e.params },
    key: e.key,
    returns: Array.from(e.returns, nan),
    timestamps: e.timestamps === undefined ? null : Array.from(e.timestamps, nan),
    trades: e.trades.map((t) => ({ ...t, entryPrice: nan(t.entryPrice), exitPrice: nan(t.exitPrice), quantity: nan(t.quantity), pnl: nan(t.pnl), fees: nan(t.fees) })),
    objectives: { annualReturn: nan(e.objectives.annualReturn), maxDrawdown: nan(e.objectives.maxDrawdown), tradesPerYear: nan(e.objectives.tradesPerYear) },
  };
}

export function decodeEvaluation(e: DiscoveryEvaluationV1): CandidateEvaluation {
  return {
    family: e.family as DiscoveryFamily,
    params: e.params,
    key: e.key,
    returns: Float64Array.from(e.returns, num),
    timestamps: e.timestamps === null ? undefined : Float64Array.from(e.timestamps, num),
    trades: e.trades.map((t) => ({ ...t, entryPrice: num(t.entryPrice), exitPrice: num(t.exitPrice), quantity: num(t.quantity), pnl: num(t.pnl), fees: num(t.fees) })),
    objectives: { annualReturn: num(e.objectives.annualReturn), maxDrawdown: num(e.objectives.maxDrawdown), tradesPerYear: num(e.objectives.tradesPerYear) },
  };
}

/** JSON with NaN as null and ±Infinity as "Infinity" / "-Infinity" (as `tradeloop discover --json` writes it). */
export function resultJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof Float64Array) return Array.from(v);
    if (typeof v !== 'number' || Number.isFinite(v)) return v;
    return Number.isNaN(v) ? null : v > 0 ? 'Infinity' : '-Infinity';
  });
}

/** The run record's summary: counts, PBO and the finalist with the highest deflated Sharpe. */
export function summarizeDiscovery(result: DiscoveryResult, rounds: number): DiscoverySummaryV1 {
  const ranked = [...result.finalists].sort((a, b) => (b.metrics.deflatedSharpe ?? Number.NEGATIVE_INFINITY) - (a.metrics.deflatedSharpe ?? Number.NEGATIVE_INFINITY));
  const best = ranked[0];
  return {
    trials: result.trials,
    rounds,
    finalists: result.finalists.length,
    promoted: result.promoted,
    pbo: nan(result.pbo.value),
    ...(best === undefined
      ? {}
      : { best: { family: best.family, params: { ...best.params }, deflatedSharpe: nan(best.metrics.deflatedSharpe ?? Number.NaN), sharpe: nan(best.metrics.sharpe ?? Number.NaN), promoted: best.report.passed } }),
  };
}
