import { parseArgs } from 'node:util';
import { z } from 'zod';
import { BacktestRunId } from '../../layers/contracts/sweep';

/**
 * Arguments of the backtest-sweep job. In AWS Batch the job definition's command is
 * `--mode Ref::mode --spec Ref::spec` (run id in TRADELOOP_BACKTEST_RUN_ID): the array children run `shard` (index from
 * AWS_BATCH_JOB_ARRAY_INDEX), the dependent reducer job runs `reduce`. Locally, `--local --workers N`
 * runs every shard in child processes and then reduces.
 */
export const BacktestSweepArgs = z
  .object({
    /** `s3://bucket/…/spec.json` or a file path; shard and result files go next to it. */
    spec: z
      .string()
      .min(1)
      .max(2048)
      .refine((s) => !s.startsWith('Ref::'), 'the Batch parameter was not substituted (submit with parameters.spec)'),
    mode: z.enum(['shard', 'reduce']).default('shard'),
    local: z.boolean().default(false),
    /** Child processes for --local (default: one per core). */
    workers: z.coerce.number().int().min(1).max(256).optional(),
    /** With TRADELOOP_BACKTEST_RUNS_TABLE: the run record this job moves to running / succeeded / failed. */
    runId: BacktestRunId.optional(),
  })
  .strict()
  .refine((a) => a.workers === undefined || a.local, { message: '--workers needs --local', path: ['workers'] })
  .refine((a) => !(a.local && a.mode === 'reduce'), { message: '--local runs the shards and reduces: leave out --mode', path: ['mode'] });
export type BacktestSweepArgs = z.infer<typeof BacktestSweepArgs>;

const Optional = z.string().min(1).optional();

/** Environment of the job: buckets and table from the CDK app, the array index and size from Batch. */
export const BacktestSweepEnv = z.object({
  /** Needed only for specs whose data source is the data lake. */
  TRADELOOP_DATA_LAKE_BUCKET: Optional,
  /** Folder holding lean/equity/usa/… for `shipped` data (default: the repository's data/). */
  TRADELOOP_DATA_DIR: Optional,
  TRADELOOP_BACKTEST_RUNS_TABLE: Optional,
  /** The run id when the submitter passes it as an environment override (AWS Batch: no empty Ref:: default exists). */
  TRADELOOP_BACKTEST_RUN_ID: BacktestRunId.optional(),
  /** Set by Batch on the children of an array job: which shard this child runs (absent on a single job: 0). */
  AWS_BATCH_JOB_ARRAY_INDEX: z.coerce.number().int().nonnegative().optional(),
  /** Set by Batch on array children; must equal the spec's shard count. */
  AWS_BATCH_JOB_ARRAY_SIZE: z.coerce.number().int().min(1).optional(),
});
export type BacktestSweepEnv = z.infer<typeof BacktestSweepEnv>;

/** Parses `--spec <uri|path> [--mode shard|reduce] [--local [--workers N]] [--run-id bt-…]`. */
export function parseBacktestSweepArgs(argv: readonly string[]): BacktestSweepArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      spec: { type: 'string' },
      mode: { type: 'string' },
      local: { type: 'boolean' },
      workers: { type: 'string' },
      'run-id': { type: 'string' },
    },
    strict: true,
  });
  return BacktestSweepArgs.parse({
    spec: values.spec,
    mode: values.mode,
    local: values.local,
    workers: values.workers,
    runId: values['run-id'],
  });
}
