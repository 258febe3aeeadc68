import { join } from 'node:path';
import type { BacktestLaunch, BacktestLauncher, LaunchRequest, LaunchState } from '../../core/sweep/runs';
import { LocalJobProcesses, PROJECT_ROOT, type LocalJobOptions } from './local-job-processes';

/** The sweep job's entry point: the same module the Batch image runs. */
export const SWEEP_JOB_ENTRY = join(PROJECT_ROOT, 'batch-jobs', 'backtest-sweep', 'main.ts');

/** Options of the local sweep launcher (env, `--workers`, log). */
export type ChildProcessLauncherOptions = LocalJobOptions;

/** Every sweep job this process started. */
const sweepJobs = new LocalJobProcesses('sweep', SWEEP_JOB_ENTRY);

/**
 * The local stand-in for AWS Batch for backtests: one child process per run running the sweep job (shards in
 * N further processes, then the reduction). See LocalJobProcesses.
 */
export class ChildProcessBacktestLauncher implements BacktestLauncher {
  constructor(private readonly options: ChildProcessLauncherOptions) {}

  launch(request: LaunchRequest): Promise<BacktestLaunch> {
    return sweepJobs.start(request, this.options);
  }

  state(launch: BacktestLaunch): Promise<LaunchState> {
    return sweepJobs.state(launch);
  }
}

/** Stops every sweep job this process started and waits for them (the local runtime's shutdown). */
export const stopLocalBacktests = (): Promise<void> => sweepJobs.stopAll();

/** Pids of the sweep jobs this process started, oldest first (tests count launches with it). */
export const localBacktestPids = (): readonly number[] => sweepJobs.pids();

/** Resolves when the job with this pid has exited (tests). */
export const localBacktestExited = (pid: number): Promise<number | null> => sweepJobs.exited(pid);
