import type { DiscoveryDeps } from '../../../functions/control-api/discovery';
import { routeControlRequest, type ControlDeps } from '../../../functions/control-api/routes';
import { DynamoDiscoveryRunStore } from '../../../layers/adapters/aws/dynamo/discovery-runs';
import { S3ObjectStore } from '../../../layers/adapters/aws/objects';
import { DiscoveryRunResponseV1 } from '../../../layers/contracts';
import type { DiscoveryLauncher } from '../../../layers/core/discovery/runs';
import type { BacktestLaunch, LaunchState } from '../../../layers/core/sweep';
import { provisionLocalResources } from '../../../local/provision';
import { bodyOf, runApiControlDeps, runApiRequest } from './run-api-support';

/**
 * POST/GET /discovery through the router with the real run store (dynalite) and results bucket (fauxqs S3);
 * the launcher is a recording fake. Pins the discovery run API's own answers (the shared run flow with the
 * discovery's names): Location, conflict, launch failure, a job that ended without a result, 404.
 */
class RecordingLauncher implements DiscoveryLauncher {
  readonly launches: { readonly runId: string; readonly specUri: string }[] = [];
  failNext: string | undefined;
  state_: LaunchState = { kind: 'active' };
  launch(request: { readonly runId: string; readonly specUri: string }): Promise<BacktestLaunch> {
    if (this.failNext !== undefined) {
      const reason = this.failNext;
      this.failNext = undefined;
      return Promise.reject(new Error(reason));
    }
    this.launches.push(request);
    return Promise.resolve({ kind: 'batch', shardJobId: `step-${this.launches.length}`, reducerJobId: `step-${this.launches.length}` });
  }
  state(): Promise<LaunchState> {
    return Promise.resolve(this.state_);
  }
}

const request = runApiRequest;

const SPEC = {
  schema: 'DiscoverySpecV1',
  symbol: 'SPY',
  families: ['donchian-breakout'],
  period: { from: '2015-01-01', to: '2016-12-31' },
  budget: 10,
  warmup: 100,
  testLength: 100,
  holdout: 0.1,
  shards: 2,
};

