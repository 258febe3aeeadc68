import { parseArgs } from 'node:util';
import { z } from 'zod';

const SessionDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

/** Arguments of the backtest-sweep job (from the Batch job definition's command and parameters). */
export const BacktestSweepArgs = z
  .object({
    strategy: z.string().regex(/^[a-zA-Z0-9_.:-]{1,128}$/, 'expected a strategy id'),
    from: SessionDate,
    to: SessionDate,
    /** Key, in the results bucket, of the JSON parameter grid the sweep covers. */
    gridKey: z.string().min(1).max(1024),
  })
  .refine((a) => a.from <= a.to, { message: '--from must not be after --to', path: ['to'] });
export type BacktestSweepArgs = z.infer<typeof BacktestSweepArgs>;

/** Environment of the job: buckets from the CDK app, the slice index from Batch array jobs. */
export const BacktestSweepEnv = z.object({
  TRADELOOP_DATA_LAKE_BUCKET: z.string().min(3),
  TRADELOOP_RESULTS_BUCKET: z.string().min(3),
  /** Set by Batch on the children of an array job: which slice of the grid this child runs. */
  AWS_BATCH_JOB_ARRAY_INDEX: z.coerce.number().int().nonnegative().default(0),
});
export type BacktestSweepEnv = z.infer<typeof BacktestSweepEnv>;

/** Parses `--strategy <id> --from <date> --to <date> --grid-key <key>`. */
export function parseBacktestSweepArgs(argv: readonly string[]): BacktestSweepArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      strategy: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'grid-key': { type: 'string' },
    },
    strict: true,
  });
  return BacktestSweepArgs.parse({ strategy: values.strategy, from: values.from, to: values.to, gridKey: values['grid-key'] });
}
