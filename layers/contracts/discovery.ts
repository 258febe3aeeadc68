import { z } from 'zod';
import { Ticker } from './primitives';
import { BacktestRunStatus, SWEEP_STRATEGIES, SweepDataSourceV1 } from './sweep';

/**
 * Strategy discovery as a job (issue 6): what a client or the nightly schedule asks for (`DiscoverySpecV1`),
 * the candidates of one search round (`DiscoveryRoundV1`), what each Batch array child writes
 * (`DiscoveryShardResultV1`) and the run's answer over the API. The search itself is
 * layers/core/discovery; the job is batch-jobs/strategy-discovery.
 *
 * Numbers that may be NaN (an empty record's annual return, an undefined Sharpe) travel as null.
 */

const SessionDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

/** Portfolio strategies discovery searches on the spec's whole universe (layers/core/strategies/portfolio; a test keeps the lists equal). */
export const PORTFOLIO_DISCOVERY_FAMILIES = ['momentum-rotation', 'pairs'] as const;

/** A family discovery can search: a per-symbol catalogue strategy or a portfolio strategy. */
export const DiscoveryFamilyName = z.enum([...SWEEP_STRATEGIES, ...PORTFOLIO_DISCOVERY_FAMILIES]);
export type DiscoveryFamilyName = z.infer<typeof DiscoveryFamilyName>;

/** AWS Batch's largest array size. */
export const MAX_DISCOVERY_SHARDS = 10_000;

export const DiscoverySpecV1 = z
  .object({
    schema: z.literal('DiscoverySpecV1'),
    /** The symbol per-symbol families search (the search and its statistics are per symbol). */
    symbol: Ticker,
    /**
     * Portfolio families only: the universe they trade as one book (it must include `symbol`); absent = [symbol].
     * With several symbols every family must be a portfolio family.
     */
    symbols: z
      .array(Ticker)
      .min(1)
      .max(50)
      .refine((s) => new Set(s).size === s.length, 'a symbol is named twice')
      .optional(),
    families: z
      .array(DiscoveryFamilyName)
      .min(1)
      .max(20)
      .refine((f) => new Set(f).size === f.length, 'a family is named twice'),
    period: z
      .object({ from: SessionDate, to: SessionDate })
      .strict()
      .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['to'] }),
    data: SweepDataSourceV1.default({ source: 'shipped', adjust: 'split-and-dividend' }),
    /** Distinct parameter sets evaluated per family. */
    budget: z.number().int().min(2).max(5000).default(40),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
    /** Walk-forward training length (warm-up room before the first out-of-sample range), bars. */
    warmup: z.number().int().min(20).max(5000).default(252),
    testLength: z.number().int().min(10).max(5000).default(126),
    /** Last fraction of the bars kept out of the search. */
    holdout: z.number().min(0).max(0.5).default(0.2),
    /** Pareto finalists kept per family. */
    finalists: z.number().int().min(1).max(100).default(8),
    slippageBps: z.number().min(0).max(1000).default(0),
    /** Commission per order, USD. */
    commission: z.string().regex(/^\d{1,9}(\.\d{1,4})?$/, 'expected an amount such as "1" or "0.5"').default('0'),
    /** Array size of each round's job: a round's candidates are cut into this many contiguous shards. */
    shards: z.number().int().min(1).max(MAX_DISCOVERY_SHARDS).default(4),
  })
  .strict()
  .refine((s) => s.symbols === undefined || s.symbols.includes(s.symbol), { message: 'symbols must include symbol', path: ['symbols'] });
export type DiscoverySpecV1 = z.infer<typeof DiscoverySpecV1>;
/** The spec as a client writes it (defaults may be left out). */
export type DiscoverySpecInputV1 = z.input<typeof DiscoverySpecV1>;

const Num = z.number().nullable();
const ParamValue = z.union([z.number(), z.boolean()]);

export const DiscoveryCandidateV1 = z.object({ family: DiscoveryFamilyName, params: z.record(z.string(), ParamValue), key: z.string() }).strict();
export type DiscoveryCandidateV1 = z.infer<typeof DiscoveryCandidateV1>;

/** The candidates of one round, written by the coordinator before the round's array job starts. */
export const DiscoveryRoundV1 = z
  .object({ schema: z.literal('DiscoveryRoundV1'), round: z.number().int().nonnegative(), shardCount: z.number().int().min(1), candidates: z.array(DiscoveryCandidateV1) })
  .strict();
