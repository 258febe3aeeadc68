import { ABANDONED_CLAIM_MS, type BacktestDeps } from '../../../functions/control-api/backtests';
import { routeControlRequest, type ControlDeps } from '../../../functions/control-api/routes';
import { DynamoBacktestRunStore } from '../../../layers/adapters/aws/dynamo/backtest-runs';
import { S3ObjectStore } from '../../../layers/adapters/aws/objects';
import { BacktestRunResponseV1, SweepSpecV1 } from '../../../layers/contracts';
import { backtestRunId, planSweep, type BacktestLaunch, type BacktestLauncher, type LaunchRequest, type LaunchState } from '../../../layers/core/sweep';
import { provisionLocalResources } from '../../../local/provision';
import { bodyOf, runApiControlDeps, runApiRequest } from './run-api-support';

/**
 * POST/GET /backtests through the router with the real run store (dynalite) and results bucket
 * (fauxqs S3); only the launcher is a recording fake, so "launched once" is counted exactly.
 */
class RecordingLauncher implements BacktestLauncher {
  readonly launches: LaunchRequest[] = [];
  failNext: string | undefined;
  state_: LaunchState = { kind: 'active' };
  launch(request: LaunchRequest): Promise<BacktestLaunch> {
    if (this.failNext !== undefined) {
      const reason = this.failNext;
      this.failNext = undefined;
      return Promise.reject(new Error(reason));
    }
    this.launches.push(request);
    return Promise.resolve({ kind: 'batch', shardJobId: `shards-${this.launches.length}`, reducerJobId: `reduce-${this.launches.length}` });
  }
  state(): Promise<LaunchState> {
    return Promise.resolve(this.state_);
  }
}

const request = runApiRequest;

const SWEEP = {
  schema: 'SweepSpecV1',
  strategy: 'sma-crossover',
  parameters: { kind: 'grid', values: { fast: [5, 10], slow: [20, 50] } },
  symbols: ['SPY'],
  period: { from: '2015-01-01', to: '2016-12-31' },
  data: { source: 'shipped' },
  shards: 2,
};

