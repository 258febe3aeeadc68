import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createS3Client } from '../../layers/adapters/aws/clients';
import { localBacktestPids } from '../../layers/adapters/process/child-process-launcher';
import { BacktestRunResponseV1, SweepResultV1 } from '../../layers/contracts';
import { parseS3Uri } from '../../layers/core/sweep';
import type { LocalTradeloop } from '../../local/runtime/local-tradeloop';
import { callControlApi, startOnTestStandins } from './support';

/**
 * POST /backtests → GET /backtests/{id} on the local runtime: the control API handler behind the
 * local API gateway, the run record in dynalite, the spec and results in fauxqs S3, and the sweep
 * job started by the child-process launcher (the job's own entry point under tsx, its shards in
 * two further processes), on real SPY daily bars from data/.
 */
const SWEEP = {
  schema: 'SweepSpecV1',
  strategy: 'sma-crossover',
  parameters: { kind: 'list', sets: [{ fast: 5, slow: 20 }, { fast: 10, slow: 30 }, { fast: 20, slow: 50 }, { fast: 50, slow: 200 }] },
  symbols: ['SPY'],
  period: { from: '2010-01-01', to: '2015-12-31' },
  data: { source: 'shipped', adjust: 'split-and-dividend' },
  engine: 'vector',
  shards: 2,
  rankBy: 'sharpe',
};

async function post(tradeloop: LocalTradeloop, body: unknown, idempotencyKey?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL('/backtests', tradeloop.apiUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tradeloop.apiToken}`, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function pollUntilDone(tradeloop: LocalTradeloop, runId: string, timeoutMs: number): Promise<BacktestRunResponseV1[]> {
  const seen: BacktestRunResponseV1[] = [];
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const got = await callControlApi(tradeloop, 'GET', `/backtests/${runId}`);
    expect(got.status).toBe(200);
    const run = BacktestRunResponseV1.parse(got.body);
    seen.push(run);
    if (run.status === 'succeeded' || run.status === 'failed') return seen;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`run ${runId} did not finish in ${timeoutMs} ms: ${JSON.stringify(seen.at(-1))}`);
}

describe('backtests through the local control API', () => {
  let tradeloop: LocalTradeloop;
  beforeAll(async () => {
    tradeloop = await startOnTestStandins({ symbols: ['SPY'], fromDate: '2013-10-07', toDate: '2013-10-07', backtestWorkers: 2 });
  }, 60_000);
  afterAll(async () => {
    await tradeloop?.stop();
  });

  it('runs a posted sweep to a ranked result; a repeated POST with the same key is the same run, launched once', async () => {
    const launchesBefore = localBacktestPids().length;
    const first = await post(tradeloop, SWEEP, 'e2e-sweep-1');
    expect(first.status).toBe(202);
    const runId = String(first.body['runId']);
    expect(runId).toMatch(/^bt-[0-9a-f]{24}$/);
    const repeat = await post(tradeloop, SWEEP, 'e2e-sweep-1');
    expect(repeat.status).toBe(200);
    expect(repeat.body['runId']).toBe(runId);

    const polls = await pollUntilDone(tradeloop, runId, 90_000);
    const done = polls.at(-1);
    expect(done).toMatchObject({ status: 'succeeded', progress: { shardsDone: 2, shardsTotal: 2 } });
    expect(localBacktestPids().length - launchesBefore).toBe(1);
    // Progress only grows while it runs.
    const progress = polls.map((p) => p.progress.shardsDone);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    const summary = done?.summary;
    expect(summary?.caseCount).toBe(4);
    expect(summary?.top.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
    const sharpes = summary?.top.map((r) => r.metrics.sharpe ?? Number.NEGATIVE_INFINITY) ?? [];
    expect(sharpes).toEqual([...sharpes].sort((a, b) => b - a));
    expect(summary?.best).toEqual(summary?.top[0]);
    expect(summary?.top.every((r) => r.symbol === 'SPY' && r.bars > 1500 && r.metrics.trades > 0)).toBe(true);

    // The full result is in the bucket, the same ranking.
    const location = parseS3Uri(done?.resultUri ?? '');
    if (location === undefined) throw new Error(`bad result URI ${done?.resultUri}`);
    const object = await createS3Client().send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
    const result = SweepResultV1.parse(JSON.parse((await object.Body?.transformToString()) ?? 'null'));
    expect(result.rows).toEqual(summary?.top);

    // After it finished, the same key still answers with the same (finished) run and launches nothing.
    const late = await post(tradeloop, SWEEP, 'e2e-sweep-1');
    expect(late).toMatchObject({ status: 200, body: { runId, status: 'succeeded' } });
    expect(localBacktestPids().length - launchesBefore).toBe(1);
  }, 120_000);

  it('answers a bad spec with 400 and the zod reason, and launches nothing', async () => {
    const launchesBefore = localBacktestPids().length;
    const bad = await post(tradeloop, { ...SWEEP, engine: 'gpu', symbols: ['SPY', 'spy'] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'ValidationError' });
    expect(bad.body['issues']).toEqual([
      { path: 'symbols.1', message: 'expected an upper-case ticker such as SPY' },
      { path: 'engine', message: expect.stringMatching(/vector.*event/) },
    ]);
    // Whole-spec checks run once the fields are valid.
    const tooMany = await post(tradeloop, { ...SWEEP, shards: 9 });
    expect(tooMany).toMatchObject({ status: 400, body: { issues: [{ path: 'shards', message: '9 shards for 4 cases: a shard would be empty' }] } });
    expect((await callControlApi(tradeloop, 'GET', '/backtests/bt-000000000000000000000000')).status).toBe(404);
    expect(localBacktestPids().length).toBe(launchesBefore);
  });

  it('reports a sweep whose job fails (no data for the symbol) as failed, with the reason', async () => {
    const posted = await post(tradeloop, { ...SWEEP, symbols: ['QQQ'], shards: 1 });
    expect(posted.status).toBe(202);
    const done = (await pollUntilDone(tradeloop, String(posted.body['runId']), 60_000)).at(-1);
    expect(done?.status).toBe('failed');
    expect(done?.error).toMatch(/no daily data for QQQ/);
  }, 90_000);
});
