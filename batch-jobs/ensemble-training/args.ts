import { parseArgs } from 'node:util';
import { z } from 'zod';

/** A session date (YYYY-MM-DD, New York) or `previous-session`, the job definition's default. */
const AsOf = z.union([z.literal('previous-session'), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')]);

/** Arguments of the ensemble-training job (from the Batch job definition's command). */
export const EnsembleTrainingArgs = z.object({
  asOf: AsOf,
  /** Training window in calendar days before `asOf`. */
  lookbackDays: z.coerce.number().int().min(30).max(3650).default(730),
});
export type EnsembleTrainingArgs = z.infer<typeof EnsembleTrainingArgs>;

/** Where the job reads and writes (set by the CDK app on the job definition). */
export const EnsembleTrainingEnv = z.object({
  TRADELOOP_DATA_LAKE_BUCKET: z.string().min(3),
  TRADELOOP_MODELS_BUCKET: z.string().min(3),
});
export type EnsembleTrainingEnv = z.infer<typeof EnsembleTrainingEnv>;

/** Parses `--as-of <date> [--lookback-days <n>]`; throws a ZodError (or TypeError for unknown flags). */
export function parseEnsembleTrainingArgs(argv: readonly string[]): EnsembleTrainingArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: { 'as-of': { type: 'string' }, 'lookback-days': { type: 'string' } },
    strict: true,
  });
  return EnsembleTrainingArgs.parse({ asOf: values['as-of'], lookbackDays: values['lookback-days'] });
}
