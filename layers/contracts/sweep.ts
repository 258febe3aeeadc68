import { z } from 'zod';
import { DecimalString, PositiveDecimalString, Ticker } from './primitives';

/**
 * Backtest sweeps: what a client asks for (`SweepSpecV1`, or `BacktestSpecV1` for one run), what
 * each Batch array child writes (`SweepShardResultV1`) and what the reducer publishes
 * (`SweepResultV1`). The job, the control API and the local runtime share these shapes.
 *
 * Unit of work: a *case* = one parameter set on one symbol. Cases are numbered
 * `symbolIndex × parameterSetCount + parameterSetIndex` (symbol-major), and shards take contiguous
 * runs of case numbers, so a shard mostly covers one symbol: it loads that symbol's bars once and
 * hands the vectorised engine many parameter sets at a time. The pure expansion, sharding and
 * reduction live in layers/core/sweep.
 */

const SessionDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

/**
 * Strategies a sweep can run: the strategy catalogue's names (layers/core/strategies/catalogue.ts; a
 * test keeps the two lists equal). The event engine runs all of them; the vectorised engine only
 * those in VECTOR_SWEEP_STRATEGIES, whose kernels follow the same rules as the streaming strategy.
 */
export const SWEEP_STRATEGIES = [
  'price-cross-sma',
  'sma-crossover',
  'rsi-reversion',
  'bollinger-reversion',
  'donchian-breakout',
  'macd-trend',
  'ema-crossover',
  'adx-trend',
  'zscore-reversion',
  'ts-momentum',
  'volatility-breakout',
  'vol-target-trend',
  'opening-range-breakout',
  'regime-switching',
] as const;
export const SweepStrategyName = z.enum(SWEEP_STRATEGIES);
export type SweepStrategyName = z.infer<typeof SweepStrategyName>;
export const VECTOR_SWEEP_STRATEGIES: readonly SweepStrategyName[] = ['price-cross-sma', 'sma-crossover'];

/** The vectorised engine has kernels for a few strategies only: any other needs `engine: "event"`. */
function checkEngine(spec: { readonly strategy: SweepStrategyName; readonly engine: 'vector' | 'event' }, ctx: z.RefinementCtx): void {
  if (spec.engine === 'vector' && !VECTOR_SWEEP_STRATEGIES.includes(spec.strategy)) {
    ctx.addIssue({
      code: 'custom',
      path: ['engine'],
      message: `the vectorised engine runs ${VECTOR_SWEEP_STRATEGIES.join(' and ')}; use engine "event" for ${spec.strategy}`,
    });
  }
}

const ParameterName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,31}$/, 'expected a parameter name such as fast');
/** Parameter values are numbers (windows, periods); the strategy's own schema decides which are valid. */
const ParameterValue = z.number().finite();
export const ParameterSetV1 = z.record(ParameterName, ParameterValue);
export type ParameterSetV1 = z.infer<typeof ParameterSetV1>;

/** Most cases (parameter sets × symbols) one sweep may ask for: bounds the spec, the shard files and the result. */
export const MAX_SWEEP_CASES = 200_000;
/** AWS Batch's largest array size. */
export const MAX_SWEEP_SHARDS = 10_000;

/**
 * The parameter sets: a grid (cartesian product of value lists, expanded in sorted parameter-name
 * order with the last name varying fastest) or an explicit list (kept in the given order).
 */
export const ParameterSpaceV1 = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('grid'), values: z.record(ParameterName, z.array(ParameterValue).min(1).max(1000)) }).strict(),
  z.object({ kind: z.literal('list'), sets: z.array(ParameterSetV1).min(1).max(MAX_SWEEP_CASES) }).strict(),
]);
export type ParameterSpaceV1 = z.infer<typeof ParameterSpaceV1>;

/** Corporate-action adjustment of the daily bars (see layers/core/market/adjust.ts). */
export const SweepPriceAdjustment = z.enum(['raw', 'split', 'split-and-dividend']);

/**
 * Where the daily bars come from. `shipped`: the Lean daily files under the job's data directory
 * (the repository's data/ by default; the job image carries it). `data-lake`: the same Lean layout
 * (`<prefix>lean/equity/usa/{daily,factor_files,map_files}/…`) under a prefix of the data-lake bucket.
 * No client-supplied file paths: the spec arrives over the API.
 */
