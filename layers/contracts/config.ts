import { z } from 'zod';
import { AccountId, MarketDataFeed, Ticker } from './primitives';

/**
 * Function configuration, read from the environment once at cold start and validated; a bad
 * value fails the init, not an order. CDK (and the local runtime, which mirrors it) is the only writer.
 */
export const FunctionEnvV1 = z.object({
  TRADELOOP_ACCOUNT_ID: AccountId,
  TRADELOOP_EVENT_BUS: z.string().min(1),
  TRADELOOP_TABLE_PREFIX: z.string().regex(/^[a-zA-Z0-9_.-]*$/),
  TRADELOOP_BARS_QUEUE_URL: z.string().url(),
  TRADELOOP_BARS_DLQ_URL: z.string().url(),
  TRADELOOP_ORDER_INTENTS_QUEUE_URL: z.string().url(),
  TRADELOOP_ORDER_INTENTS_DLQ_URL: z.string().url(),
  TRADELOOP_ORDERS_QUEUE_URL: z.string().url(),
  TRADELOOP_ORDERS_DLQ_URL: z.string().url(),
  TRADELOOP_WATCHLIST: z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(Ticker).min(1)),
  TRADELOOP_MARKET_DATA_FEED: MarketDataFeed.default('iex'),
  /** Secrets Manager secret holding {"keyId": "...", "secretKey": "..."} for Alpaca. */
  TRADELOOP_ALPACA_SECRET_ID: z.string().min(1),
  TRADELOOP_ALPACA_TRADING_URL: z.string().url().default('https://paper-api.alpaca.markets'),
  TRADELOOP_ALPACA_DATA_URL: z.string().url().default('https://data.alpaca.markets'),
  /** `system`: the Lambda's clock. `broker`: the broker's market clock (the local replay moves it). */
  TRADELOOP_CLOCK: z.enum(['system', 'broker']).default('system'),
});
export type FunctionEnvV1 = z.infer<typeof FunctionEnvV1>;

/**
 * What the control API needs for POST/GET /backtests, beyond FunctionEnvV1 (only the control-api
 * function gets these). `batch`: AWS Batch (array job + reducer); `local`: a child process on this
 * machine (the local runtime). The run table is `<TRADELOOP_TABLE_PREFIX>backtest-runs`.
 */
export const BacktestApiEnvV1 = z
  .object({
    /** Bucket of specs, shard files and results (`backtests/<runId>/…`). */
    TRADELOOP_RESULTS_BUCKET: z.string().min(3),
    TRADELOOP_BACKTEST_LAUNCHER: z.enum(['batch', 'local']),
    /** ARN of the GPU job queue (batch launcher). */
    TRADELOOP_BATCH_JOB_QUEUE: z.string().min(1).optional(),
    /** ARN of the backtest-sweep job definition (batch launcher). */
    TRADELOOP_SWEEP_JOB_DEFINITION: z.string().min(1).optional(),
    /** Child processes a local run uses (local launcher); default 2. */
    TRADELOOP_LOCAL_SWEEP_WORKERS: z.coerce.number().int().min(1).max(64).default(2),
  })
  .refine((e) => e.TRADELOOP_BACKTEST_LAUNCHER !== 'batch' || (e.TRADELOOP_BATCH_JOB_QUEUE !== undefined && e.TRADELOOP_SWEEP_JOB_DEFINITION !== undefined), {
    message: 'the batch launcher needs TRADELOOP_BATCH_JOB_QUEUE and TRADELOOP_SWEEP_JOB_DEFINITION',
  });
export type BacktestApiEnvV1 = z.infer<typeof BacktestApiEnvV1>;

/**
 * What only the options-correlator function reads, beyond FunctionEnvV1. `TRADELOOP_OPTIONS_AUTO_SUBMIT`:
 * `true` enqueues each proposal's intent on order-intents (it then meets verify-trade like any order);
 * `false` (the default) only publishes options.strategy.proposed for a person or another service to act on.
 */
export const OptionsCorrelatorEnvV1 = z.object({
  TRADELOOP_OPTIONS_AUTO_SUBMIT: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});
export type OptionsCorrelatorEnvV1 = z.infer<typeof OptionsCorrelatorEnvV1>;

/**
 * What only the signal-engine function reads, beyond FunctionEnvV1. `TRADELOOP_MODELS_BUCKET`: the models
 * bucket; with it the engine serves the registry's champion per symbol (ML binding), without it (or with no
 * champion registered) it runs the strategy set alone. The registry is the `models` table of the prefix.
 */
export const SignalEngineEnvV1 = z.object({
  TRADELOOP_MODELS_BUCKET: z.string().min(3).optional(),
});
export type SignalEngineEnvV1 = z.infer<typeof SignalEngineEnvV1>;