export type DiscoveryRoundV1 = z.infer<typeof DiscoveryRoundV1>;

const ClosedTradeV1 = z
  .object({ entryTime: z.number(), exitTime: z.number(), entryPrice: Num, exitPrice: Num, quantity: Num, side: z.enum(['long', 'short']), pnl: Num, fees: Num })
  .strict();

/** One candidate's stitched out-of-sample record. */
export const DiscoveryEvaluationV1 = DiscoveryCandidateV1.extend({
  returns: z.array(Num),
  timestamps: z.array(Num).nullable(),
  trades: z.array(ClosedTradeV1),
  objectives: z.object({ annualReturn: Num, maxDrawdown: Num, tradesPerYear: Num }).strict(),
}).strict();
export type DiscoveryEvaluationV1 = z.infer<typeof DiscoveryEvaluationV1>;

/** What array child `shard` writes for round `round`: its contiguous slice of the round's candidates, evaluated. */
export const DiscoveryShardResultV1 = z
  .object({
    schema: z.literal('DiscoveryShardResultV1'),
    round: z.number().int().nonnegative(),
    shard: z.number().int().nonnegative(),
    shardCount: z.number().int().min(1),
    evaluations: z.array(DiscoveryEvaluationV1),
  })
  .strict();
export type DiscoveryShardResultV1 = z.infer<typeof DiscoveryShardResultV1>;

/** `dr-` and 24 hex digits: derived from the idempotency key or the spec hash, never random. */
export const DiscoveryRunId = z.string().regex(/^dr-[0-9a-f]{24}$/, 'expected a discovery run id such as dr-0123456789abcdef01234567');

/** The top of a finished discovery, as GET /discovery/{id} shows it (the full result and provenance stay in S3). */
export const DiscoverySummaryV1 = z
  .object({
    trials: z.number().int().nonnegative(),
    rounds: z.number().int().nonnegative(),
    finalists: z.number().int().nonnegative(),
    promoted: z.number().int().nonnegative(),
    pbo: Num,
    best: z
      .object({ family: DiscoveryFamilyName, params: z.record(z.string(), ParamValue), deflatedSharpe: Num, sharpe: Num, promoted: z.boolean() })
      .strict()
      .optional(),
  })
  .strict();
export type DiscoverySummaryV1 = z.infer<typeof DiscoverySummaryV1>;

/** Answer of `POST /discovery` and `GET /discovery/{id}`. */
export const DiscoveryRunResponseV1 = z
  .object({
    runId: DiscoveryRunId,
    status: BacktestRunStatus,
    /** Rounds whose candidates were written, and shard files written over all rounds. */
    progress: z.object({ rounds: z.number().int().nonnegative(), shardsDone: z.number().int().nonnegative() }).strict(),
    createdAt: z.string(),
    updatedAt: z.string(),
    specUri: z.string(),
    resultUri: z.string(),
    summary: DiscoverySummaryV1.optional(),
    error: z.string().optional(),
  })
  .strict();
export type DiscoveryRunResponseV1 = z.infer<typeof DiscoveryRunResponseV1>;

/**
 * What the control API needs for POST/GET /discovery, beyond FunctionEnvV1: the backtest launcher's settings
 * (same bucket, same launcher kind) plus the discovery job definition. Runs share the backtest-runs table.
 */
export const DiscoveryApiEnvV1 = z
  .object({
    TRADELOOP_RESULTS_BUCKET: z.string().min(3),
    TRADELOOP_BACKTEST_LAUNCHER: z.enum(['batch', 'local']),
    TRADELOOP_BATCH_JOB_QUEUE: z.string().min(1).optional(),
    /** ARN of the strategy-discovery job definition (batch launcher). */
    TRADELOOP_DISCOVERY_JOB_DEFINITION: z.string().min(1).optional(),
    /** Child processes per round of a local run (local launcher); default 1 (the shards run in the job's process). */
    TRADELOOP_LOCAL_DISCOVERY_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  })
  .refine((e) => e.TRADELOOP_BACKTEST_LAUNCHER !== 'batch' || (e.TRADELOOP_BATCH_JOB_QUEUE !== undefined && e.TRADELOOP_DISCOVERY_JOB_DEFINITION !== undefined), {
    message: 'the batch launcher needs TRADELOOP_BATCH_JOB_QUEUE and TRADELOOP_DISCOVERY_JOB_DEFINITION',
  });
export type DiscoveryApiEnvV1 = z.infer<typeof DiscoveryApiEnvV1>;
