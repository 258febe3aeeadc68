import { join } from 'node:path';
import { EXIT, runEnsembleTraining } from '../../batch-jobs/ensemble-training/job';
import { loadAlpacaTrainingBars, openAlpacaBarSource } from '../../batch-jobs/ensemble-training/data';
import { clearAlpacaCredentialsCache } from '../../layers/adapters/aws/secrets';
import { loadLeanDailyData } from '../../layers/adapters/files';
import { InMemoryObjectStore } from '../../layers/adapters/memory';
import { adjustBars } from '../../layers/core/market';
import { startSecretsManagerEndpoint, type SecretsManagerEndpoint } from '../../local/aws-endpoints/secrets-manager';
import { startPaperBroker, type PaperBroker } from '../../local/paper-broker';
import { provisionLocalResources } from '../../local/provision';

/**
 * `--data-source alpaca`: the training job's daily bars from Alpaca's history API through the data
 * lake, against the local paper broker (the real Alpaca client, the key pair from a Secrets Manager
 * stand-in). The shipped minute data spans 2013-10-04..11, so the broker has five sessions of daily
 * bars: enough to check the bars, the cache and the job's path, far too few to train on.
 */
const DATA_DIR = join(__dirname, '..', '..', 'data');
const SECRET = 'tradeloop/test/alpaca';

describe('ensemble-training daily bars from Alpaca through the data lake', () => {
  let broker: PaperBroker;
  let secrets: SecretsManagerEndpoint;
  const previousEndpoint = process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;

  beforeAll(async () => {
    broker = await startPaperBroker({ data: { dataDir: DATA_DIR, symbols: ['SPY'], fromDate: '2013-10-04', toDate: '2013-10-11' } });
    broker.advanceTo(Date.parse('2013-10-12T12:00:00Z'));
    secrets = await startSecretsManagerEndpoint({ secrets: { [SECRET]: JSON.stringify(broker.credentials) } });
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = secrets.url;
    clearAlpacaCredentialsCache();
  });

  afterAll(async () => {
    if (previousEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
    else process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = previousEndpoint;
    clearAlpacaCredentialsCache();
    await secrets.close();
    await broker.stop().catch(() => undefined);
  });

  it('reads adjusted daily bars once, stores the finished days in the lake, then serves them from the lake alone', async () => {
    const lake = new InMemoryObjectStore();
    const source = await openAlpacaBarSource({ secretId: SECRET, dataUrl: broker.baseUrl, feed: 'iex', lake });
    expect(source.name).toBe('paper-broker');
    const first = await loadAlpacaTrainingBars('SPY', '2013-10-01', '2013-10-11', source);
    expect(first.bars.map((b) => b.date)).toEqual(['2013-10-04', '2013-10-07', '2013-10-08', '2013-10-09', '2013-10-10', '2013-10-11']);
    expect(first.source).toBe('alpaca:paper-broker:iex');
    expect(first.cache).toEqual({ hit: 0, stored: 9, live: 0 }); // 9 sessions 10-01..10-11, those without data stored empty
    expect(await lake.list('paper-broker/bars/1Day/iex/all/SPY/')).toContain('paper-broker/bars/1Day/iex/all/SPY/2013-10-07.json');
    // adjusted for dividends like the shipped daily file (raw closes are ~15 % higher here); the broker resamples
    // Lean minute bars, whose last regular-session close differs from the official close by up to 0.3 %
    const lean = await loadLeanDailyData(DATA_DIR, 'SPY');
    const shipped = new Map(adjustBars(lean.bars, lean.factors, 'split-and-dividend').map((b) => [b.date, b]));
    for (const bar of first.bars) expect(Math.abs(bar.close / (shipped.get(bar.date)?.close ?? Number.NaN) - 1)).toBeLessThan(5e-3);

    await broker.stop(); // from here on only the lake can answer (the clock, which the broker also served, is fixed)
    const second = await loadAlpacaTrainingBars('SPY', '2013-10-01', '2013-10-11', { ...source, clock: { now: async () => Date.parse('2013-10-12T12:00:00Z') } });
    expect(second.cache).toEqual({ hit: 9, stored: 0, live: 0 });
    expect(second.bars).toEqual(first.bars);
    expect(second.barsSha256).toBe(first.barsSha256);
  });

  it('the job reads the secret and the lake, and says when the window is too short; without the secret id it exits 2', async () => {
    const resources = await provisionLocalResources({ prefix: `trainalp${Date.now().toString(36)}-` });
    const env = { ...process.env, TRADELOOP_DATA_LAKE_BUCKET: resources.buckets['data-lake'], TRADELOOP_MODELS_BUCKET: resources.buckets.models, TRADELOOP_MODELS_TABLE: resources.tables.models };
    const lines: string[] = [];
    const argv = ['--as-of', '2013-10-11', '--lookback-days', '30', '--symbols', 'SPY', '--data-source', 'alpaca', '--device', 'cpu', '--quick'];
    expect(await runEnsembleTraining(argv, env, (l) => lines.push(l))).toBe(EXIT.usage);
    expect(lines.at(-1)).toMatch(/needs TRADELOOP_ALPACA_SECRET_ID/);
    // the broker was stopped above: a fresh one, whose bars the job then finds in the lake on a second run
    broker = await startPaperBroker({ data: { dataDir: DATA_DIR, symbols: ['SPY'], fromDate: '2013-10-04', toDate: '2013-10-11' } });
    broker.advanceTo(Date.parse('2013-10-12T12:00:00Z'));
    secrets.putSecret(SECRET, JSON.stringify(broker.credentials));
    clearAlpacaCredentialsCache();
    const withSecret = { ...env, TRADELOOP_ALPACA_SECRET_ID: SECRET, TRADELOOP_ALPACA_DATA_URL: broker.baseUrl };
    lines.length = 0;
    expect(await runEnsembleTraining(argv, withSecret, (l) => lines.push(l))).toBe(EXIT.failed);
    expect(lines.at(-1)).toMatch(/SPY: only 0 labelled rows between 2013-09-11 and 2013-10-11 \(6 bars\)/);
  });
});
