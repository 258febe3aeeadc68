import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DiscoveryRunId } from '../../layers/contracts/discovery';

/**
 * Arguments of the strategy-discovery job. In AWS Batch the job definition's command is
 * `--mode Ref::mode --spec Ref::spec --round Ref::round` (run id in TRADELOOP_DISCOVERY_RUN_ID):
 * `step` (a single job) replays the search with the rounds evaluated so far and either fans out the next round
 * (candidates to S3, then an array job of `shard` children and a dependent `step`) or writes the result;
 * `shard` (array child) evaluates its slice of round `--round`. Locally, `--local --workers N` runs the whole
 * chain, each round's shards in N child processes.
 */
export const StrategyDiscoveryArgs = z
  .object({
    /** `s3://bucket/…/spec.json` or a file path; round, shard and result files go next to it. */
    spec: z
      .string()
      .min(1)
      .max(2048)
      .refine((s) => !s.startsWith('Ref::'), 'the Batch parameter was not substituted (submit with parameters.spec)'),
    mode: z.enum(['step', 'shard']).default('step'),
    /** The round a shard evaluates (required with --mode shard). */
    round: z.coerce.number().int().nonnegative().optional(),
    local: z.boolean().default(false),
    /** Child processes per round for --local (default 1: shards run in this process). */
    workers: z.coerce.number().int().min(1).max(256).optional(),
    runId: DiscoveryRunId.optional(),
    /**
     * A DiscoverySpecV1 as JSON, written to --spec first when nothing is there yet (a retried first step finds it
     * and keeps it): how the nightly schedule starts a run in a fresh folder with its default spec inline. `-` = none
     * (the job definition's default, since a Batch parameter cannot be empty).
     */
    initSpec: z
      .string()
      .max(8192)
      .optional()
      .transform((s) => (s === '-' ? undefined : s)),
  })
  .strict()
  .refine((a) => a.workers === undefined || a.local, { message: '--workers needs --local', path: ['workers'] })
  .refine((a) => a.initSpec === undefined || a.mode === 'step', { message: '--init-spec starts a run: only with --mode step or --local', path: ['initSpec'] })
  .refine((a) => a.mode !== 'shard' || a.round !== undefined, { message: '--mode shard needs --round', path: ['round'] })
  .refine((a) => !(a.local && a.mode === 'shard'), { message: '--local runs every round and its shards: leave out --mode', path: ['mode'] });
export type StrategyDiscoveryArgs = z.infer<typeof StrategyDiscoveryArgs>;

const Optional = z.string().min(1).optional();

/** Environment of the job: buckets and table from the CDK app, the array index and size from Batch. */
export const StrategyDiscoveryEnv = z.object({
  TRADELOOP_DATA_LAKE_BUCKET: Optional,
  /** Folder holding lean/equity/usa/… for `shipped` data (default: the repository's data/). */
  TRADELOOP_DATA_DIR: Optional,
  /** The run table (backtest-runs: discovery runs share it under `dr-` ids). */
  TRADELOOP_BACKTEST_RUNS_TABLE: Optional,
  TRADELOOP_DISCOVERY_RUN_ID: DiscoveryRunId.optional(),
  /** Appended to the source hash in the provenance (e.g. the image tag or commit the deployment knows). */
  TRADELOOP_CODE_VERSION: Optional,
  /** Set by Batch on every job: the coordinator reads its own queue and job definition to submit the next round. */
  AWS_BATCH_JOB_ID: Optional,
  AWS_BATCH_JOB_ARRAY_INDEX: z.coerce.number().int().nonnegative().optional(),
  AWS_BATCH_JOB_ARRAY_SIZE: z.coerce.number().int().min(1).optional(),
});
export type StrategyDiscoveryEnv = z.infer<typeof StrategyDiscoveryEnv>;

/** Parses `--spec <uri|path> [--mode step|shard] [--round r] [--local [--workers N]] [--run-id dr-…] [--init-spec <json>|-]`. */
export function parseStrategyDiscoveryArgs(argv: readonly string[]): StrategyDiscoveryArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      spec: { type: 'string' },
      mode: { type: 'string' },
      round: { type: 'string' },
      local: { type: 'boolean' },
      workers: { type: 'string' },
      'run-id': { type: 'string' },
      'init-spec': { type: 'string' },
    },
    strict: true,
  });
  return StrategyDiscoveryArgs.parse({ spec: values.spec, mode: values.mode, round: values.round, local: values.local, workers: values.workers, runId: values['run-id'], initSpec: values['init-spec'] });
}
