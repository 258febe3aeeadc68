import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DiscoveryLauncher } from '../../core/discovery/runs';
import type { BacktestLaunch, LaunchState } from '../../core/sweep/runs';

const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** The discovery job's entry point: the same module the Batch image runs. */
export const DISCOVERY_JOB_ENTRY = join(PROJECT_ROOT, 'batch-jobs', 'strategy-discovery', 'main.ts');

interface Tracked {
  readonly child: ChildProcess;
  exitCode: number | null;
  tail: string[];
}

/** Every discovery job this process started, by pid. */
const tracked = new Map<number, Tracked>();

/**
 * The local stand-in for the Batch chain: one child process per run running the discovery job with
 * `--local --workers N` (every round here, its shards in N further processes when N > 1). The job moves the run
 * record itself; `state` reports a job that died without doing so. Same shape as the sweep's local launcher.
 */
export class ChildProcessDiscoveryLauncher implements DiscoveryLauncher {
  constructor(private readonly options: { readonly env: Readonly<Record<string, string | undefined>>; readonly workers: number; readonly log?: (line: string) => void }) {}

  launch(request: { readonly runId: string; readonly specUri: string }): Promise<BacktestLaunch> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', DISCOVERY_JOB_ENTRY, '--local', '--workers', String(this.options.workers), '--spec', request.specUri, '--run-id', request.runId],
      // Its own process group, so shutdown can stop the job and the shard processes it started.
      { cwd: PROJECT_ROOT, env: { ...this.options.env }, stdio: ['ignore', 'ignore', 'pipe'], detached: true },
    );
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', () => {
        const pid = child.pid;
        if (pid === undefined) {
          reject(new Error('the discovery job process has no pid'));
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
    return { kind: 'failed', reason: `the discovery job exited with code ${entry.exitCode}: ${entry.tail.at(-1) ?? 'no output'}` };
  }
}

/** Stops every discovery job this process started and waits for them (the local runtime's shutdown). */
export async function stopLocalDiscoveries(): Promise<void> {
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

/** Pids of the discovery jobs this process started, oldest first (tests count launches with it). */
export function localDiscoveryPids(): readonly number[] {
  return [...tracked.keys()];
}

/** Resolves when the job with this pid has exited (tests). */
export function localDiscoveryExited(pid: number): Promise<number | null> {
  const entry = tracked.get(pid);
  if (entry === undefined || entry.exitCode !== null) return Promise.resolve(entry?.exitCode ?? null);
  return new Promise((resolve) => entry.child.once('close', () => resolve(entry.exitCode)));
}
