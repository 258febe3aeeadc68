import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatchRoundSubmitter } from '../../layers/adapters/aws/discovery-batch';
import { DynamoDiscoveryRunStore } from '../../layers/adapters/aws/dynamo/discovery-runs';
import { S3ObjectStore } from '../../layers/adapters/aws/objects';
import { DiscoveryRoundV1, DiscoveryShardResultV1, DiscoverySpecV1 } from '../../layers/contracts/discovery';
import type { Fees, Slippage } from '../../layers/core/backtest';
import {
  candidateEvaluator,
  collectRound,
  DiscoveryConfigError,
  discoveryRunLayout,
  discoveryShardIndexOf,
  DiscoveryShardError,
  planDiscovery,
  planUniverseDiscovery,
  replayDiscovery,
  shardBounds,
  type CandidateEvaluation,
  type DiscoveryConfig,
  type DiscoveryPlan,
  type DiscoveryRunStore,
  type RoundSubmitter,
} from '../../layers/core/discovery';
import type { DiscoveryFamily } from '../../layers/core/discovery';
import { readText, runLocation, type RunLocation } from '../backtest-sweep/storage';
import { parseStrategyDiscoveryArgs, StrategyDiscoveryEnv, type StrategyDiscoveryArgs } from './args';
import { decodeEvaluation, encodeEvaluation, resultJson, summarizeDiscovery } from './codec';
import { loadDiscoveryBars, loadDiscoveryUniverse, sourceHash, type DataFileHash } from './data';

type Env = Readonly<Record<string, string | undefined>>;
type Log = (line: string) => void;

const HERE = dirname(fileURLToPath(import.meta.url));
export const DISCOVERY_MAIN = join(HERE, 'main.ts');
const PROJECT_ROOT = join(HERE, '..', '..');
const DEFAULT_DATA_DIR = join(PROJECT_ROOT, 'data');

/** Exit codes: 0 done (or the next round submitted), 1 the run failed, 2 bad arguments, environment or spec. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

class UsageError extends Error {}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The discovery config a spec stands for (the same mapping as `tradeloop discover`'s options). */
export function discoveryConfigOf(spec: DiscoverySpecV1): DiscoveryConfig {
  const slippage: Slippage = spec.slippageBps > 0 ? { kind: 'fixed-bps', bps: spec.slippageBps } : { kind: 'none' };
  const fees: Fees = Number(spec.commission) === 0 ? { kind: 'none' } : { kind: 'per-order', amount: spec.commission };
  return {
    families: spec.families as readonly DiscoveryFamily[],
    budget: spec.budget,
    seed: spec.seed,
    trainLength: spec.warmup,
    testLength: spec.testLength,
    holdoutFraction: spec.holdout,
    maxFinalistsPerFamily: spec.finalists,
    slippage,
    fees,
  };
}

/** What every mode needs: where the run is, its spec, the plan over the loaded bars and the files they came from. */
interface Run {
  readonly location: RunLocation;
  readonly spec: DiscoverySpecV1;
  readonly plan: DiscoveryPlan;
  readonly files: readonly DataFileHash[];
}

/**
 * The `strategy-discovery` job. `--mode step` (a single job; the coordinator): replays the search with every
 * round stored so far (each round's shard set checked complete and exact) and either writes the next round's
 * candidates and submits its array job plus the next step, or, when the search is over, writes `result.json`
 * with the provenance. `--mode shard --round r` (array child): evaluates its contiguous slice of round r
 * (AWS_BATCH_JOB_ARRAY_INDEX) to `rounds/<r>/shards/<i>.json`. `--local [--workers N]`: the whole chain here.
 */
