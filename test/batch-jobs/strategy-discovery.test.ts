import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { resultJson } from '../../batch-jobs/strategy-discovery/codec';
import { discoveryConfigOf, runStrategyDiscovery } from '../../batch-jobs/strategy-discovery/job';
import { createS3Client } from '../../layers/adapters/aws/clients';
import { DynamoDiscoveryRunStore } from '../../layers/adapters/aws/dynamo/discovery-runs';
import { loadLeanDailyData } from '../../layers/adapters/files';
import { DiscoverySpecV1, type DiscoverySpecInputV1 } from '../../layers/contracts';
import { dailyBarsToBacktestBars } from '../../layers/core/backtest';
import { discover, discoverySpecHash, type RoundSubmitter } from '../../layers/core/discovery';
import { adjustBars } from '../../layers/core/market';
import { provisionLocalResources } from '../../local/provision';

/**
 * The strategy-discovery job on the stand-ins: a spec in (fauxqs) S3, coordinator steps that fan out rounds
 * through a recording submitter (Batch's SubmitJob in AWS), "array children" run with AWS_BATCH_JOB_ARRAY_INDEX,
 * the round collection refusing a missing or misplaced shard, the final result with provenance and the run record
 * in (dynalite) DynamoDB; and the same search run locally from a spec file. Tiny budgets: Jest runs numeric loops
 * about 10× slower than node.
 */
const DATA_DIR = join(__dirname, '..', '..', 'data');
const s3 = createS3Client();

const SPEC: DiscoverySpecInputV1 = {
  schema: 'DiscoverySpecV1',
  symbol: 'SPY',
  families: ['donchian-breakout'],
  period: { from: '2015-01-01', to: '2016-12-31' },
  budget: 10,
  seed: 5,
  warmup: 100,
  testLength: 100,
  holdout: 0.1,
  shards: 3,
};

async function run(argv: readonly string[], env: Record<string, string | undefined> = {}, submitter?: RoundSubmitter): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runStrategyDiscovery(argv, { ...process.env, AWS_BATCH_JOB_ARRAY_INDEX: undefined, AWS_BATCH_JOB_ARRAY_SIZE: undefined, ...env }, (line) => lines.push(line), submitter === undefined ? {} : { submitter });
  return { code, lines };
}

async function getText(bucket: string, key: string): Promise<string | undefined> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await out.Body?.transformToString();
  } catch {
    return undefined;
  }
}

/** What discover() gives for the spec, as the job writes it. */
async function expectedResult(spec: DiscoverySpecV1): Promise<unknown> {
  const data = await loadLeanDailyData(DATA_DIR, spec.symbol);
  const bars = dailyBarsToBacktestBars(adjustBars(data.bars, data.factors, spec.data.adjust).filter((b) => b.date >= spec.period.from && b.date <= spec.period.to));
  return JSON.parse(resultJson(discover(spec.symbol, bars, discoveryConfigOf(spec))));
}

