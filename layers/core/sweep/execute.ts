import type { CaseMetricsV1, ParameterSetV1, SweepCaseResultV1, SweepShardResultV1 } from '../../contracts/sweep';
import { dailyBarsToBacktestBars, runBacktest } from '../backtest';
import type { Fees } from '../backtest';
import type { DailyBar } from '../market';
import { runSweep } from '../vector';
import { caseAt, shardRange, type SweepPlan } from './plan';
import { streamingStrategy, vectorSweep } from './strategies';

/** A symbol has too few bars in the period to backtest (fewer than two). */
export class SweepDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SweepDataError';
  }
}

/** Daily bars of one symbol, already adjusted and cut to the spec's period, ascending. */
export type BarsOf = (symbol: string) => readonly DailyBar[];

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Sessions per year: every sweep runs on daily bars. */
const DAILY_PERIODS_PER_YEAR = 252;

/**
 * Runs the cases of shard `shardIndex` (see shardRange) over the given bars and returns the shard
 * file's content. Pure: the caller loads the bars. The vectorised engine gets one runSweep per
 * symbol over the shard's parameter sets of that symbol; the event engine one runBacktest per case.
 */
export function runShard(plan: SweepPlan, shardIndex: number, barsOf: BarsOf): SweepShardResultV1 {
  const range = shardRange(plan.caseCount, plan.shardCount, shardIndex);
  const bySymbol = new Map<string, number[]>();
  for (let c = range.from; c < range.to; c += 1) {
    const { symbol } = caseAt(plan, c);
    const list = bySymbol.get(symbol) ?? [];
    list.push(c);
    bySymbol.set(symbol, list);
  }
  const rows: SweepCaseResultV1[] = [];
  for (const [symbol, cases] of bySymbol) {
    const bars = barsOf(symbol);
    if (bars.length < 2) {
      throw new SweepDataError(`${symbol}: ${bars.length} daily bar(s) between ${plan.spec.period.from} and ${plan.spec.period.to}; a backtest needs at least 2`);
    }
    const sets = cases.map((c) => plan.parameterSets[caseAt(plan, c).parameterSet] ?? {});
    const metrics = plan.spec.engine === 'vector' ? vectorMetrics(plan, bars, sets) : sets.map((set) => eventMetrics(plan, symbol, bars, set));
    cases.forEach((c, k) => {
      const parameterSet = caseAt(plan, c).parameterSet;
      rows.push({
        case: c,
        parameterSet,
        params: plan.parameterSets[parameterSet] ?? {},
        symbol,
        bars: bars.length,
        metrics: metrics[k] ?? { totalReturn: null, sharpe: null, maxDrawdown: null, trades: 0, finalEquity: null },
      });
    });
  }
  return {
    schema: 'SweepShardResultV1',
    specHash: plan.specHash,
    shardIndex,
    shardCount: plan.shardCount,
    cases: range,
    engine: plan.spec.engine,
    rows,
  };
}

function vectorMetrics(plan: SweepPlan, bars: readonly DailyBar[], sets: readonly ParameterSetV1[]): CaseMetricsV1[] {
  const { spec } = plan;
  const results = runSweep(
    { opens: Float64Array.from(bars, (b) => b.open), closes: Float64Array.from(bars, (b) => b.close) },
    vectorSweep(spec.strategy, sets),
    {
      initialCash: Number(spec.cash),
      sizing: { kind: 'units', units: spec.units },
      fillAt: spec.fill === 'next-open' ? 'nextOpen' : 'close',
      commissionPerFill: Number(spec.commission),
      periodsPerYear: DAILY_PERIODS_PER_YEAR,
    },
  );
  return sets.map((_, i) => ({
    totalReturn: finiteOrNull(results.totalReturn[i] ?? Number.NaN),
    sharpe: finiteOrNull(results.sharpe[i] ?? Number.NaN),
    maxDrawdown: finiteOrNull(results.maxDrawdown[i] ?? Number.NaN),
    trades: results.trades[i] ?? 0,
    finalEquity: finiteOrNull(results.finalEquity[i] ?? Number.NaN),
  }));
}

function eventMetrics(plan: SweepPlan, symbol: string, bars: readonly DailyBar[], set: ParameterSetV1): CaseMetricsV1 {
  const { spec } = plan;
  const fees: Fees = Number(spec.commission) === 0 ? { kind: 'none' } : { kind: 'per-order', amount: spec.commission };
  const result = runBacktest({
    bars: new Map([[symbol, dailyBarsToBacktestBars(bars)]]),
    strategy: streamingStrategy(spec.strategy, set),
    sizing: { kind: 'fixed-units', units: String(spec.units) },
    cash: spec.cash,
    fill: spec.fill,
    slippage: { kind: 'none' },
    fees,
    seed: spec.seed,
    // No bootstrap: a sweep ranks on point estimates, and 2000 resamples per case would dominate the run.
    metrics: { periodsPerYear: DAILY_PERIODS_PER_YEAR, bootstrapResamples: 0 },
  });
  return {
    totalReturn: finiteOrNull(result.metrics.totalReturn),
    sharpe: finiteOrNull(result.metrics.sharpe),
    maxDrawdown: finiteOrNull(result.metrics.maxDrawdown),
    trades: result.fills.length,
    finalEquity: finiteOrNull(Number(result.finalEquity)),
  };
}
