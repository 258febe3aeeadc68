import { DescribeJobsCommand, SubmitJobCommand, type BatchClient } from '@aws-sdk/client-batch';
import { BatchDiscoveryLauncher, BatchRoundSubmitter } from '../../../../layers/adapters/aws/discovery-batch';

/** A BatchClient stand-in that records each command's input and answers from a script. */
function recordingClient(describe: { jobId: string; status?: string; statusReason?: string; jobQueue?: string; jobDefinition?: string }[] = []) {
  const sent: { name: string; input: Record<string, unknown> }[] = [];
  let next = 0;
  const client = {
    send(command: SubmitJobCommand | DescribeJobsCommand) {
      sent.push({ name: command.constructor.name, input: command.input as unknown as Record<string, unknown> });
      if (command instanceof SubmitJobCommand) {
        next += 1;
        return Promise.resolve({ jobId: `job-${next}`, jobName: command.input.jobName });
      }
      return Promise.resolve({ jobs: describe });
    },
  } as unknown as BatchClient;
  return { client, sent };
}

const QUEUE = 'arn:aws:batch:us-east-1:1:job-queue/Tradeloop-gpu-jobs';
const DEFINITION = 'arn:aws:batch:us-east-1:1:job-definition/Tradeloop-strategy-discovery:2';
const RUN = 'dr-0123456789abcdef01234567';
const SPEC = `s3://results/discovery/${RUN}/spec.json`;
const environment = [{ name: 'TRADELOOP_DISCOVERY_RUN_ID', value: RUN }];

describe('BatchDiscoveryLauncher', () => {
  it('submits only the first coordinator step, with the run id as an environment override', async () => {
    const { client, sent } = recordingClient();
    const launch = await new BatchDiscoveryLauncher({ jobQueue: QUEUE, jobDefinition: DEFINITION, client }).launch({ runId: RUN, specUri: SPEC });
    expect(launch).toEqual({ kind: 'batch', shardJobId: 'job-1', reducerJobId: 'job-1' });
    expect(sent).toEqual([
      { name: 'SubmitJobCommand', input: { jobName: `${RUN}-step-0`, jobQueue: QUEUE, jobDefinition: DEFINITION, parameters: { mode: 'step', spec: SPEC, round: '0' }, containerOverrides: { environment } } },
    ]);
  });

  it('reports a failed first step as failed with Batch’s reason, anything else as active', async () => {
    const failed = recordingClient([{ jobId: 'job-1', status: 'FAILED', statusReason: 'Essential container in task exited' }]);
    expect(await new BatchDiscoveryLauncher({ jobQueue: QUEUE, jobDefinition: DEFINITION, client: failed.client }).state({ kind: 'batch', shardJobId: 'job-1', reducerJobId: 'job-1' })).toEqual({
      kind: 'failed',
      reason: 'discovery step job-1 failed: Essential container in task exited',
    });
    // The first step succeeding says nothing about the rounds it started.
    const succeeded = recordingClient([{ jobId: 'job-1', status: 'SUCCEEDED' }]);
    expect(await new BatchDiscoveryLauncher({ jobQueue: QUEUE, jobDefinition: DEFINITION, client: succeeded.client }).state({ kind: 'batch', shardJobId: 'job-1', reducerJobId: 'job-1' })).toEqual({ kind: 'active' });
    const gone = recordingClient([]);
    expect(await new BatchDiscoveryLauncher({ jobQueue: QUEUE, jobDefinition: DEFINITION, client: gone.client }).state({ kind: 'batch', shardJobId: 'job-1', reducerJobId: 'job-1' })).toEqual({ kind: 'unknown' });
  });
});

describe('BatchRoundSubmitter', () => {
  it('finds its queue and job definition from its own job, then submits the round as an array and the next step depending on the whole array', async () => {
    const { client, sent } = recordingClient([{ jobId: 'self', jobQueue: QUEUE, jobDefinition: DEFINITION }]);
    const jobs = await new BatchRoundSubmitter({ ownJobId: 'self', client }).submitRound({ runId: RUN, specUri: SPEC, round: 2, shardCount: 4 });
    expect(jobs).toEqual({ shardJobId: 'job-1', stepJobId: 'job-2' });
    expect(sent).toEqual([
      { name: 'DescribeJobsCommand', input: { jobs: ['self'] } },
      {
        name: 'SubmitJobCommand',
        input: { jobName: `${RUN}-round-2`, jobQueue: QUEUE, jobDefinition: DEFINITION, parameters: { mode: 'shard', spec: SPEC, round: '2' }, containerOverrides: { environment }, arrayProperties: { size: 4 } },
      },
      {
        name: 'SubmitJobCommand',
        input: { jobName: `${RUN}-step-3`, jobQueue: QUEUE, jobDefinition: DEFINITION, parameters: { mode: 'step', spec: SPEC, round: '3' }, containerOverrides: { environment }, dependsOn: [{ jobId: 'job-1' }] },
      },
    ]);
  });

  it('submits a one-shard round as a plain job (Batch arrays have at least 2 children) and a nightly run without a run id', async () => {
    const { client, sent } = recordingClient([{ jobId: 'self', jobQueue: QUEUE, jobDefinition: DEFINITION }]);
    await new BatchRoundSubmitter({ ownJobId: 'self', client }).submitRound({ runId: undefined, specUri: SPEC, round: 0, shardCount: 1 });
    expect(sent[1]?.input).not.toHaveProperty('arrayProperties');
    expect(sent[1]?.input).toMatchObject({ jobName: 'discovery-round-0', containerOverrides: { environment: [] } });
  });

  it('refuses to submit when it cannot describe itself', async () => {
    const { client } = recordingClient([]);
    await expect(new BatchRoundSubmitter({ ownJobId: 'self', client }).submitRound({ runId: RUN, specUri: SPEC, round: 0, shardCount: 2 })).rejects.toThrow(/cannot describe this job/);
  });
});