describe('strategy-discovery job', () => {
  let bucket: string;
  let runsTable: string;
  const spec = DiscoverySpecV1.parse(SPEC);
  let expected: unknown;
  beforeAll(async () => {
    const resources = await provisionLocalResources({ prefix: `discjob${Date.now().toString(36)}-` });
    bucket = resources.buckets.results;
    runsTable = resources.tables['backtest-runs'];
    expected = await expectedResult(spec);
  });

  it('steps fan out rounds, array children evaluate their shards, an incomplete or misplaced shard set is refused, and the last step writes discover’s result with provenance', async () => {
    const runId = `dr-${'a'.repeat(24)}`;
    const runs = new DynamoDiscoveryRunStore(runsTable);
    const now = Date.now();
    await runs.claim({ runId, status: 'queued', specHash: discoverySpecHash(spec), specUri: '', runUri: '', shardCount: 3, caseCount: 10, createdAt: now, updatedAt: now, attempt: 1 });
    const prefix = `discovery/${runId}/`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}spec.json`, Body: JSON.stringify(spec) }));
    const specUri = `s3://${bucket}/${prefix}spec.json`;
    const env = { TRADELOOP_BACKTEST_RUNS_TABLE: runsTable, TRADELOOP_DISCOVERY_RUN_ID: runId };
    const submitted: { round: number; shardCount: number }[] = [];
    const submitter: RoundSubmitter = {
      submitRound: (r) => {
        submitted.push({ round: r.round, shardCount: r.shardCount });
        return Promise.resolve({ shardJobId: `shards-${r.round}`, stepJobId: `step-${r.round + 1}` });
      },
    };
    const shard = (round: number, index: number) =>
      run(['--spec', specUri, '--mode', 'shard', '--round', String(round)], { ...env, AWS_BATCH_JOB_ARRAY_INDEX: String(index), AWS_BATCH_JOB_ARRAY_SIZE: '3' });

    expect((await run(['--spec', specUri, '--mode', 'step'], env, submitter)).code).toBe(0);
    expect(submitted).toEqual([{ round: 0, shardCount: 3 }]);
    expect((await runs.get(runId))?.status).toBe('running');
    for (const i of [0, 1, 2]) expect((await shard(0, i)).code).toBe(0);
    // A child outside the array, or an array of the wrong size, is refused.
    expect((await run(['--spec', specUri, '--mode', 'shard', '--round', '0'], { AWS_BATCH_JOB_ARRAY_INDEX: '3', AWS_BATCH_JOB_ARRAY_SIZE: '4' })).code).toBe(2);

    // Shard 1 lost, then a copy of shard 0 in its place: both refused (no run id here, so the record is untouched); then the real one is put back.
    const shard1 = await getText(bucket, `${prefix}rounds/0/shards/1.json`);
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: `${prefix}rounds/0/shards/1.json` }));
    const missing = await run(['--spec', specUri, '--mode', 'step'], {}, submitter);
    expect(missing.code).toBe(1);
    expect(missing.lines.join('\n')).toMatch(/shard 1 of 3 missing/);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}rounds/0/shards/1.json`, Body: await getText(bucket, `${prefix}rounds/0/shards/0.json`) }));
    const misplaced = await run(['--spec', specUri, '--mode', 'step'], {}, submitter);
    expect(misplaced.code).toBe(1);
    expect(misplaced.lines.join('\n')).toMatch(/holds round 0 shard 0/);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}rounds/0/shards/1.json`, Body: shard1 }));

    for (let round = 1; ; round += 1) {
      expect((await run(['--spec', specUri, '--mode', 'step'], env, submitter)).code).toBe(0);
      if (submitted.length === round) break; // the search ended: no new round was submitted
      expect(submitted.at(-1)).toEqual({ round, shardCount: 3 });
      for (const i of [0, 1, 2]) expect((await shard(round, i)).code).toBe(0);
    }
    expect(submitted.length).toBeGreaterThan(1);

    const written = JSON.parse((await getText(bucket, `${prefix}result.json`)) ?? 'null') as {
      runId: string;
      provenance: { codeVersion: string; dataFiles: { path: string; sha256: string }[]; seed: number; config: unknown; rounds: number };
      summary: { trials: number; rounds: number };
      result: unknown;
    };
    expect(written.result).toEqual(expected);
    expect(written.runId).toBe(runId);
    expect(written.summary).toMatchObject({ trials: 10, rounds: submitted.length });
    expect(written.provenance.codeVersion).toMatch(/^src-[0-9a-f]{16}$/);
    expect(written.provenance.seed).toBe(5);
    expect(written.provenance.config).toEqual(JSON.parse(JSON.stringify(spec)));
    const spyZip = createHash('sha256').update(await readFile(join(DATA_DIR, 'lean/equity/usa/daily/spy.zip'))).digest('hex');
    expect(written.provenance.dataFiles).toContainEqual({ path: 'lean/equity/usa/daily/spy.zip', sha256: spyZip });
    const record = await runs.get(runId);
    expect(record?.status).toBe('succeeded');
    expect(record?.summary).toMatchObject({ trials: 10, rounds: submitted.length });
  });

  it('--local runs every round in this process, starting from an --init-spec (as the nightly schedule does), with the same result', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'discovery-local-'));
    try {
      const local = await run(['--spec', join(dir, 'spec.json'), '--local', '--init-spec', JSON.stringify(SPEC)]);
      expect(JSON.parse(await readFile(join(dir, 'spec.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(spec)));
      expect(local.lines.filter((l) => !l.startsWith('{'))).toEqual([]);
      expect(local.code).toBe(0);
      const written = JSON.parse(await readFile(join(dir, 'result.json'), 'utf8')) as { result: unknown };
      expect(written.result).toEqual(expected);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('--local --workers 2 runs each round\'s shards as child processes (as Batch array children), with the same result', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'discovery-children-'));
    try {
      await writeFile(join(dir, 'spec.json'), JSON.stringify({ ...SPEC, shards: 2 }));
      const local = await run(['--spec', join(dir, 'spec.json'), '--local', '--workers', '2']);
      expect(local.code).toBe(0);
      expect(local.lines.filter((l) => /^\[round \d+ shard \d+\] \{"job":"strategy-discovery","mode":"shard"/.test(l)).length).toBeGreaterThanOrEqual(4);
      const written = JSON.parse(await readFile(join(dir, 'result.json'), 'utf8')) as { result: unknown };
      expect(written.result).toEqual(expected);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses bad arguments and a bad spec with exit code 2', async () => {
    expect((await run(['--spec', 'x.json', '--mode', 'shard'])).code).toBe(2); // no --round
    expect((await run(['--spec', 'x.json', '--workers', '2'])).code).toBe(2); // --workers without --local
    expect((await run(['--spec', 'x.json', '--mode', 'shard', '--round', '0', '--init-spec', '{}'])).code).toBe(2);
    const dir = await mkdtemp(join(tmpdir(), 'discovery-bad-'));
    try {
      await writeFile(join(dir, 'spec.json'), JSON.stringify({ ...SPEC, families: ['no-such-family'] }));
      const bad = await run(['--spec', join(dir, 'spec.json'), '--local']);
      expect(bad.code).toBe(2);
      expect(bad.lines.join('\n')).toMatch(/families/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