export async function runStrategyDiscovery(argv: readonly string[], env: Env, log: Log, options: { readonly submitter?: RoundSubmitter } = {}): Promise<number> {
  let args: StrategyDiscoveryArgs;
  let jobEnv: StrategyDiscoveryEnv;
  try {
    args = parseStrategyDiscoveryArgs(argv);
    jobEnv = StrategyDiscoveryEnv.parse(env);
  } catch (error) {
    log(`strategy-discovery: invalid arguments or environment: ${messageOf(error)}`);
    return EXIT.usage;
  }
  const runId = args.runId ?? jobEnv.TRADELOOP_DISCOVERY_RUN_ID;
  const runs: DiscoveryRunStore | undefined = runId !== undefined && jobEnv.TRADELOOP_BACKTEST_RUNS_TABLE !== undefined ? new DynamoDiscoveryRunStore(jobEnv.TRADELOOP_BACKTEST_RUNS_TABLE) : undefined;
  const fail = async (reason: string): Promise<void> => {
    log(`strategy-discovery: ${reason}`);
    if (runs !== undefined && runId !== undefined) await runs.markFailed(runId, reason, Date.now()).catch((e: unknown) => log(`strategy-discovery: could not record the failure: ${messageOf(e)}`));
  };

  let run: Run;
  try {
    run = await openRun(args.spec, jobEnv, args.initSpec);
  } catch (error) {
    const usage = error instanceof UsageError || error instanceof DiscoveryConfigError;
    await fail(`${usage ? 'bad spec' : 'cannot read the spec or its data'}: ${messageOf(error)}`);
    return usage ? EXIT.usage : EXIT.failed;
  }

  try {
    if (runs !== undefined && runId !== undefined && args.mode === 'step') await runs.markRunning(runId, Date.now());
    if (args.local) {
      const started = Date.now();
      const workers = args.workers ?? 1;
      for (;;) {
        const next = await step(run, jobEnv, runs, runId, log);
        if (next === undefined) break;
        await runRoundLocally(run, next.round, next.shardCount, workers, args.spec, env, log);
      }
      log(JSON.stringify({ job: 'strategy-discovery', mode: 'local', workers, ms: Date.now() - started }));
      return EXIT.ok;
    }
    if (args.mode === 'shard') {
      await runShard(run, args.round ?? 0, jobEnv.AWS_BATCH_JOB_ARRAY_INDEX ?? 0, jobEnv.AWS_BATCH_JOB_ARRAY_SIZE, log);
      return EXIT.ok;
    }
    const next = await step(run, jobEnv, runs, runId, log);
    if (next !== undefined) {
      const submitter = options.submitter ?? (jobEnv.AWS_BATCH_JOB_ID !== undefined ? new BatchRoundSubmitter({ ownJobId: jobEnv.AWS_BATCH_JOB_ID }) : undefined);
      if (submitter === undefined) throw new UsageError('round ready but not on AWS Batch (no AWS_BATCH_JOB_ID): use --local to run the rounds here');
      const jobs = await submitter.submitRound({ runId, specUri: args.spec, round: next.round, shardCount: next.shardCount });
      log(JSON.stringify({ job: 'strategy-discovery', mode: 'step', submitted: next, ...jobs }));
    }
    return EXIT.ok;
  } catch (error) {
    await fail(args.mode === 'shard' ? `round ${args.round ?? 0} shard ${jobEnv.AWS_BATCH_JOB_ARRAY_INDEX ?? 0}: ${messageOf(error)}` : messageOf(error));
    return error instanceof UsageError ? EXIT.usage : EXIT.failed;
  }
}