export const SweepDataSourceV1 = z.discriminatedUnion('source', [
  z.object({ source: z.literal('shipped'), adjust: SweepPriceAdjustment.default('split-and-dividend') }).strict(),
  z
    .object({
      source: z.literal('data-lake'),
      /** Key prefix ending in '/' (or empty), S3-safe characters only, no '..'. */
      prefix: z
        .string()
        .max(512)
        .regex(/^([a-zA-Z0-9_.=-]+\/)*$/, 'expected a key prefix such as "lean-daily/" (S3-safe characters, ending in /)')
        .refine((p) => !p.split('/').includes('..'), 'a prefix must not contain ".."'),
      adjust: SweepPriceAdjustment.default('split-and-dividend'),
    })
    .strict(),
]);
export type SweepDataSourceV1 = z.infer<typeof SweepDataSourceV1>;

/** What the ranking orders by; higher is better except for maxDrawdown (smaller is better). */
export const SweepRankBy = z.enum(['sharpe', 'totalReturn', 'finalEquity', 'maxDrawdown']);
export type SweepRankBy = z.infer<typeof SweepRankBy>;

const Period = z
  .object({ from: SessionDate, to: SessionDate })
  .strict()
  .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['to'] });

/** Execution settings shared by SweepSpecV1 and BacktestSpecV1 (the CLI's `tradeloop backtest` options). */
const executionFields = {
  period: Period,
  data: SweepDataSourceV1,
  /** `vector`: the vectorised kernel (fast, long-only, no slippage); `event`: the event-driven engine. */
  engine: z.enum(['vector', 'event']).default('vector'),
  /** Market orders fill at the next bar's open or at the signal bar's close. */
  fill: z.enum(['next-open', 'close']).default('next-open'),
  /** Starting cash, USD. */
  cash: PositiveDecimalString.default('100000'),
  /** Fixed position size in units (shares). */
  units: z.number().int().min(1).max(1_000_000_000).default(100),
  /** Commission per order (event engine) / per fill (vector engine: every order is one fill), USD. */
  commission: DecimalString.refine((s) => !s.startsWith('-'), 'expected a commission of 0 or more').default('0'),
  /** Seeds the event engine's generator (function strategies); runs are deterministic per seed. */
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
};

function gridSize(space: ParameterSpaceV1): number {
  if (space.kind === 'list') return space.sets.length;
  let n = 1;
  for (const values of Object.values(space.values)) n *= values.length;
  return n;
}

/** A parameter sweep: every parameter set on every symbol, sharded over a Batch array job. */
export const SweepSpecV1 = z
  .object({
    schema: z.literal('SweepSpecV1'),
    strategy: SweepStrategyName,
    parameters: ParameterSpaceV1,
    symbols: z.array(Ticker).min(1).max(100),
    ...executionFields,
    /** Batch array size (1 = a single job). Must not exceed the number of cases. */
    shards: z.number().int().min(1).max(MAX_SWEEP_SHARDS).default(1),
    rankBy: SweepRankBy.default('sharpe'),
  })
  .strict()
  .superRefine((spec, ctx) => {
    checkEngine(spec, ctx);
    if (new Set(spec.symbols).size !== spec.symbols.length) ctx.addIssue({ code: 'custom', path: ['symbols'], message: 'symbols must be distinct' });
    const cases = gridSize(spec.parameters) * spec.symbols.length;
    if (cases > MAX_SWEEP_CASES) {
      ctx.addIssue({ code: 'custom', path: ['parameters'], message: `${cases} cases (parameter sets × symbols) is more than ${MAX_SWEEP_CASES}` });
    } else if (spec.shards > cases) {
      ctx.addIssue({ code: 'custom', path: ['shards'], message: `${spec.shards} shards for ${cases} cases: a shard would be empty` });
    }
  });
export type SweepSpecV1 = z.infer<typeof SweepSpecV1>;
export type SweepSpecInputV1 = z.input<typeof SweepSpecV1>;

/** One backtest (one parameter set, one or more symbols run separately): a sweep of one parameter set. */
export const BacktestSpecV1 = z
  .object({
    schema: z.literal('BacktestSpecV1'),
    strategy: SweepStrategyName,
    params: ParameterSetV1,
    symbols: z.array(Ticker).min(1).max(100),
    ...executionFields,
  })
  .strict()
  .superRefine(checkEngine);
export type BacktestSpecV1 = z.infer<typeof BacktestSpecV1>;

/** Body of `POST /backtests`. */
export const BacktestRequestV1 = z.discriminatedUnion('schema', [SweepSpecV1, BacktestSpecV1]);
export type BacktestRequestV1 = z.infer<typeof BacktestRequestV1>;

/** A single backtest as the sweep it is (one parameter set, one shard). */
export function backtestAsSweep(spec: BacktestSpecV1): SweepSpecV1 {
  const { schema: _schema, params, ...rest } = spec;
  return SweepSpecV1.parse({ ...rest, schema: 'SweepSpecV1', parameters: { kind: 'list', sets: [params] }, shards: 1 });
}

