import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { runBacktestSweep } from '../../batch-jobs/backtest-sweep/job';
import { createS3Client } from '../../layers/adapters/aws/clients';
import { DynamoBacktestRunStore } from '../../layers/adapters/aws/dynamo/backtest-runs';
import { loadLeanDailyData } from '../../layers/adapters/files';
import { physicalName, SweepResultV1, SweepSpecV1, type SweepSpecInputV1 } from '../../layers/contracts';
import { adjustBars } from '../../layers/core/market';
import { planSweep, sweepSpecHash } from '../../layers/core/sweep';
import { runSweep } from '../../layers/core/vector';
import { provisionLocalResources } from '../../local/provision';

/**
 * The backtest-sweep job end to end on the stand-ins: spec in (fauxqs) S3, real SPY/IBM daily bars
 * from data/, shards written by "array children" (the job run with AWS_BATCH_JOB_ARRAY_INDEX), the
 * reducer's ranked result.json, the run record in (dynalite) DynamoDB; the same sweep run locally
 * across child processes from a spec file; and the data-lake source.
 */
const DATA_DIR = join(__dirname, '..', '..', 'data');
const s3 = createS3Client();

const SPEC: SweepSpecInputV1 = {
  schema: 'SweepSpecV1',
  strategy: 'sma-crossover',
  parameters: { kind: 'grid', values: { fast: [5, 10, 20], slow: [20, 50] } },
  symbols: ['SPY', 'IBM'],
  period: { from: '2012-01-01', to: '2016-12-31' },
  data: { source: 'shipped', adjust: 'split-and-dividend' },
  engine: 'vector',
  commission: '1',
  shards: 3,
};

async function run(argv: readonly string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runBacktestSweep(argv, { ...process.env, ...env }, (line) => lines.push(line));
  return { code, lines };
}

async function getJson(bucket: string, key: string): Promise<unknown> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return JSON.parse((await out.Body?.transformToString()) ?? 'null');
}