describe('POST/GET /discovery', () => {
  let bucket: string;
  let table: string;
  let clock: number;
  let launcher: RecordingLauncher;
  let deps: ControlDeps;
  let discovery: DiscoveryDeps;
  beforeAll(async () => {
    const resources = await provisionLocalResources({ prefix: `drapi${Date.now().toString(36)}-` });
    bucket = resources.buckets.results;
    table = resources.tables['backtest-runs'];
  });
  beforeEach(() => {
    clock = Date.UTC(2026, 10, 26, 3);
    launcher = new RecordingLauncher();
    discovery = { runs: new DynamoDiscoveryRunStore(table), results: new S3ObjectStore({ bucket }), resultsBucket: bucket, launcher, now: () => Promise.resolve(clock) };
    deps = runApiControlDeps(clock, { discovery: () => discovery });
  });
  // Each test uses its own seed so its run id (spec hash) is its own.
  const spec = (seed: number) => ({ ...SPEC, seed });

  it('answers 202 with the run and its Location, launches once, and answers a repeat with the same run', async () => {
    const post = await routeControlRequest(request('POST', '/discovery', spec(201)), deps);
    expect(post.statusCode).toBe(202);
    const run = DiscoveryRunResponseV1.parse(bodyOf(post));
    expect(post.headers?.['location']).toBe(`/discovery/${run.runId}`);
    // The answer's fields and their order are the API's.
    expect(Object.keys(bodyOf(post))).toEqual(['runId', 'status', 'progress', 'createdAt', 'updatedAt', 'specUri', 'resultUri']);
    expect(run).toMatchObject({ status: 'queued', progress: { rounds: 0, shardsDone: 0 }, specUri: `s3://${bucket}/discovery/${run.runId}/spec.json`, resultUri: `s3://${bucket}/discovery/${run.runId}/result.json` });
    expect(launcher.launches).toEqual([{ runId: run.runId, specUri: run.specUri }]);
    expect(await discovery.runs.get(run.runId)).toMatchObject({ shardCount: 2, caseCount: 10, attempt: 1, launch: { kind: 'batch', shardJobId: 'step-1' } });
    const again = await routeControlRequest(request('POST', '/discovery', spec(201)), deps);
    expect(again.statusCode).toBe(200);
    expect(bodyOf(again)['runId']).toBe(run.runId);
    expect(launcher.launches).toHaveLength(1);
  });

  it('answers another spec under a used Idempotency-Key with 409 naming a discovery, and a bad key with 400', async () => {
    const first = await routeControlRequest(request('POST', '/discovery', spec(202), { 'Idempotency-Key': 'nightly-discovery' }), deps);
    const runId = String(bodyOf(first)['runId']);
    const other = await routeControlRequest(request('POST', '/discovery', spec(203), { 'idempotency-key': 'nightly-discovery' }), deps);
    expect(other.statusCode).toBe(409);
    expect(bodyOf(other)).toEqual({
      error: 'IdempotencyConflict',
      message: `Idempotency-Key nightly-discovery was used for another spec (run ${runId}); use a new key for a new discovery`,
    });
    const badKey = await routeControlRequest(request('POST', '/discovery', spec(203), { 'Idempotency-Key': '' }), deps);
    expect(badKey.statusCode).toBe(400);
    expect(bodyOf(badKey)['issues']).toEqual([{ path: 'Idempotency-Key', message: 'expected 1 to 255 printable ASCII characters' }]);
    expect(launcher.launches).toHaveLength(1);
  });

  it('answers a failed launch with 502 and the failed run', async () => {
    launcher.failNext = 'SubmitJob: AccessDenied';
    const failed = await routeControlRequest(request('POST', '/discovery', spec(204)), deps);
    expect(failed.statusCode).toBe(502);
    expect(bodyOf(failed)).toMatchObject({ error: 'LaunchFailed', message: 'launch failed: SubmitJob: AccessDenied', run: { status: 'failed', error: 'launch failed: SubmitJob: AccessDenied' } });
  });

  it('GET counts rounds and shard files, marks a run whose job ended without a result, and 404s unknown ids', async () => {
    const runId = String(bodyOf(await routeControlRequest(request('POST', '/discovery', spec(205)), deps))['runId']);
    await discovery.results.put(`discovery/${runId}/rounds/0/candidates.json`, '{}');
    await discovery.results.put(`discovery/${runId}/rounds/0/shards/0.json`, '{}');
    await discovery.results.put(`discovery/${runId}/rounds/0/shards/1.json`, '{}');
    expect(bodyOf(await routeControlRequest(request('GET', `/discovery/${runId}`), deps))).toMatchObject({ status: 'queued', progress: { rounds: 1, shardsDone: 2 } });
    launcher.state_ = { kind: 'finished' };
    expect(bodyOf(await routeControlRequest(request('GET', `/discovery/${runId}`), deps))).toMatchObject({ status: 'failed', error: 'the discovery job ended without recording a result' });
    const unknown = await routeControlRequest(request('GET', '/discovery/dr-ffffffffffffffffffffffff'), deps);
    expect(unknown.statusCode).toBe(404);
    expect(bodyOf(unknown)).toEqual({ error: 'NotFound', message: 'no discovery run dr-ffffffffffffffffffffffff' });
    expect((await routeControlRequest(request('GET', '/discovery/bt-ffffffffffffffffffffffff'), deps)).statusCode).toBe(404);
  });

  it('answers 503 where discovery is not configured', async () => {
    const { discovery: _none, ...without } = deps;
    const answer = await routeControlRequest(request('POST', '/discovery', spec(206)), without);
    expect(answer.statusCode).toBe(503);
    expect(bodyOf(answer)['message']).toBe('discovery is not configured in this deployment');
  });
});