async function openRun(specUri: string, env: StrategyDiscoveryEnv, initSpec: string | undefined): Promise<Run> {
  const location = runLocation(specUri);
  if (initSpec !== undefined && !(await location.store.list(location.specKey)).includes(location.specKey)) {
    let json: unknown;
    try {
      json = JSON.parse(initSpec);
    } catch (error) {
      throw new UsageError(`--init-spec is not JSON: ${messageOf(error)}`);
    }
    const init = DiscoverySpecV1.safeParse(json);
    if (!init.success) throw new UsageError(`--init-spec: ${init.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    // Stored with the defaults filled in, as the control API stores a posted spec.
    await location.store.put(location.specKey, JSON.stringify(init.data), 'application/json');
  }
  const text = await readText(location.store, location.specKey);
  if (text === undefined) throw new UsageError(`no spec at ${location.describe(location.specKey)}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${location.describe(location.specKey)} is not JSON: ${messageOf(error)}`);
  }
  const parsed = DiscoverySpecV1.safeParse(json);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
  const spec = parsed.data;
  const sources = {
    dataDir: env.TRADELOOP_DATA_DIR ?? DEFAULT_DATA_DIR,
    ...(env.TRADELOOP_DATA_LAKE_BUCKET !== undefined ? { lake: new S3ObjectStore({ bucket: env.TRADELOOP_DATA_LAKE_BUCKET }) } : {}),
  };
  if (spec.symbols !== undefined) {
    // A portfolio universe: every symbol's bars, planned as `tradeloop discover --symbols A,B` plans them.
    const { universe, files } = await loadDiscoveryUniverse(spec, sources);
    return { location, spec, plan: planUniverseDiscovery(universe, discoveryConfigOf(spec)), files };
  }
  const { bars, files } = await loadDiscoveryBars(spec, sources);
  return { location, spec, plan: planDiscovery(spec.symbol, bars, discoveryConfigOf(spec)), files };
}

async function readJson(location: RunLocation, key: string): Promise<unknown> {
  const text = await readText(location.store, key);
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}

/** Every stored round, each checked complete and exact; stops at the first round with no candidates file. */
async function answeredRounds(run: Run): Promise<CandidateEvaluation[][]> {
  const { location } = run;
  const prefix = location.runPrefix;
  const answered: CandidateEvaluation[][] = [];
  // One listing of every round's files (cheaper than probing S3 key by key).
  const stored = await location.store.list(discoveryRunLayout.roundsPrefix(prefix));
  const present = new Set(stored);
  for (let r = 0; ; r += 1) {
    if (!present.has(discoveryRunLayout.round(prefix, r))) return answered;
    const round = DiscoveryRoundV1.parse(await readJson(location, discoveryRunLayout.round(prefix, r)));
    const keys = stored.filter((k) => discoveryShardIndexOf(prefix, r, k) !== undefined);
    const shards = [];
    for (const key of keys) {
      const parsed = DiscoveryShardResultV1.safeParse(await readJson(location, key));
      if (!parsed.success) throw new DiscoveryShardError(`${location.describe(key)} is not a DiscoveryShardResultV1: ${parsed.error.issues[0]?.message ?? ''}`);
      if (parsed.data.round !== r || parsed.data.shard !== discoveryShardIndexOf(prefix, r, key)) throw new DiscoveryShardError(`${location.describe(key)} holds round ${parsed.data.round} shard ${parsed.data.shard}`);
      shards.push({ shard: parsed.data.shard, evaluations: parsed.data.evaluations.map(decodeEvaluation) });
    }
    answered.push(collectRound(round.candidates.map((c) => ({ ...c, family: c.family as DiscoveryFamily })), shards, round.shardCount));
  }
}

/**
 * One coordinator step: the next round (its candidates written) or, with the search over, the result written
 * and the run marked succeeded (undefined).
 */
async function step(run: Run, env: StrategyDiscoveryEnv, runs: DiscoveryRunStore | undefined, runId: string | undefined, log: Log): Promise<{ readonly round: number; readonly shardCount: number } | undefined> {
  const { location, spec, plan } = run;
  const prefix = location.runPrefix;
  const answered = await answeredRounds(run);
  const replay = replayDiscovery(plan, answered);
  if (replay.kind === 'pending') {
    // Fewer candidates than shards leaves some shards empty; they still write their (empty) file.
    const round: DiscoveryRoundV1 = {
      schema: 'DiscoveryRoundV1',
      round: replay.round,
      shardCount: spec.shards,
      candidates: replay.requests.map((r) => ({ family: r.family, params: { ...r.params }, key: r.key })),
    };
    const key = discoveryRunLayout.round(prefix, replay.round);
    await location.store.put(key, JSON.stringify(round), 'application/json');
    log(JSON.stringify({ job: 'strategy-discovery', mode: 'step', round: replay.round, candidates: round.candidates.length, shards: spec.shards, wrote: location.describe(key) }));
    return { round: replay.round, shardCount: spec.shards };
  }
  const summary = summarizeDiscovery(replay.result, replay.rounds);
  const codeVersion = `src-${(await sourceHash([join(PROJECT_ROOT, 'layers', 'core'), HERE], PROJECT_ROOT)).slice(0, 16)}${env.TRADELOOP_CODE_VERSION !== undefined ? `+${env.TRADELOOP_CODE_VERSION}` : ''}`;
  const provenance = { codeVersion, dataFiles: run.files, seed: spec.seed, config: spec, rounds: replay.rounds, gates: 'DEFAULT_PROMOTION_GATES' };
  const key = discoveryRunLayout.result(prefix);
  await location.store.put(key, resultJson({ schema: 'DiscoveryRunResultV1', ...(runId === undefined ? {} : { runId }), provenance, summary, result: replay.result }), 'application/json');
  if (runs !== undefined && runId !== undefined) await runs.markSucceeded(runId, summary, Date.now());
  log(JSON.stringify({ job: 'strategy-discovery', mode: 'step', done: true, rounds: replay.rounds, trials: summary.trials, promoted: summary.promoted, wrote: location.describe(key) }));
  return undefined;
}

/** Evaluates shard `index` of round `round` and writes its file. */
async function runShard(run: Run, round: number, index: number, arraySize: number | undefined, log: Log): Promise<void> {
  const started = Date.now();
  const { location, plan } = run;
  const prefix = location.runPrefix;
  const raw = await readJson(location, discoveryRunLayout.round(prefix, round));
  if (raw === undefined) throw new UsageError(`round ${round} has no candidates file`);
  const parsed = DiscoveryRoundV1.parse(raw);
  if (arraySize !== undefined && arraySize !== parsed.shardCount) throw new UsageError(`the array has ${arraySize} children but round ${round} has ${parsed.shardCount} shards`);
  if (index >= parsed.shardCount) throw new UsageError(`shard index ${index} is outside 0..${parsed.shardCount - 1}`);
  const { start, end } = shardBounds(parsed.candidates.length, parsed.shardCount, index);
  const evaluate = candidateEvaluator(plan);
  const evaluations = parsed.candidates.slice(start, end).map((c) => encodeEvaluation(evaluate({ ...c, family: c.family as DiscoveryFamily })));
  const result: DiscoveryShardResultV1 = { schema: 'DiscoveryShardResultV1', round, shard: index, shardCount: parsed.shardCount, evaluations };
  const key = discoveryRunLayout.shard(prefix, round, index);
  await location.store.put(key, JSON.stringify(result), 'application/json');
  log(JSON.stringify({ job: 'strategy-discovery', mode: 'shard', round, shard: index, of: parsed.shardCount, candidates: evaluations.length, ms: Date.now() - started, wrote: location.describe(key) }));
}

/**
 * A round's shards on this machine: in this process with one worker, else each shard a child process running
 * main.ts exactly as a Batch array child does (AWS_BATCH_JOB_ARRAY_INDEX/SIZE set), at most `workers` at a time.
 */
async function runRoundLocally(run: Run, round: number, shardCount: number, workers: number, spec: string, env: Env, log: Log): Promise<void> {
  if (workers <= 1) {
    for (let i = 0; i < shardCount; i += 1) await runShard(run, round, i, undefined, log);
    return;
  }
  const failures: string[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < shardCount && failures.length === 0) {
      const index = next;
      next += 1;
      const code = await runChildShard(spec, round, index, shardCount, env, log);
      if (code !== 0) failures.push(`round ${round} shard ${index} exited with code ${code}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, shardCount) }, lane));
  if (failures.length > 0) throw new Error(failures.join('; '));
}

function runChildShard(spec: string, round: number, index: number, size: number, env: Env, log: Log): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', DISCOVERY_MAIN, '--spec', spec, '--mode', 'shard', '--round', String(round)], {
      cwd: PROJECT_ROOT,
      // No run id: the parent owns the run record; a child's failure reaches it through the exit code.
      env: { ...env, TRADELOOP_DISCOVERY_RUN_ID: undefined, AWS_BATCH_JOB_ARRAY_INDEX: String(index), AWS_BATCH_JOB_ARRAY_SIZE: String(size) },
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    let buffered = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') log(`[round ${round} shard ${index}] ${line}`);
    });
    child.on('error', (error) => {
      log(`[round ${round} shard ${index}] could not start: ${error.message}`);
      resolve(-1);
    });
    child.on('close', (code, signal) => {
      if (buffered.trim() !== '') log(`[round ${round} shard ${index}] ${buffered}`);
      resolve(code ?? (signal !== null ? 128 : -1));
    });
  });
}
