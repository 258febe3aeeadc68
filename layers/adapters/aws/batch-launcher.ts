import { BatchClient, DescribeJobsCommand, SubmitJobCommand } from '@aws-sdk/client-batch';
import type { BacktestLaunch, BacktestLauncher, LaunchRequest, LaunchState } from '../../core/sweep/runs';

export interface BatchBacktestLauncherOptions {
  /** ARN (or name) of the GPU job queue. */
  readonly jobQueue: string;
  /** ARN of the backtest-sweep job definition (its command is `--mode Ref::mode --spec Ref::spec`). */
  readonly jobDefinition: string;
  readonly client?: BatchClient;
}

/**
 * Starts a sweep on AWS Batch: the shards as one array job (arrayProperties.size = shard count; a
 * sweep of one shard is a plain job, since Batch arrays have 2..10 000 children), then the reducer
 * as a job that depends on it. The dependency is a plain job dependency on the array's id, not
 * N_TO_N: N_TO_N pairs child i of one array with child i of another, while the reducer is a single
 * job that must wait for every child. Batch starts it only when all children succeeded and fails it
 * by itself when any child failed (AWS Batch User Guide, "Job dependencies" and "Array jobs").
 * The run id goes in as an environment override (Batch parameters have no empty default) and in the
 * job names; no tags, which would need batch:TagResource as well.
 */
export class BatchBacktestLauncher implements BacktestLauncher {
  private readonly client: BatchClient;

  constructor(private readonly options: BatchBacktestLauncherOptions) {
    this.client = options.client ?? new BatchClient({});
  }

  async launch(request: LaunchRequest): Promise<BacktestLaunch> {
    const environment = [{ name: 'TRADELOOP_BACKTEST_RUN_ID', value: request.runId }];
    const shards = await this.client.send(
      new SubmitJobCommand({
        jobName: `${request.runId}-shards`,
        jobQueue: this.options.jobQueue,
        jobDefinition: this.options.jobDefinition,
        parameters: { mode: 'shard', spec: request.specUri },
        containerOverrides: { environment },
        ...(request.shardCount > 1 ? { arrayProperties: { size: request.shardCount } } : {}),
      }),
    );
    if (shards.jobId === undefined) throw new Error('Batch SubmitJob returned no job id for the shards');
    const reducer = await this.client.send(
      new SubmitJobCommand({
        jobName: `${request.runId}-reduce`,
        jobQueue: this.options.jobQueue,
        jobDefinition: this.options.jobDefinition,
        parameters: { mode: 'reduce', spec: request.specUri },
        containerOverrides: { environment },
        dependsOn: [{ jobId: shards.jobId }],
      }),
    );
    if (reducer.jobId === undefined) throw new Error('Batch SubmitJob returned no job id for the reducer');
    return { kind: 'batch', shardJobId: shards.jobId, reducerJobId: reducer.jobId };
  }

  /** FAILED on either job → failed with Batch's reason; reducer SUCCEEDED → finished; jobs Batch no longer knows → unknown. */
  async state(launch: BacktestLaunch): Promise<LaunchState> {
    if (launch.kind !== 'batch') return { kind: 'unknown' };
    const { jobs = [] } = await this.client.send(new DescribeJobsCommand({ jobs: [launch.shardJobId, launch.reducerJobId] }));
    const shards = jobs.find((j) => j.jobId === launch.shardJobId);
    const reducer = jobs.find((j) => j.jobId === launch.reducerJobId);
    if (shards?.status === 'FAILED') return { kind: 'failed', reason: `shard job ${launch.shardJobId} failed: ${shards.statusReason ?? 'no reason given'}` };
    if (reducer?.status === 'FAILED') return { kind: 'failed', reason: `reducer job ${launch.reducerJobId} failed: ${reducer.statusReason ?? 'no reason given'}` };
    if (reducer?.status === 'SUCCEEDED') return { kind: 'finished' };
    if (shards === undefined && reducer === undefined) return { kind: 'unknown' };
    return { kind: 'active' };
  }
}
