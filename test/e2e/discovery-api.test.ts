import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createS3Client } from '../../layers/adapters/aws/clients';
import { localDiscoveryPids } from '../../layers/adapters/process/discovery-launcher';
import { DiscoveryRunResponseV1 } from '../../layers/contracts';
import { parseS3Uri } from '../../layers/core/sweep';
import type { LocalTradeloop } from '../../local/runtime/local-tradeloop';
import { callControlApi, startOnTestStandins } from './support';

/**
 * POST /discovery → GET /discovery/{id} on the local runtime: the control API handler behind the local API
 * gateway, the run record in dynalite (backtest-runs table, dr- id), the spec, rounds, shard files and result in
 * fauxqs S3, and the strategy-discovery job started by the child-process launcher (its own entry point under
 * tsx, every round in that process), on real SPY daily bars. Tiny budget: two rounds, ten candidates.
 */
const SPEC = {
  schema: 'DiscoverySpecV1',
  symbol: 'SPY',
  families: ['donchian-breakout'],
  period: { from: '2015-01-01', to: '2016-12-31' },
  budget: 10,
  seed: 5,
  warmup: 100,
  testLength: 100,
  holdout: 0.1,
  shards: 2,
};

async function post(tradeloop: LocalTradeloop, body: unknown, idempotencyKey?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL('/discovery', tradeloop.apiUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tradeloop.apiToken}`, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function pollUntilDone(tradeloop: LocalTradeloop, runId: string, timeoutMs: number): Promise<DiscoveryRunResponseV1[]> {
  const seen: DiscoveryRunResponseV1[] = [];
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const got = await callControlApi(tradeloop, 'GET', `/discovery/${runId}`);
    expect(got.status).toBe(200);
    const run = DiscoveryRunResponseV1.parse(got.body);
    seen.push(run);
    if (run.status === 'succeeded' || run.status === 'failed') return seen;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`run ${runId} did not finish in ${timeoutMs} ms: ${JSON.stringify(seen.at(-1))}`);
}

describe('discovery through the local control API', () => {
  let tradeloop: LocalTradeloop;
  beforeAll(async () => {
    tradeloop = await startOnTestStandins({ symbols: ['SPY'], fromDate: '2013-10-07', toDate: '2013-10-07' });
  }, 60_000);
  afterAll(async () => {
    await tradeloop?.stop();
  });

  it('runs a posted discovery to a gated result with provenance; a repeated POST with the same key is the same run, launched once', async () => {
    const launchesBefore = localDiscoveryPids().length;
    const first = await post(tradeloop, SPEC, 'e2e-discovery-1');
    expect(first.status).toBe(202);
    const runId = String(first.body['runId']);
    expect(runId).toMatch(/^dr-[0-9a-f]{24}$/);
    const repeat = await post(tradeloop, SPEC, 'e2e-discovery-1');
    expect(repeat.status).toBe(200);
    expect(repeat.body['runId']).toBe(runId);
    // The same key for another spec is a conflict.
    expect((await post(tradeloop, { ...SPEC, seed: 6 }, 'e2e-discovery-1')).status).toBe(409);

    const polls = await pollUntilDone(tradeloop, runId, 120_000);
    const done = polls.at(-1);
    expect(done?.status).toBe('succeeded');
    expect(done?.progress.rounds).toBeGreaterThanOrEqual(2);
    expect(done?.progress.shardsDone).toBe(2 * (done?.progress.rounds ?? 0));
    expect(done?.summary).toMatchObject({ trials: 10, rounds: done?.progress.rounds });
    expect(localDiscoveryPids().length - launchesBefore).toBe(1);

    const location = parseS3Uri(done?.resultUri ?? '');
    if (location === undefined) throw new Error(`bad result URI ${done?.resultUri}`);
    const object = await createS3Client().send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
    const written = JSON.parse((await object.Body?.transformToString()) ?? 'null') as {
      runId: string;
      provenance: { codeVersion: string; dataFiles: { path: string; sha256: string }[]; seed: number; config: { budget: number } };
      result: { trials: number; finalists: unknown[]; promoted: number };
    };
    expect(written.runId).toBe(runId);
    expect(written.provenance.codeVersion).toMatch(/^src-[0-9a-f]{16}$/);
    expect(written.provenance.seed).toBe(5);
    expect(written.provenance.config.budget).toBe(10);
    expect(written.provenance.dataFiles.map((f) => f.path)).toContain('lean/equity/usa/daily/spy.zip');
    expect(written.provenance.dataFiles.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
    expect(written.result.trials).toBe(10);
    expect(done?.summary?.promoted).toBe(written.result.promoted);

    const late = await post(tradeloop, SPEC, 'e2e-discovery-1');
    expect(late).toMatchObject({ status: 200, body: { runId, status: 'succeeded' } });
    expect(localDiscoveryPids().length - launchesBefore).toBe(1);
  }, 150_000);

  it('answers a bad spec with 400 and the zod reason, an unknown run with 404, and launches nothing', async () => {
    const launchesBefore = localDiscoveryPids().length;
    const bad = await post(tradeloop, { ...SPEC, families: ['donchian-breakout', 'donchian-breakout'], budget: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'ValidationError' });
    const paths = (bad.body['issues'] as { path: string }[]).map((i) => i.path).sort();
    expect(paths).toEqual(['budget', 'families']);
    expect((await callControlApi(tradeloop, 'GET', '/discovery/dr-000000000000000000000000')).status).toBe(404);
    expect((await callControlApi(tradeloop, 'GET', '/discovery/bt-000000000000000000000000')).status).toBe(404);
    expect(localDiscoveryPids().length).toBe(launchesBefore);
  });
});
