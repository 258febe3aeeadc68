import { join } from 'node:path';
import type { DiscoveryLauncher } from '../../core/discovery/runs';
import type { BacktestLaunch, LaunchState } from '../../core/sweep/runs';
import { LocalJobProcesses, PROJECT_ROOT, type LocalJobOptions } from './local-job-processes';

/** The discovery job's entry point: the same module the Batch image runs. */
export const DISCOVERY_JOB_ENTRY = join(PROJECT_ROOT, 'batch-jobs', 'strategy-discovery', 'main.ts');

/** Every discovery job this process started. */
const discoveryJobs = new LocalJobProcesses('discovery', DISCOVERY_JOB_ENTRY);

/**
 * The local stand-in for the Batch chain: one child process per run running the discovery job (every round
 * here, its shards in N further processes when N > 1). See LocalJobProcesses.
 */
export class ChildProcessDiscoveryLauncher implements DiscoveryLauncher {
  constructor(private readonly options: LocalJobOptions) {}

  launch(request: { readonly runId: string; readonly specUri: string }): Promise<BacktestLaunch> {
    return discoveryJobs.start(request, this.options);
  }

  state(launch: BacktestLaunch): Promise<LaunchState> {
    return discoveryJobs.state(launch);
  }
}

/** Stops every discovery job this process started and waits for them (the local runtime's shutdown). */
export const stopLocalDiscoveries = (): Promise<void> => discoveryJobs.stopAll();

/** Pids of the discovery jobs this process started, oldest first (tests count launches with it). */
export const localDiscoveryPids = (): readonly number[] => discoveryJobs.pids();

/** Resolves when the job with this pid has exited (tests). */
export const localDiscoveryExited = (pid: number): Promise<number | null> => discoveryJobs.exited(pid);