describe('backtest-sweep job', () => {
  let bucket: string;
  let lake: string;
  let runsTable: string;
  beforeAll(async () => {
    const resources = await provisionLocalResources({ prefix: `sweepjob${Date.now().toString(36)}-` });
    bucket = resources.buckets.results;
    lake = resources.buckets['data-lake'];
    runsTable = resources.tables['backtest-runs'];
  });

  const putSpec = async (key: string, spec: unknown): Promise<string> => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify(spec) }));
    return `s3://${bucket}/${key}`;
  };

  it('runs each shard as an array child, then reduces into one ranked result and records the run', async () => {
    const runId = 'bt-00000000000000000000aaaa';
    const store = new DynamoBacktestRunStore(runsTable);
    const plan = planSweep(SweepSpecV1.parse(SPEC));
    await store.claim({
      runId, status: 'queued', specHash: plan.specHash, specUri: 's3://x/spec.json', runUri: 's3://x/', shardCount: 3, caseCount: plan.caseCount,
      createdAt: 1, updatedAt: 1, attempt: 1,
    });
    const uri = await putSpec('backtests/array/spec.json', SPEC);
    const env = { TRADELOOP_BACKTEST_RUNS_TABLE: runsTable, AWS_BATCH_JOB_ARRAY_SIZE: '3' };
    for (const index of [2, 0, 1]) {
      const child = await run(['--spec', uri, '--run-id', runId], { ...env, AWS_BATCH_JOB_ARRAY_INDEX: String(index) });
      expect(child).toMatchObject({ code: 0 });
      expect(JSON.parse(child.lines[0] ?? '{}')).toMatchObject({ mode: 'shard', shard: index, of: 3 });
    }
    expect((await store.get(runId))?.status).toBe('running');
    const reducer = await run(['--mode', 'reduce', '--spec', uri, '--run-id', runId], { TRADELOOP_BACKTEST_RUNS_TABLE: runsTable });
    expect(reducer.code).toBe(0);

    const result = SweepResultV1.parse(await getJson(bucket, 'backtests/array/result.json'));
    // fast 20 / slow 20 is refused (fast must be shorter): 5 sets × 2 symbols.
    expect(result).toMatchObject({ caseCount: 10, parameterSets: 5, skippedParameterSets: 1, shardCount: 3, rankBy: 'sharpe', specHash: sweepSpecHash(plan.spec) });
    expect(result.rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set(result.rows.map((r) => r.case)).size).toBe(10);
    const sharpes = result.rows.map((r) => r.metrics.sharpe ?? Number.NEGATIVE_INFINITY);
    expect(sharpes).toEqual([...sharpes].sort((a, b) => b - a));

    // Independent of the job's plumbing: the best row equals a direct vectorised run on the same bars.
    const best = result.rows[0];
    if (best === undefined) throw new Error('no rows');
    const data = await loadLeanDailyData(DATA_DIR, best.symbol);
    const bars = adjustBars(data.bars, data.factors, 'split-and-dividend').filter((b) => b.date >= '2012-01-01' && b.date <= '2016-12-31');
    const direct = runSweep(
      { opens: Float64Array.from(bars, (b) => b.open), closes: Float64Array.from(bars, (b) => b.close) },
      { strategy: 'smaCross', params: [{ fast: best.params['fast'] ?? 0, slow: best.params['slow'] ?? 0 }] },
      { initialCash: 100_000, sizing: { kind: 'units', units: 100 }, commissionPerFill: 1, periodsPerYear: 252 },
    );
    expect(best.metrics.finalEquity).toBe(direct.finalEquity[0]);
    expect(best.metrics.trades).toBe(direct.trades[0]);
    expect(best.bars).toBe(bars.length);

    const record = await store.get(runId);
    expect(record?.status).toBe('succeeded');
    expect(record?.summary?.best).toEqual(best);
    expect(record?.summary?.top).toEqual(result.rows.slice(0, 10));
  });

  it('refuses to reduce with a shard missing, naming it, and marks the run failed', async () => {
    const runId = 'bt-00000000000000000000bbbb';
    const store = new DynamoBacktestRunStore(runsTable);
    await store.claim({ runId, status: 'queued', specHash: 'h', specUri: 'u', runUri: 'u', shardCount: 3, caseCount: 10, createdAt: 1, updatedAt: 1, attempt: 1 });
    const uri = await putSpec('backtests/missing/spec.json', SPEC);
    for (const index of [0, 2]) expect((await run(['--spec', uri], { AWS_BATCH_JOB_ARRAY_INDEX: String(index) })).code).toBe(0);
    const reducer = await run(['--mode', 'reduce', '--spec', uri, '--run-id', runId], { TRADELOOP_BACKTEST_RUNS_TABLE: runsTable });
    expect(reducer.code).toBe(1);
    expect(reducer.lines.join('\n')).toContain('missing shard 1 of 3');
    expect(await store.get(runId)).toMatchObject({ status: 'failed', error: 'missing shard 1 of 3' });
  });

  it('ships an example spec that is valid (the README commands use it)', async () => {
    const example = JSON.parse(await readFile(join(__dirname, '..', '..', 'batch-jobs', 'backtest-sweep', 'examples', 'spy-sma-grid.json'), 'utf8')) as unknown;
    const plan = planSweep(SweepSpecV1.parse(example));
    // 16 grid points; fast ≥ slow is refused for 20/20, 50/20 and 50/50: 13 sets × 4 symbols.
    expect({ sets: plan.parameterSets.length, skipped: plan.skipped, cases: plan.caseCount, shards: plan.shardCount }).toEqual({ sets: 13, skipped: 3, cases: 52, shards: 4 });
  });

  it('exits 2 on a bad spec, an array of the wrong size or a missing spec, saying why', async () => {
    const bad = await run(['--spec', await putSpec('backtests/bad/spec.json', { ...SPEC, shards: 0 })]);
    expect(bad.code).toBe(2);
    expect(bad.lines.join('\n')).toMatch(/bad spec: shards: /);
    const size = await run(['--spec', await putSpec('backtests/size/spec.json', SPEC)], { AWS_BATCH_JOB_ARRAY_INDEX: '0', AWS_BATCH_JOB_ARRAY_SIZE: '4' });
    expect(size).toMatchObject({ code: 2, lines: [expect.stringContaining('the array has 4 children but the spec has 3 shards')] });
    const none = await run(['--spec', `s3://${bucket}/backtests/none/spec.json`]);
    expect(none.code).toBe(2);
    expect(none.lines.join('\n')).toContain(`no spec at s3://${bucket}/backtests/none/spec.json`);
  });

  it('runs the same sweep locally across 2 child processes from a spec file, with the same result', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sweep-local-'));
    try {
      await writeFile(join(dir, 'spec.json'), JSON.stringify(SPEC));
      const local = await run(['--local', '--workers', '2', '--spec', join(dir, 'spec.json')]);
      expect(local.code).toBe(0);
      // Each shard ran in its own child (its log line comes back prefixed), then the parent reduced.
      expect(local.lines.filter((l) => /^\[shard \d\] \{"job":"backtest-sweep","mode":"shard"/.test(l))).toHaveLength(3);
      expect(JSON.parse(local.lines.at(-1) ?? '{}')).toMatchObject({ mode: 'local', shards: 3, workers: 2 });
      const result = SweepResultV1.parse(JSON.parse(await readFile(join(dir, 'result.json'), 'utf8')));
      const fromS3 = SweepResultV1.parse(await getJson(bucket, 'backtests/array/result.json'));
      expect(result).toEqual(fromS3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('reads the Lean daily files from a data-lake prefix as it reads the shipped ones', async () => {
    for (const path of ['daily/spy.zip', 'factor_files/spy.csv', 'map_files/spy.csv']) {
      const body = await readFile(join(DATA_DIR, 'lean', 'equity', 'usa', ...path.split('/')));
      await s3.send(new PutObjectCommand({ Bucket: lake, Key: `lean-daily/lean/equity/usa/${path}`, Body: body }));
    }
    const spec = { ...SPEC, symbols: ['SPY'], shards: 1 };
    const shipped = await run(['--local', '--workers', '1', '--spec', await putSpec('backtests/shipped/spec.json', spec)]);
    const lakeRun = await run(['--local', '--workers', '1', '--spec', await putSpec('backtests/lake/spec.json', { ...spec, data: { source: 'data-lake', prefix: 'lean-daily/' } })], {
      TRADELOOP_DATA_LAKE_BUCKET: lake,
    });
    expect([shipped.code, lakeRun.code]).toEqual([0, 0]);
    const a = SweepResultV1.parse(await getJson(bucket, 'backtests/shipped/result.json'));
    const b = SweepResultV1.parse(await getJson(bucket, 'backtests/lake/result.json'));
    expect(b.rows).toEqual(a.rows);
    const missing = await run(['--local', '--spec', await putSpec('backtests/lake-ibm/spec.json', { ...spec, symbols: ['IBM'], data: { source: 'data-lake', prefix: 'lean-daily/' } })], {
      TRADELOOP_DATA_LAKE_BUCKET: lake,
    });
    expect(missing.code).toBe(1);
    expect(missing.lines.join('\n')).toContain('no daily data for IBM: lean-daily/lean/equity/usa/daily/ibm.zip is not in the data lake');
  });
});
