import { BatchClient, DescribeJobsCommand, SubmitJobCommand } from '@aws-sdk/client-batch';
import type { DiscoveryLauncher, RoundSubmitter } from '../../core/discovery';
import type { BacktestLaunch, LaunchState } from '../../core/sweep/runs';

/**
 * Discovery on AWS Batch as a chain: the launcher submits the first coordinator `step` job; each step that finds a
 * round to evaluate submits that round's shards as an array job and the next step as a job depending on it
 * (a plain dependency on the array's id: Batch starts the step only when every child succeeded and fails it when
 * any child failed). The chain is not submitted up front because the number of rounds is only known as the
 * search runs (repeated genomes cost no budget, so generations are not budget / population).
 * The run id travels as an environment override, as for the sweep.
 */
export class BatchDiscoveryLauncher implements DiscoveryLauncher {
  private readonly client: BatchClient;

  constructor(private readonly options: { readonly jobQueue: string; readonly jobDefinition: string; readonly client?: BatchClient }) {
    this.client = options.client ?? new BatchClient({});
  }

  async launch(request: { readonly runId: string; readonly specUri: string }): Promise<BacktestLaunch> {
    const step = await this.client.send(
      new SubmitJobCommand({
        jobName: `${request.runId}-step-0`,
        jobQueue: this.options.jobQueue,
        jobDefinition: this.options.jobDefinition,
        parameters: { mode: 'step', spec: request.specUri, round: '0' },
        containerOverrides: { environment: [{ name: 'TRADELOOP_DISCOVERY_RUN_ID', value: request.runId }] },
      }),
    );
    if (step.jobId === undefined) throw new Error('Batch SubmitJob returned no job id for the first discovery step');
    // The record's launch shape is the sweep's: the first step stands in both places.
    return { kind: 'batch', shardJobId: step.jobId, reducerJobId: step.jobId };
  }

  /**
   * Only the first step is known here; later steps and shards record a failure on the run themselves (and a
   * failed array child fails the dependent step, which Batch then reports). FAILED → failed; anything else → active.
   */
  async state(launch: BacktestLaunch): Promise<LaunchState> {
    if (launch.kind !== 'batch') return { kind: 'unknown' };
    const { jobs = [] } = await this.client.send(new DescribeJobsCommand({ jobs: [launch.shardJobId] }));
    const first = jobs[0];
    if (first === undefined) return { kind: 'unknown' };
    if (first.status === 'FAILED') return { kind: 'failed', reason: `discovery step ${launch.shardJobId} failed: ${first.statusReason ?? 'no reason given'}` };
    return { kind: 'active' };
  }
}

/**
 * What a coordinator step running on Batch uses to fan out the next round: it describes its own job
 * (AWS_BATCH_JOB_ID) for the queue and job definition, so the job definition needs no reference to itself.
 */
export class BatchRoundSubmitter implements RoundSubmitter {
  private readonly client: BatchClient;

  constructor(private readonly options: { readonly ownJobId: string; readonly client?: BatchClient }) {
    this.client = options.client ?? new BatchClient({});
  }

  async submitRound(request: { readonly runId: string | undefined; readonly specUri: string; readonly round: number; readonly shardCount: number }): Promise<{ readonly shardJobId: string; readonly stepJobId: string }> {
    const { jobs = [] } = await this.client.send(new DescribeJobsCommand({ jobs: [this.options.ownJobId] }));
    const self = jobs[0];
    if (self?.jobQueue === undefined || self.jobDefinition === undefined) throw new Error(`cannot describe this job (${this.options.ownJobId}) to find its queue and job definition`);
    const environment = request.runId === undefined ? [] : [{ name: 'TRADELOOP_DISCOVERY_RUN_ID', value: request.runId }];
    const name = request.runId ?? 'discovery';
    const shards = await this.client.send(
      new SubmitJobCommand({
        jobName: `${name}-round-${request.round}`,
        jobQueue: self.jobQueue,
        jobDefinition: self.jobDefinition,
        parameters: { mode: 'shard', spec: request.specUri, round: String(request.round) },
        containerOverrides: { environment },
        // Batch arrays have 2..10 000 children: one shard is a plain job (no AWS_BATCH_JOB_ARRAY_INDEX → shard 0).
        ...(request.shardCount > 1 ? { arrayProperties: { size: request.shardCount } } : {}),
      }),
    );
    if (shards.jobId === undefined) throw new Error(`Batch SubmitJob returned no job id for round ${request.round}`);
    const step = await this.client.send(
      new SubmitJobCommand({
        jobName: `${name}-step-${request.round + 1}`,
        jobQueue: self.jobQueue,
        jobDefinition: self.jobDefinition,
        parameters: { mode: 'step', spec: request.specUri, round: String(request.round + 1) },
        containerOverrides: { environment },
        dependsOn: [{ jobId: shards.jobId }],
      }),
    );
    if (step.jobId === undefined) throw new Error(`Batch SubmitJob returned no job id for the step after round ${request.round}`);
    return { shardJobId: shards.jobId, stepJobId: step.jobId };
  }
}
