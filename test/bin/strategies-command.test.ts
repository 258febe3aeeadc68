import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StrategiesResponseV1 } from '../../layers/contracts';
import { runCli } from './support';

/** The CLI side of GET /strategies: what it asks and how it prints the answer (the route is tested in test/functions/control-api). */
const ANSWER: StrategiesResponseV1 = {
  strategies: [
    {
      strategyId: 'sma-spy',
      version: '1',
      state: 'live',
      registryStateNow: 'paper',
      parameters: { fast: 3, slow: 10 },
      symbols: ['SPY'],
      source: 'active-set',
      family: 'sma-crossover',
      registryVersion: 4,
      sharpe: 0.8,
      liveHitRate: { hits: 3, trials: 4, rate: 0.75, window: 'last 100 scored calls (4 in the ledger)' },
    },
    { strategyId: 'idle', version: '1', state: 'paper', parameters: {}, symbols: ['IBM'], source: 'active-set', liveHitRate: { hits: 0, trials: 0, rate: null, window: 'last 100 scored calls (0 in the ledger)' } },
  ],
  source: 'active-set',
  activeSet: { sessionDate: '2013-10-07', selectedAt: '2013-10-07T13:00:00.000Z', version: 1 },
  models: [
    {
      symbol: 'SPY',
      modelId: 'SPY#ensemble-direction',
      family: 'ensemble-direction',
      champion: {
        version: 'v-2013-09-30-00000000000a',
        manifestFound: true,
        trainedThrough: '2012-12-31',
        holdout: { from: '2013-01-10', to: '2013-09-27', rows: 180, accuracy: { estimate: 0.61, lower: 0.54, upper: 0.68 }, auc: { estimate: 0.52, lower: 0.44, upper: 0.6 }, baselineAccuracy: { estimate: 0.6, lower: null, upper: null } },
        liveHitRate: { hits: 2, trials: 4, rate: 0.5, window: 'one decided forecast in every 1' },
        forecasts: { recorded: 5, pending: 1 },
      },
      challenger: null,
    },
  ],
  symbolsWithoutModel: ['IBM'],
};

let server: Server;
let apiUrl: string;
const seen: { method?: string; url?: string }[] = [];
let reply: unknown = ANSWER;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    req.resume();
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
  reply = ANSWER;
});

const withApi = (args: string[]): string[] => [...args, '--api-url', apiUrl, '--token', 'operator-token-0123456789'];

describe('tradeloop strategies', () => {
  it('GETs /strategies and passes the answer through with --json', async () => {
    const { error, stdout } = await runCli(withApi(['strategies', '--json']));
    expect(error).toBeUndefined();
    expect(seen).toEqual([{ method: 'GET', url: '/strategies' }]);
    expect(JSON.parse(stdout)).toEqual(ANSWER);
  });

  it('prints the active set, hit rates and the models for people', async () => {
    const { error, stdout } = await runCli(withApi(['strategies']));
    expect(error).toBeUndefined();
    expect(stdout).toContain('the active set of 2013-10-07');
    expect(stdout).toMatch(/sma-spy 1 \[live, registry now paper\] sma-crossover fast=3 slow=10 on SPY, OOS Sharpe 0\.80/);
    expect(stdout).toContain('live hit rate 3/4 = 75.0 %');
    // No trial is not a 0 % hit rate.
    expect(stdout).toContain('live hit rate not scored yet');
    expect(stdout).toMatch(/accuracy 0\.610 \[0\.540, 0\.680\] vs always-up 0\.600, AUC 0\.520/);
    expect(stdout).toContain('live hit rate 2/4 = 50.0 %');
    expect(stdout).toContain('no model: IBM');
  });

  it('says when no model has a champion, and prints an older API answer generically', async () => {
    reply = { ...ANSWER, strategies: [], source: 'default', activeSet: null, models: [], symbolsWithoutModel: ['SPY', 'IBM'] };
    expect((await runCli(withApi(['strategies']))).stdout).toContain('models: no model in the registry has a champion');
    reply = { strategies: [{ strategyId: 'sma-crossover-5-20', version: '1', state: 'paper', parameters: { fast: 5, slow: 20 }, symbols: ['SPY'] }] };
    const { error, stdout } = await runCli(withApi(['strategies']));
    expect(error).toBeUndefined();
    expect(stdout).toContain('strategyId: sma-crossover-5-20');
  });
});
