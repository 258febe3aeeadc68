import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BacktestLaunch, BacktestLauncher, LaunchRequest, LaunchState } from '../../core/sweep/runs';

const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** The sweep job's entry point: the same module the Batch image runs. */
export const SWEEP_JOB_ENTRY = join(PROJECT_ROOT, 'batch-jobs', 'backtest-sweep', 'main.ts');

interface Tracked {
  readonly child: ChildProcess;
  exitCode: number | null;
  /** The last lines the job logged, for the failure reason. */
  tail: string[];
}

/** Every job this process started, by pid, so status reads and shutdown can find them. */
const tracked = new Map<number, Tracked>();

export interface ChildProcessLauncherOptions {
  /** Environment of the job (the stand-in endpoints, TRADELOOP_BACKTEST_RUNS_TABLE, …). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Child processes the job runs its shards in (`--workers`). */
  readonly workers: number;
  /** Where the job's log lines go (default: dropped). */
  readonly log?: (line: string) => void;
}

/**
 * The local stand-in for AWS Batch: one child process per run running the sweep job's entry point
 * with tsx in `--local --workers N` mode (shards in N further processes, then the reduction). The job
 * moves the run record itself (running → succeeded | failed), as the Batch jobs do; `state` reports a
 * job that died without doing so.
 */
export class ChildProcessBacktestLauncher implements BacktestLauncher {
  constructor(private readonly options: ChildProcessLauncherOptions) {}

  launch(request: LaunchRequest): Promise<BacktestLaunch> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', SWEEP_JOB_ENTRY, '--local', '--workers', String(this.options.workers), '--spec', request.specUri, '--run-id', request.runId],
      // Its own process group, so shutdown can stop the job and the shard processes it started.
      { cwd: PROJECT_ROOT, env: { ...this.options.env }, stdio: ['ignore', 'ignore', 'pipe'], detached: true },
    );
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', () => {
        const pid = child.pid;
        if (pid === undefined) {
          reject(new Error('the sweep job process has no pid'));
          return;
        }
        const entry: Tracked = { child, exitCode: null, tail: [] };
        tracked.set(pid, entry);
        child.stderr?.setEncoding('utf8');
        child.stderr?.on('data', (chunk: string) => {
          for (const line of chunk.split('\n').filter((l) => l.trim() !== '')) {
            this.options.log?.(`[${request.runId}] ${line}`);
            entry.tail = [...entry.tail.slice(-9), line];
          }
        });
        child.once('close', (code, signal) => {
          entry.exitCode = code ?? (signal !== null ? 128 : -1);
        });
        resolve({ kind: 'local', pid, host: hostname() });
      });
    });
  }

  async state(launch: BacktestLaunch): Promise<LaunchState> {
    if (launch.kind !== 'local' || launch.host !== hostname()) return { kind: 'unknown' };
    const entry = tracked.get(launch.pid);
    if (entry === undefined) return { kind: 'unknown' };
    if (entry.exitCode === null) return { kind: 'active' };
    if (entry.exitCode === 0) return { kind: 'finished' };
    return { kind: 'failed', reason: `the sweep job exited with code ${entry.exitCode}: ${entry.tail.at(-1) ?? 'no output'}` };
  }
}

/** Stops every sweep job this process started and waits for them (the local runtime's shutdown). */
export async function stopLocalBacktests(): Promise<void> {
  await Promise.all(
    [...tracked.values()].map(
      (entry) =>
        new Promise<void>((resolve) => {
          if (entry.exitCode !== null) {
            resolve();
            return;
          }
          entry.child.once('close', () => resolve());
          const pid = entry.child.pid;
          try {
            if (pid !== undefined) process.kill(-pid, 'SIGTERM');
          } catch {
            entry.child.kill('SIGTERM');
          }
        }),
    ),
  );
  tracked.clear();
}

/** Pids of the sweep jobs this process started, oldest first (tests count launches with it). */
export function localBacktestPids(): readonly number[] {
  return [...tracked.keys()];
}

/** Resolves when the job with this pid has exited (tests). */
export function localBacktestExited(pid: number): Promise<number | null> {
  const entry = tracked.get(pid);
  if (entry === undefined || entry.exitCode !== null) return Promise.resolve(entry?.exitCode ?? null);
  return new Promise((resolve) => entry.child.once('close', () => resolve(entry.exitCode)));
}
