import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ComputeDevice } from '../../layers/adapters/gpu/select';
import { HISTORICAL_FEEDS } from '../../layers/core/market/history';

/** A session date (YYYY-MM-DD, New York) or `previous-session`, the job definition's default. */
const AsOf = z.union([z.literal('previous-session'), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')]);

const Symbols = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim().toUpperCase()).filter((x) => x !== ''))
  .pipe(z.array(z.string().regex(/^[A-Z][A-Z0-9.]{0,9}$/, 'expected tickers like SPY,QQQ')).min(1).max(50));

/**
 * Arguments of the ensemble-training job (from the Batch job definition's command, `--as-of Ref::asOf`).
 * Everything but --as-of has a default, so the nightly schedule needs to pass nothing else.
 */
export const EnsembleTrainingArgs = z
  .object({
    asOf: AsOf,
    /** Training window in calendar days before `asOf`. */
    lookbackDays: z.coerce.number().int().min(30).max(3650).default(730),
    symbols: Symbols.default(['SPY']),
    /**
     * `shipped`: the Lean daily files in data/ (or TRADELOOP_DATA_DIR), which end in 2021; `data-lake`: the same
     * layout under --data-prefix in the data-lake bucket; `alpaca`: Alpaca's adjusted 1Day bars through the data
     * lake's day cache (the deployed nightly job's source: needs TRADELOOP_ALPACA_SECRET_ID).
     */
    dataSource: z.enum(['shipped', 'data-lake', 'alpaca']).default('shipped'),
    dataPrefix: z.string().max(512).default(''),
    horizon: z.coerce.number().int().min(1).max(60).default(5),
    seed: z.coerce.number().int().min(0).max(2 ** 31 - 1).default(1),
    resamples: z.coerce.number().int().min(10).max(10_000).default(1000),
    /** Smaller models (the CLI's --quick specs): for smoke runs and tests. */
    quick: z.boolean().default(false),
    /** Significance level of the promotion test. */
    alpha: z.coerce.number().gt(0).lt(0.5).default(0.05),
    /** Where the MLP trains: `auto` = WebGPU when a hardware adapter is found, else the CPU (the choice and its reason are logged and recorded in the manifest). */
    device: ComputeDevice.default('auto'),
  })
  .strict();
export type EnsembleTrainingArgs = z.infer<typeof EnsembleTrainingArgs>;

const Optional = z.string().min(1).optional();

/** Where the job reads and writes (set by the CDK app on the job definition). */
export const EnsembleTrainingEnv = z.object({
  TRADELOOP_DATA_LAKE_BUCKET: z.string().min(3),
  TRADELOOP_MODELS_BUCKET: z.string().min(3),
  /** The model registry (`models` table). */
  TRADELOOP_MODELS_TABLE: z.string().min(3),
  /** Folder holding lean/equity/usa/… for `shipped` data (default: the repository's data/). */
  TRADELOOP_DATA_DIR: Optional,
  /** Build identifier (git commit) recorded in the manifest next to the hash of the ML sources. */
  TRADELOOP_CODE_VERSION: Optional,
  /** `--data-source alpaca`: the Secrets Manager id of `{"keyId", "secretKey"}` (as the functions read it), the data URL and feed. */
  TRADELOOP_ALPACA_SECRET_ID: Optional,
  TRADELOOP_ALPACA_DATA_URL: z.string().url().default('https://data.alpaca.markets'),
  TRADELOOP_MARKET_DATA_FEED: z.enum(HISTORICAL_FEEDS).default('iex'),
});
export type EnsembleTrainingEnv = z.infer<typeof EnsembleTrainingEnv>;

/** Parses `--as-of <date> [--lookback-days n] [--symbols A,B] [--data-source shipped|data-lake|alpaca] [--data-prefix p] [--horizon h] [--seed s] [--resamples r] [--quick] [--alpha a] [--device auto|cpu|gpu]`. */
export function parseEnsembleTrainingArgs(argv: readonly string[]): EnsembleTrainingArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'as-of': { type: 'string' },
      'lookback-days': { type: 'string' },
      symbols: { type: 'string' },
      'data-source': { type: 'string' },
      'data-prefix': { type: 'string' },
      horizon: { type: 'string' },
      seed: { type: 'string' },
      resamples: { type: 'string' },
      quick: { type: 'boolean' },
      alpha: { type: 'string' },
      device: { type: 'string' },
    },
    strict: true,
  });
  return EnsembleTrainingArgs.parse({
    asOf: values['as-of'],
    lookbackDays: values['lookback-days'],
    symbols: values.symbols,
    dataSource: values['data-source'],
    dataPrefix: values['data-prefix'],
    horizon: values.horizon,
    seed: values.seed,
    resamples: values.resamples,
    quick: values.quick,
    alpha: values.alpha,
    device: values.device,
  });
}
