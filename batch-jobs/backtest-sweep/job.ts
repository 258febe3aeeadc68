import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { S3ObjectStore } from '../../layers/adapters/aws/objects';
import { DynamoBacktestRunStore } from '../../layers/adapters/aws/dynamo/backtest-runs';
import { BacktestRequestV1, backtestAsSweep, SweepShardResultV1, type SweepResultV1, type SweepShardResultV1 as ShardResult } from '../../layers/contracts/sweep';
import {
  planSweep,
  reduceShards,
  runShard,
  shardSymbols,
  summarizeSweep,
  sweepRunLayout,
  SweepSpecError,
  type BacktestRunStore,
  type SweepPlan,
} from '../../layers/core/sweep';
import { BacktestSweepEnv, parseBacktestSweepArgs, type BacktestSweepArgs } from './args';
import { loadSweepBars } from './bars';
import { readText, runLocation, type RunLocation } from './storage';

type Env = Readonly<Record<string, string | undefined>>;
type Log = (line: string) => void;

/** This file's folder and the repository root (main.ts for child processes, data/ for shipped bars). */
const HERE = dirname(fileURLToPath(import.meta.url));
export const SWEEP_MAIN = join(HERE, 'main.ts');
const PROJECT_ROOT = join(HERE, '..', '..');
const DEFAULT_DATA_DIR = join(PROJECT_ROOT, 'data');

/** Exit codes: 0 done, 1 the sweep failed (data, a shard, the reduction), 2 bad arguments, environment or spec. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

class UsageError extends Error {}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The `backtest-sweep` job. `--mode shard` (Batch array child): runs shard AWS_BATCH_JOB_ARRAY_INDEX
 * of the spec and writes `shards/<i>.json` next to it. `--mode reduce` (the dependent job): checks
 * that every shard is there once and writes the ranked `result.json`. `--local [--workers N]`: both,
 * on this machine, shards in N child processes (each exactly what a Batch child runs). With
 * `--run-id` and TRADELOOP_BACKTEST_RUNS_TABLE the run record follows (running, succeeded, failed).
 */
export async function runBacktestSweep(argv: readonly string[], env: Env, log: Log): Promise<number> {
  let args: BacktestSweepArgs;
  let jobEnv: BacktestSweepEnv;
  try {
    args = parseBacktestSweepArgs(argv);
    jobEnv = BacktestSweepEnv.parse(env);
  } catch (error) {
    log(`backtest-sweep: invalid arguments or environment: ${messageOf(error)}`);
    return EXIT.usage;
  }
  args = { ...args, ...(args.runId === undefined && jobEnv.TRADELOOP_BACKTEST_RUN_ID !== undefined ? { runId: jobEnv.TRADELOOP_BACKTEST_RUN_ID } : {}) };
  const runs: BacktestRunStore | undefined =
    args.runId !== undefined && jobEnv.TRADELOOP_BACKTEST_RUNS_TABLE !== undefined ? new DynamoBacktestRunStore(jobEnv.TRADELOOP_BACKTEST_RUNS_TABLE) : undefined;
  const fail = async (reason: string): Promise<void> => {
    log(`backtest-sweep: ${reason}`);
    if (runs !== undefined && args.runId !== undefined) await runs.markFailed(args.runId, reason, Date.now()).catch((e: unknown) => log(`backtest-sweep: could not record the failure: ${messageOf(e)}`));
  };

  let location: RunLocation;
  let plan: SweepPlan;
  try {
    location = runLocation(args.spec);
    plan = await readPlan(location);
  } catch (error) {
    const usage = error instanceof UsageError || error instanceof SweepSpecError;
    await fail(`${usage ? 'bad spec' : 'cannot read the spec'}: ${messageOf(error)}`);
    return usage ? EXIT.usage : EXIT.failed;
  }

  try {
    if (args.local) return await runLocally(plan, location, args, jobEnv, env, runs, log);
    if (args.mode === 'reduce') {
      await reduce(plan, location, runs, args.runId, log);
      return EXIT.ok;
    }
    const index = jobEnv.AWS_BATCH_JOB_ARRAY_INDEX ?? 0;
    if (jobEnv.AWS_BATCH_JOB_ARRAY_SIZE !== undefined && jobEnv.AWS_BATCH_JOB_ARRAY_SIZE !== plan.shardCount) {
      await fail(`the array has ${jobEnv.AWS_BATCH_JOB_ARRAY_SIZE} children but the spec has ${plan.shardCount} shards`);
      return EXIT.usage;
    }
    if (index >= plan.shardCount) {
      await fail(`shard index ${index} is outside 0..${plan.shardCount - 1}`);
      return EXIT.usage;
    }
    if (jobEnv.AWS_BATCH_JOB_ARRAY_INDEX === undefined && plan.shardCount > 1) {
      // Not an array child: this runs shard 0 only, which is what a single job of an N-shard spec means.
      log(`backtest-sweep: AWS_BATCH_JOB_ARRAY_INDEX is not set; running shard 0 of ${plan.shardCount} (use --local to run them all here)`);
    }
    if (runs !== undefined && args.runId !== undefined) await runs.markRunning(args.runId, Date.now());
    await runOneShard(plan, index, location, jobEnv, log);
    return EXIT.ok;
  } catch (error) {
    await fail(args.mode === 'reduce' || args.local ? messageOf(error) : `shard ${jobEnv.AWS_BATCH_JOB_ARRAY_INDEX ?? 0}: ${messageOf(error)}`);
    return EXIT.failed;
  }
}

