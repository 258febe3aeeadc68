import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BacktestLaunch, LaunchState } from '../../core/sweep/runs';

/** The repository root: job entry points are resolved against it and the jobs run in it. */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** How the local runtime starts a Batch job's entry point as a child process. */
export interface LocalJobOptions {
  /** Environment of the job (the stand-in endpoints, TRADELOOP_BACKTEST_RUNS_TABLE, …). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Child processes the job runs its shards in (`--workers`). */
  readonly workers: number;
  /** Where the job's log lines go (default: dropped). */
  readonly log?: (line: string) => void;
}

interface Tracked {
  readonly child: ChildProcess;
  exitCode: number | null;
  /** The last lines the job logged, for the failure reason. */
  tail: string[];
}

/**
 * The local stand-in for AWS Batch, for one job (the sweep, the discovery): one detached child process per run
 * running the job's entry point with tsx in `--local --workers N` mode. The job moves its run record itself
 * (running → succeeded | failed), as the Batch jobs do; `state` reports a job that died without doing so.
 * Each job keeps its own set of processes, so a shutdown or a launch count sees only that job's runs.
 */
export class LocalJobProcesses {
  /** Every run of this job started by this process, by pid, so status reads and shutdown can find them. */
  private readonly tracked = new Map<number, Tracked>();

  /** `job` names the job in failure reasons ("the sweep job exited with code 1: …"). */
  constructor(
    private readonly job: string,
    private readonly entry: string,
  ) {}

  start(request: { readonly runId: string; readonly specUri: string }, options: LocalJobOptions): Promise<BacktestLaunch> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', this.entry, '--local', '--workers', String(options.workers), '--spec', request.specUri, '--run-id', request.runId],
      // Its own process group, so shutdown can stop the job and the shard processes it started.
      { cwd: PROJECT_ROOT, env: { ...options.env }, stdio: ['ignore', 'ignore', 'pipe'], detached: true },
    );
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', () => {
        const pid = child.pid;
        if (pid === undefined) {
          reject(new Error(`the ${this.job} job process has no pid`));
          return;
        }
        const entry: Tracked = { child, exitCode: null, tail: [] };
        this.tracked.set(pid, entry);
        child.stderr?.setEncoding('utf8');
        child.stderr?.on('data', (chunk: string) => {
          for (const line of chunk.split('\n').filter((l) => l.trim() !== '')) {
            options.log?.(`[${request.runId}] ${line}`);
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

  state(launch: BacktestLaunch): Promise<LaunchState> {
    if (launch.kind !== 'local' || launch.host !== hostname()) return Promise.resolve({ kind: 'unknown' });
    const entry = this.tracked.get(launch.pid);
    if (entry === undefined) return Promise.resolve({ kind: 'unknown' });
    if (entry.exitCode === null) return Promise.resolve({ kind: 'active' });
    if (entry.exitCode === 0) return Promise.resolve({ kind: 'finished' });
    return Promise.resolve({ kind: 'failed', reason: `the ${this.job} job exited with code ${entry.exitCode}: ${entry.tail.at(-1) ?? 'no output'}` });
  }

  /** Stops every run of this job and waits for them (the local runtime's shutdown). */
  async stopAll(): Promise<void> {
    await Promise.all(
      [...this.tracked.values()].map(
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
    this.tracked.clear();
  }

  /** Pids of this job's runs, oldest first (tests count launches with it). */
  pids(): readonly number[] {
    return [...this.tracked.keys()];
  }

  /** Resolves when the run with this pid has exited (tests). */
  exited(pid: number): Promise<number | null> {
    const entry = this.tracked.get(pid);
    if (entry === undefined || entry.exitCode !== null) return Promise.resolve(entry?.exitCode ?? null);
    return new Promise((resolve) => entry.child.once('close', () => resolve(entry.exitCode)));
  }
}