/**
 * Metrics of one case. Numbers are floats; null where the metric is undefined (Sharpe with a flat
 * equity curve; JSON has no NaN). `trades` counts fills (a round trip is two), the vectorised
 * engine's convention, for both engines.
 */
export const CaseMetricsV1 = z
  .object({
    totalReturn: z.number().nullable(),
    sharpe: z.number().nullable(),
    /** Largest peak-to-trough loss as a positive fraction (0.25 = 25 %). */
    maxDrawdown: z.number().nullable(),
    trades: z.number().int().nonnegative(),
    finalEquity: z.number().nullable(),
  })
  .strict();
export type CaseMetricsV1 = z.infer<typeof CaseMetricsV1>;

export const SweepCaseResultV1 = z
  .object({
    case: z.number().int().nonnegative(),
    parameterSet: z.number().int().nonnegative(),
    params: ParameterSetV1,
    symbol: Ticker,
    /** Daily bars the case ran over. */
    bars: z.number().int().nonnegative(),
    metrics: CaseMetricsV1,
  })
  .strict();
export type SweepCaseResultV1 = z.infer<typeof SweepCaseResultV1>;

/** What one shard (Batch array child) writes to `<run>/shards/<index>.json`. */
export const SweepShardResultV1 = z
  .object({
    schema: z.literal('SweepShardResultV1'),
    /** sha256 of the spec's canonical JSON: a shard of another spec is refused by the reducer. */
    specHash: z.string().regex(/^[0-9a-f]{64}$/),
    shardIndex: z.number().int().nonnegative(),
    shardCount: z.number().int().min(1),
    /** Half-open range of case numbers the shard covers. */
    cases: z.object({ from: z.number().int().nonnegative(), to: z.number().int().nonnegative() }).strict(),
    engine: z.enum(['vector', 'event']),
    rows: z.array(SweepCaseResultV1),
  })
  .strict();
export type SweepShardResultV1 = z.infer<typeof SweepShardResultV1>;

export const RankedCaseResultV1 = SweepCaseResultV1.extend({ rank: z.number().int().min(1) }).strict();
export type RankedCaseResultV1 = z.infer<typeof RankedCaseResultV1>;

/** The reduced result at `<run>/result.json`: every case once, ranked (rank 1 = best). */
export const SweepResultV1 = z
  .object({
    schema: z.literal('SweepResultV1'),
    specHash: z.string().regex(/^[0-9a-f]{64}$/),
    strategy: SweepStrategyName,
    engine: z.enum(['vector', 'event']),
    symbols: z.array(Ticker),
    period: z.object({ from: SessionDate, to: SessionDate }),
    parameterSets: z.number().int().min(1),
    /** Grid combinations the strategy's parameter rules refused (e.g. fast ≥ slow), not run. */
    skippedParameterSets: z.number().int().nonnegative(),
    caseCount: z.number().int().min(1),
    shardCount: z.number().int().min(1),
    rankBy: SweepRankBy,
    /** Ordered by rank; ties (and nulls, ranked last) broken by case number. */
    rows: z.array(RankedCaseResultV1),
  })
  .strict();
export type SweepResultV1 = z.infer<typeof SweepResultV1>;

// ---------------------------------------------------------------- runs (control API)

export const BacktestRunStatus = z.enum(['queued', 'running', 'succeeded', 'failed']);
export type BacktestRunStatus = z.infer<typeof BacktestRunStatus>;

/** Run id: `bt-` + 24 hex digits of a sha256 (of the idempotency key, or of the spec). */
export const BacktestRunId = z.string().regex(/^bt-[0-9a-f]{24}$/, 'expected a backtest run id such as bt-0123456789abcdef01234567');

/** The top of a finished sweep, as GET /backtests/{id} shows it (the full result stays in S3). */
export const SweepSummaryV1 = z
  .object({
    caseCount: z.number().int().min(1),
    rankBy: SweepRankBy,
    best: RankedCaseResultV1,
    top: z.array(RankedCaseResultV1).max(10),
  })
  .strict();
export type SweepSummaryV1 = z.infer<typeof SweepSummaryV1>;

/** Answer of `POST /backtests` and `GET /backtests/{id}`. */
export const BacktestRunResponseV1 = z
  .object({
    runId: BacktestRunId,
    status: BacktestRunStatus,
    progress: z.object({ shardsDone: z.number().int().nonnegative(), shardsTotal: z.number().int().min(1) }).strict(),
    createdAt: z.string(),
    updatedAt: z.string(),
    specUri: z.string(),
    resultUri: z.string(),
    summary: SweepSummaryV1.optional(),
    error: z.string().optional(),
  })
  .strict();
export type BacktestRunResponseV1 = z.infer<typeof BacktestRunResponseV1>;