async function readPlan(location: RunLocation): Promise<SweepPlan> {
  const text = await readText(location.store, location.specKey);
  if (text === undefined) throw new UsageError(`no spec at ${location.describe(location.specKey)}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${location.describe(location.specKey)} is not JSON: ${messageOf(error)}`);
  }
  const parsed = BacktestRequestV1.safeParse(json);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
  return planSweep(parsed.data.schema === 'BacktestSpecV1' ? backtestAsSweep(parsed.data) : parsed.data);
}

async function runOneShard(plan: SweepPlan, index: number, location: RunLocation, env: BacktestSweepEnv, log: Log): Promise<ShardResult> {
  const started = Date.now();
  const symbols = shardSymbols(plan, index);
  const bars = await loadSweepBars(plan.spec, symbols, {
    dataDir: env.TRADELOOP_DATA_DIR ?? DEFAULT_DATA_DIR,
    ...(env.TRADELOOP_DATA_LAKE_BUCKET !== undefined ? { lake: new S3ObjectStore({ bucket: env.TRADELOOP_DATA_LAKE_BUCKET }) } : {}),
  });
  const shard = runShard(plan, index, (symbol) => bars.get(symbol) ?? []);
  const key = sweepRunLayout.shard(location.runPrefix, index);
  await location.store.put(key, JSON.stringify(shard), 'application/json');
  log(JSON.stringify({ job: 'backtest-sweep', mode: 'shard', shard: index, of: plan.shardCount, cases: shard.rows.length, symbols, engine: plan.spec.engine, ms: Date.now() - started, wrote: location.describe(key) }));
  return shard;
}

async function reduce(plan: SweepPlan, location: RunLocation, runs: BacktestRunStore | undefined, runId: string | undefined, log: Log): Promise<SweepResultV1> {
  const prefix = sweepRunLayout.shardsPrefix(location.runPrefix);
  const keys = (await location.store.list(prefix)).filter((key) => sweepRunLayout.shardIndexOf(location.runPrefix, key) !== undefined);
  const shards: ShardResult[] = [];
  for (const key of keys) {
    const text = await readText(location.store, key);
    if (text === undefined) continue;
    const parsed = SweepShardResultV1.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`${location.describe(key)} is not a SweepShardResultV1: ${parsed.error.issues[0]?.message ?? ''}`);
    shards.push(parsed.data);
  }
  const result = reduceShards(plan, shards);
  const key = sweepRunLayout.result(location.runPrefix);
  await location.store.put(key, JSON.stringify(result), 'application/json');
  const summary = summarizeSweep(result);
  if (runs !== undefined && runId !== undefined) await runs.markSucceeded(runId, summary, Date.now());
  log(JSON.stringify({ job: 'backtest-sweep', mode: 'reduce', shards: plan.shardCount, cases: result.caseCount, best: summary.best, wrote: location.describe(key) }));
  return result;
}

/**
 * All shards on this machine, then the reduction. With one worker the shards run in this process;
 * with more, each shard is a child process running main.ts exactly as a Batch array child does
 * (AWS_BATCH_JOB_ARRAY_INDEX/SIZE set), at most `workers` at a time: processes rather than threads
 * because the event engine is single-threaded and each shard loads its own data.
 */
async function runLocally(plan: SweepPlan, location: RunLocation, args: BacktestSweepArgs, jobEnv: BacktestSweepEnv, env: Env, runs: BacktestRunStore | undefined, log: Log): Promise<number> {
  const workers = Math.min(args.workers ?? availableParallelism(), plan.shardCount);
  const started = Date.now();
  if (runs !== undefined && args.runId !== undefined) await runs.markRunning(args.runId, Date.now());
  if (workers <= 1) {
    for (let i = 0; i < plan.shardCount; i += 1) await runOneShard(plan, i, location, jobEnv, log);
  } else {
    const failures: string[] = [];
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < plan.shardCount && failures.length === 0) {
        const index = next;
        next += 1;
        const code = await runChildShard(args.spec, index, plan.shardCount, env, log);
        if (code !== 0) failures.push(`shard ${index} exited with code ${code}`);
      }
    };
    await Promise.all(Array.from({ length: workers }, lane));
    if (failures.length > 0) throw new Error(failures.join('; '));
  }
  await reduce(plan, location, runs, args.runId, log);
  log(JSON.stringify({ job: 'backtest-sweep', mode: 'local', shards: plan.shardCount, workers, ms: Date.now() - started }));
  return EXIT.ok;
}

/** One shard as a child process; its log lines are passed on prefixed with the shard. */
function runChildShard(spec: string, index: number, size: number, env: Env, log: Log): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SWEEP_MAIN, '--spec', spec, '--mode', 'shard'], {
      cwd: PROJECT_ROOT,
      // No --run-id: the parent owns the run record, a child's failure reaches it through the exit code.
      env: { ...env, TRADELOOP_BACKTEST_RUN_ID: undefined, AWS_BATCH_JOB_ARRAY_INDEX: String(index), AWS_BATCH_JOB_ARRAY_SIZE: String(size) },
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    let buffered = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') log(`[shard ${index}] ${line}`);
    });
    child.on('error', (error) => {
      log(`[shard ${index}] could not start: ${error.message}`);
      resolve(-1);
    });
    child.on('close', (code, signal) => {
      if (buffered.trim() !== '') log(`[shard ${index}] ${buffered}`);
      resolve(code ?? (signal !== null ? 128 : -1));
    });
  });
}
