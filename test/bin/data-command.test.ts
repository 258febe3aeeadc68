import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ObjectStore } from '../../layers/adapters/aws';
import { loadDailyCsv } from '../../layers/adapters/files';
import { exitCodeFor } from '../../bin/cli/program';
import { PROJECT_DATA_DIR } from '../../local/data-dir';
import { startPaperBroker } from '../../local/paper-broker';
import { provisionLocalResources } from '../../local/provision';
import { runCli } from './support';

const run = runCli;

type Summary = { cache: { symbolDays: { hit: number; stored: number; live: number } } | null; symbols: { symbol: string; count: number; file: string | null }[] };
const tmp = (): string => mkdtempSync(join(tmpdir(), 'tl-data-'));

describe('tradeloop data fetch', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    delete process.env['APCA_API_DATA_URL'];
    delete process.env['APCA_API_KEY_ID'];
    delete process.env['APCA_API_SECRET_KEY'];
  });
  afterAll(() => {
    process.env = saved;
  });

  it('writes daily bars a backtest reads, through a directory cache that serves the second run without the source', async () => {
    const out = tmp();
    const cache = tmp();
    const args = ['data', 'fetch', '--symbols', 'SPY,IBM', '--from', '2013-10-07', '--to', '2013-10-11', '--timeframe', '1Day', '--out', out, '--cache-dir', cache, '--json'];
    const first = await run(args);
    expect(first.error).toBeUndefined();
    const summary = JSON.parse(first.stdout) as Summary;
    expect(summary.cache?.symbolDays).toEqual({ hit: 0, stored: 10, live: 0 });
    expect(summary.symbols.map((s) => [s.symbol, s.count])).toEqual([['SPY', 5], ['IBM', 5]]);
    // The file is the plain Date,Open,High,Low,Close,Volume CSV that `tradeloop backtest --data` loads, every row valid.
    const csv = await loadDailyCsv(join(out, 'SPY.bars.1Day.csv'));
    expect(csv.errors).toEqual([]);
    expect(csv.bars.map((b) => b.date)).toEqual(['2013-10-07', '2013-10-08', '2013-10-09', '2013-10-10', '2013-10-11']);

    const written = readFileSync(join(out, 'SPY.bars.1Day.csv'), 'utf8');
    const second = await run(args);
    expect((JSON.parse(second.stdout) as Summary).cache?.symbolDays).toEqual({ hit: 10, stored: 0, live: 0 });
    expect(readFileSync(join(out, 'SPY.bars.1Day.csv'), 'utf8')).toBe(written); // the cached days give the same file
  });

  it('writes minute bars with New York times, dividend-adjusted on request', async () => {
    const out = tmp();
    const common = ['data', 'fetch', '--symbols', 'SPY', '--from', '2013-10-07', '--to', '2013-10-07', '--no-cache', '--json'];
    expect((await run([...common, '--out', join(out, 'raw')])).error).toBeUndefined();
    expect((await run([...common, '--adjustment', 'dividend', '--out', join(out, 'adjusted')])).error).toBeUndefined();
    const rows = (dir: string) => readFileSync(join(out, dir, 'SPY.bars.1Min.csv'), 'utf8').split('\n');
    const regularOpen = rows('raw').find((line) => line.startsWith('2013-10-07T09:30:00-04:00'));
    const adjustedOpen = rows('adjusted').find((line) => line.startsWith('2013-10-07T09:30:00-04:00'));
    expect(rows('raw')[0]).toBe('Date,Open,High,Low,Close,Volume');
    expect(Number(adjustedOpen?.split(',')[4])).toBeCloseTo(Number(regularOpen?.split(',')[4]) * 0.8646266, 4);
  });

  it('fetches trades from a running paper broker (--data-url, keys from the environment) into an S3 lake, caching only finished days', async () => {
    const broker = await startPaperBroker({ data: { dataDir: PROJECT_DATA_DIR, symbols: ['SPY'], fromDate: '2013-10-07', toDate: '2013-10-08' } });
    try {
      broker.advanceTo(Date.UTC(2013, 9, 8, 14, 0)); // Tuesday 10:00 New York: Monday is over, Tuesday is not
      process.env['APCA_API_KEY_ID'] = broker.credentials.keyId;
      process.env['APCA_API_SECRET_KEY'] = broker.credentials.secretKey;
      const { buckets } = await provisionLocalResources({ prefix: `cli${Date.now() % 100000}-` });
      const bucket = buckets['data-lake'];
      const out = tmp();
      const args = ['data', 'fetch', '--symbols', 'SPY', '--from', '2013-10-07', '--to', '2013-10-08', '--kind', 'trades', '--feed', 'sip', '--data-url', broker.baseUrl, '--cache-bucket', bucket, '--out', out, '--json'];
      const first = await run(args);
      expect(first.error).toBeUndefined();
      expect((JSON.parse(first.stdout) as Summary).cache?.symbolDays).toEqual({ hit: 0, stored: 1, live: 1 });
      const s3 = new S3ObjectStore({ bucket, client: new S3Client({ forcePathStyle: true }) });
      expect(await s3.list('paper-broker/')).toEqual(['paper-broker/trades/sip/SPY/2013-10-07.jsonl']);
      const lines = readFileSync(join(out, 'SPY.trades.jsonl'), 'utf8').trim().split('\n');
      expect(JSON.parse(lines[0] ?? '{}')).toEqual({ t: '2013-10-07T08:00:59.999000000Z', p: '167.27', s: '3197', x: 'D', c: '@', i: '1381132800000', z: 'B' });
      expect(JSON.parse(lines.at(-1) ?? '{}').t).toBe('2013-10-08T13:59:59.999000000Z'); // the last minute closed by the broker clock
      const second = await run(args);
      expect((JSON.parse(second.stdout) as Summary).cache?.symbolDays).toEqual({ hit: 1, stored: 0, live: 1 });
    } finally {
      await broker.stop();
    }
  });

  it('writes quotes as CSV on request', async () => {
    const out = tmp();
    expect((await run(['data', 'fetch', '--symbols', 'IBM', '--from', '2013-10-07', '--to', '2013-10-07', '--kind', 'quotes', '--format', 'csv', '--out', out, '--no-cache', '--json'])).error).toBeUndefined();
    const lines = readFileSync(join(out, 'IBM.quotes.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('Time,BidPrice,BidSize,AskPrice,AskSize,BidExchange,AskExchange,Conditions,Tape');
    expect(lines.length).toBeGreaterThan(390);
  });

  it('refuses bad arguments with exit code 2', async () => {
    const base = ['data', 'fetch', '--symbols', 'SPY', '--from', '2013-10-07', '--to', '2013-10-08', '--no-cache'];
    for (const extra of [
      ['--kind', 'ticks'],
      ['--timeframe', '2Day'],
      ['--feed', 'otc'],
      ['--adjustment', 'spin-off'],
      ['--kind', 'trades', '--adjustment', 'split'],
      ['--kind', 'quotes', '--timeframe', '5Min'],
      ['--format', 'parquet'],
      ['--data-url', 'http://127.0.0.1:9'], // no keys in the environment
      ['--data-url', 'not a url'],
    ]) {
      expect([extra, exitCodeFor((await run([...base, ...extra])).error)]).toEqual([extra, 2]);
    }
    expect(exitCodeFor((await run(['data', 'fetch', '--symbols', 'SPY', '--from', '2013-10-09', '--to', '2013-10-08'])).error)).toBe(2);
    expect(exitCodeFor((await run(['data', 'fetch', '--from', '2013-10-07', '--to', '2013-10-08'])).error)).toBe(2);
  });
});