describe('POST/GET /backtests', () => {
  let bucket: string;
  let table: string;
  let clock: number;
  let launcher: RecordingLauncher;
  let deps: ControlDeps;
  let backtests: BacktestDeps;
  beforeAll(async () => {
    const resources = await provisionLocalResources({ prefix: `btapi${Date.now().toString(36)}-` });
    bucket = resources.buckets.results;
    table = resources.tables['backtest-runs'];
  });
  beforeEach(() => {
    clock = Date.UTC(2026, 10, 25, 12);
    launcher = new RecordingLauncher();
    backtests = {
      runs: new DynamoBacktestRunStore(table),
      results: new S3ObjectStore({ bucket }),
      resultsBucket: bucket,
      launcher,
      now: () => Promise.resolve(clock),
    };
    deps = runApiControlDeps(clock, { backtests: () => backtests });
  });
  // Each test uses its own seed so its run id (spec hash) is its own.
  const sweep = (seed: number, over: Record<string, unknown> = {}) => ({ ...SWEEP, seed, ...over });

  it('validates, stores the spec, claims the run and launches it once with the shard count', async () => {
    const post = await routeControlRequest(request('POST', '/backtests', sweep(101)), deps);
    expect(post.statusCode).toBe(202);
    const run = BacktestRunResponseV1.parse(bodyOf(post));
    expect(post.headers?.['location']).toBe(`/backtests/${run.runId}`);
    expect(run).toMatchObject({ status: 'queued', progress: { shardsDone: 0, shardsTotal: 2 }, specUri: `s3://${bucket}/backtests/${run.runId}/spec.json` });
    expect(launcher.launches).toEqual([{ runId: run.runId, specUri: run.specUri, shardCount: 2 }]);
    const stored = await backtests.results.get(`backtests/${run.runId}/spec.json`);
    expect(JSON.parse(new TextDecoder().decode(stored))).toEqual(SweepSpecV1.parse(sweep(101)));
    expect((await backtests.runs.get(run.runId))?.launch).toEqual({ kind: 'batch', shardJobId: 'shards-1', reducerJobId: 'reduce-1' });

    // The same spec again (no key): the same run, not a second launch.
    const again = await routeControlRequest(request('POST', '/backtests', { ...sweep(101), symbols: ['SPY'] }), deps);
    expect(again.statusCode).toBe(200);
    expect(bodyOf(again)['runId']).toBe(run.runId);
    expect(launcher.launches).toHaveLength(1);
  });

  it('honours an Idempotency-Key: retries and concurrent duplicates get one run and one launch; another spec under the key is a conflict', async () => {
    const headers = { 'Idempotency-Key': 'nightly-2026-11-25' };
    const answers = await Promise.all(Array.from({ length: 5 }, () => routeControlRequest(request('POST', '/backtests', sweep(102), headers), deps)));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 200, 200, 202]);
    expect(new Set(answers.map((a) => bodyOf(a)['runId'])).size).toBe(1);
    expect(launcher.launches).toHaveLength(1);
    const other = await routeControlRequest(request('POST', '/backtests', sweep(103), { 'idempotency-key': 'nightly-2026-11-25' }), deps);
    expect(other.statusCode).toBe(409);
    expect(bodyOf(other)).toMatchObject({ error: 'IdempotencyConflict' });
    expect(launcher.launches).toHaveLength(1);
    // A different key with the same spec is a different run.
    const fresh = await routeControlRequest(request('POST', '/backtests', sweep(102), { 'Idempotency-Key': 'nightly-2026-11-26' }), deps);
    expect(fresh.statusCode).toBe(202);
    expect(launcher.launches).toHaveLength(2);
  });

  it('answers 400 with the zod reason for a bad spec, and with the planner reason for a runnable-looking one', async () => {
    const bad = await routeControlRequest(request('POST', '/backtests', { ...sweep(104), symbols: ['spy'], period: { from: '2016-01-01', to: '2015-01-01' } }), deps);
    expect(bad.statusCode).toBe(400);
    expect(bodyOf(bad)).toMatchObject({ error: 'ValidationError' });
    expect(bodyOf(bad)['issues']).toEqual(
      expect.arrayContaining([
        { path: 'symbols.0', message: 'expected an upper-case ticker such as SPY' },
        { path: 'period.to', message: 'from must not be after to' },
      ]),
    );
    const refused = await routeControlRequest(request('POST', '/backtests', sweep(104, { parameters: { kind: 'list', sets: [{ fast: 50, slow: 20 }] }, shards: 1 })), deps);
    expect(refused.statusCode).toBe(400);
    expect(bodyOf(refused)['issues']).toEqual([{ path: 'parameters.sets.0', message: 'fast: fast window must be shorter than slow' }]);
    expect((await routeControlRequest(request('POST', '/backtests', '{not json'), deps)).statusCode).toBe(400);
    expect((await routeControlRequest(request('POST', '/backtests', sweep(104), { 'Idempotency-Key': '' }), deps)).statusCode).toBe(400);
    expect(launcher.launches).toHaveLength(0);
  });

  it('takes a single BacktestSpecV1 as a one-shard run', async () => {
    const single = { schema: 'BacktestSpecV1', strategy: 'price-cross-sma', params: { period: 20 }, symbols: ['SPY'], period: SWEEP.period, data: { source: 'shipped' }, engine: 'event' };
    const post = await routeControlRequest(request('POST', '/backtests', single), deps);
    expect(post.statusCode).toBe(202);
    expect(bodyOf(post)['progress']).toEqual({ shardsDone: 0, shardsTotal: 1 });
    expect(launcher.launches[0]?.shardCount).toBe(1);
  });

  it('marks a failed launch, and lets one retry launch it again', async () => {
    launcher.failNext = 'SubmitJob: AccessDenied';
    const failed = await routeControlRequest(request('POST', '/backtests', sweep(105)), deps);
    expect(failed.statusCode).toBe(502);
    expect(bodyOf(failed)).toMatchObject({ error: 'LaunchFailed', message: 'launch failed: SubmitJob: AccessDenied', run: { status: 'failed' } });
    const retried = await Promise.all([1, 2].map(() => routeControlRequest(request('POST', '/backtests', sweep(105)), deps)));
    expect(retried.map((r) => r.statusCode).sort()).toEqual([200, 202]);
    expect(launcher.launches).toHaveLength(1);
    const runId = String(bodyOf(failed)['run'] && (bodyOf(failed)['run'] as { runId: string }).runId);
    expect(await backtests.runs.get(runId)).toMatchObject({ status: 'queued', attempt: 2, launch: { kind: 'batch' } });
  });

  it('re-launches a claim abandoned before its launch, but not one still in progress', async () => {
    const spec = SweepSpecV1.parse(sweep(106));
    const runId = backtestRunId(spec);
    await backtests.runs.claim({
      runId, status: 'queued', specHash: planSweep(spec).specHash, specUri: 's3://x', runUri: 's3://x/', shardCount: 2, caseCount: 4, createdAt: clock, updatedAt: clock, attempt: 1,
    });
    expect((await routeControlRequest(request('POST', '/backtests', sweep(106)), deps)).statusCode).toBe(200);
    expect(launcher.launches).toHaveLength(0);
    clock += ABANDONED_CLAIM_MS + 1;
    expect((await routeControlRequest(request('POST', '/backtests', sweep(106)), deps)).statusCode).toBe(202);
    expect(launcher.launches).toHaveLength(1);
  });

  it('GET reports progress from the shard files, marks a run whose job failed, and 404s unknown ids', async () => {
    const post = bodyOf(await routeControlRequest(request('POST', '/backtests', sweep(107)), deps));
    const runId = String(post['runId']);
    await backtests.results.put(`backtests/${runId}/shards/1.json`, '{}');
    await backtests.results.put(`backtests/${runId}/shards/notes.txt`, 'x');
    const get = await routeControlRequest(request('GET', `/backtests/${runId}`), deps);
    expect(get.statusCode).toBe(200);
    expect(bodyOf(get)).toMatchObject({ runId, status: 'queued', progress: { shardsDone: 1, shardsTotal: 2 } });
    launcher.state_ = { kind: 'failed', reason: 'shard job shards-1 failed: Essential container in task exited' };
    const failed = await routeControlRequest(request('GET', `/backtests/${runId}`), deps);
    expect(bodyOf(failed)).toMatchObject({ status: 'failed', error: 'shard job shards-1 failed: Essential container in task exited' });
    expect((await routeControlRequest(request('GET', '/backtests/bt-ffffffffffffffffffffffff'), deps)).statusCode).toBe(404);
    expect((await routeControlRequest(request('GET', '/backtests/..%2Fetc'), deps)).statusCode).toBe(404);
  });

  it('answers 503 where no launcher is configured', async () => {
    const { backtests: _none, ...without } = deps;
    expect((await routeControlRequest(request('POST', '/backtests', sweep(108)), without)).statusCode).toBe(503);
  });
});
