import { hostname } from 'node:os';
import { join } from 'node:path';
import { LocalJobProcesses } from '../../../../layers/adapters/process/local-job-processes';

/** The local stand-in for Batch against a stand-in job entry (a real child process under tsx). */
const ENTRY = join(__dirname, 'fixtures', 'stand-in-job.ts');

describe('LocalJobProcesses', () => {
  const jobs = new LocalJobProcesses('sweep', ENTRY);
  afterAll(() => jobs.stopAll());

  it('starts the entry with the run arguments, logs its lines under the run id, and reports a failed exit with its last line', async () => {
    const lines: string[] = [];
    const launch = await jobs.start({ runId: 'bt-1', specUri: 's3://r/backtests/bt-1/spec.json' }, { env: { ...process.env, STAND_IN_EXIT: '3' }, workers: 2, log: (l) => lines.push(l) });
    expect(launch).toEqual({ kind: 'local', pid: expect.any(Number), host: hostname() });
    if (launch.kind !== 'local') throw new Error('expected a local launch');
    expect(jobs.pids()).toContain(launch.pid);
    expect(await jobs.exited(launch.pid)).toBe(3);
    expect(lines).toEqual(['[bt-1] args --local --workers 2 --spec s3://r/backtests/bt-1/spec.json --run-id bt-1', '[bt-1] last words of exit 3']);
    expect(await jobs.state(launch)).toEqual({ kind: 'failed', reason: 'the sweep job exited with code 3: last words of exit 3' });
  }, 30_000);

  it('reports a clean exit as finished, and launches it does not know as unknown', async () => {
    const launch = await jobs.start({ runId: 'bt-2', specUri: 's3://r/spec.json' }, { env: { ...process.env, STAND_IN_EXIT: '0' }, workers: 1 });
    if (launch.kind !== 'local') throw new Error('expected a local launch');
    expect(await jobs.exited(launch.pid)).toBe(0);
    expect(await jobs.state(launch)).toEqual({ kind: 'finished' });
    expect(await jobs.state({ ...launch, host: `${hostname()}-elsewhere` })).toEqual({ kind: 'unknown' });
    expect(await jobs.state({ kind: 'batch', shardJobId: 's', reducerJobId: 'r' })).toEqual({ kind: 'unknown' });
    // Another job's processes are its own.
    expect(await new LocalJobProcesses('discovery', ENTRY).state(launch)).toEqual({ kind: 'unknown' });
  }, 30_000);

  it('stops a running job on shutdown and forgets it', async () => {
    const launch = await jobs.start({ runId: 'bt-3', specUri: 's3://r/spec.json' }, { env: { ...process.env, STAND_IN_EXIT: 'hang' }, workers: 1 });
    if (launch.kind !== 'local') throw new Error('expected a local launch');
    expect(await jobs.state(launch)).toEqual({ kind: 'active' });
    await jobs.stopAll();
    expect(jobs.pids()).toEqual([]);
    expect(await jobs.state(launch)).toEqual({ kind: 'unknown' });
  }, 30_000);
});
