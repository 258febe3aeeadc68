import { DescribeJobsCommand, SubmitJobCommand, type BatchClient } from '@aws-sdk/client-batch';
import { BatchBacktestLauncher } from '../../../../layers/adapters/aws/batch-launcher';

/** A BatchClient stand-in that records each command's input and answers from a script. */
function recordingClient(describe: { jobId: string; status: string; statusReason?: string }[] = []) {
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

const options = { jobQueue: 'arn:aws:batch:us-east-1:1:job-queue/Tradeloop-gpu-jobs', jobDefinition: 'arn:aws:batch:us-east-1:1:job-definition/Tradeloop-backtest-sweep:3' };
const request = { runId: 'bt-0123456789abcdef01234567', specUri: 's3://results/backtests/bt-0123456789abcdef01234567/spec.json', shardCount: 3 };

describe('BatchBacktestLauncher', () => {
  it('submits the shards as an array job of the shard count, then a reducer that depends on the whole array', async () => {
    const { client, sent } = recordingClient();
    const launch = await new BatchBacktestLauncher({ ...options, client }).launch(request);
    expect(launch).toEqual({ kind: 'batch', shardJobId: 'job-1', reducerJobId: 'job-2' });
    const environment = [{ name: 'TRADELOOP_BACKTEST_RUN_ID', value: request.runId }];
    expect(sent).toEqual([
      {
        name: 'SubmitJobCommand',
        input: {
          jobName: `${request.runId}-shards`,
          jobQueue: options.jobQueue,
          jobDefinition: options.jobDefinition,
          parameters: { mode: 'shard', spec: request.specUri },
          containerOverrides: { environment },
          arrayProperties: { size: 3 },
        },
      },
      {
        name: 'SubmitJobCommand',
        input: {
          jobName: `${request.runId}-reduce`,
          jobQueue: options.jobQueue,
          jobDefinition: options.jobDefinition,
          parameters: { mode: 'reduce', spec: request.specUri },
          containerOverrides: { environment },
          // A plain dependency (no N_TO_N): the single reducer waits for every child of the array.
          dependsOn: [{ jobId: 'job-1' }],
        },
      },
    ]);
  });

  it('submits a one-shard sweep as a plain job (Batch arrays have 2 to 10 000 children)', async () => {
    const { client, sent } = recordingClient();
    await new BatchBacktestLauncher({ ...options, client }).launch({ ...request, shardCount: 1 });
    expect(sent[0]?.input).not.toHaveProperty('arrayProperties');
  });

  it('reads Batch job states: a failed array or reducer is a failure with its reason, a succeeded reducer is the end', async () => {
    const launch = { kind: 'batch', shardJobId: 's', reducerJobId: 'r' } as const;
    const state = (jobs: { jobId: string; status: string; statusReason?: string }[]) => new BatchBacktestLauncher({ ...options, client: recordingClient(jobs).client }).state(launch);
    expect(await state([{ jobId: 's', status: 'RUNNING' }, { jobId: 'r', status: 'PENDING' }])).toEqual({ kind: 'active' });
    expect(await state([{ jobId: 's', status: 'FAILED', statusReason: 'Array Child Job failed' }, { jobId: 'r', status: 'FAILED', statusReason: 'Dependent Job failed' }])).toEqual({
      kind: 'failed',
      reason: 'shard job s failed: Array Child Job failed',
    });
    expect(await state([{ jobId: 's', status: 'SUCCEEDED' }, { jobId: 'r', status: 'FAILED' }])).toEqual({ kind: 'failed', reason: 'reducer job r failed: no reason given' });
    expect(await state([{ jobId: 's', status: 'SUCCEEDED' }, { jobId: 'r', status: 'SUCCEEDED' }])).toEqual({ kind: 'finished' });
    expect(await state([])).toEqual({ kind: 'unknown' });
  });
});
