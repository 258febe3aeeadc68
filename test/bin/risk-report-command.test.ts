import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exitCodeFor } from '../../bin/cli/program';
import { runCli } from './support';

/**
 * The CLI side of GET/POST /risk/report and of the kill switch's --flatten: what it sends and how it reads
 * the answer. The routes are tested in test/functions/control-api; here a small HTTP server records requests.
 */
const REPORT = {
  schema: 'PortfolioRiskReportV1',
  accountId: 'acct',
  asOf: '2024-03-15',
  routine: 'close',
  computedAt: Date.UTC(2024, 2, 15, 20, 5),
  equity: 100_000,
  netValue: 19_000,
  grossExposure: 19_000,
  observations: 252,
  window: { from: '2023-03-14', to: '2024-03-15' },
  var: [
    { confidence: 0.95, historical: { var: 310.5, cvar: 420.25, varPctOfEquity: 0.003105, cvarPctOfEquity: 0.0042025 }, gaussian: { var: 300, cvar: 380, varPctOfEquity: 0.003, cvarPctOfEquity: 0.0038 } },
    { confidence: 0.99, historical: { var: 510, cvar: 600, varPctOfEquity: 0.0051, cvarPctOfEquity: 0.006 }, gaussian: { var: 450, cvar: 520, varPctOfEquity: 0.0045, cvarPctOfEquity: 0.0052 } },
  ],
  positions: [{ symbol: 'IBM', quantity: 100, price: 190, marketValue: 19_000, componentVar99: 450, componentShare99: 1, beta: 0.8 }],
  stress: [{ scenarioId: 'equity-down-20', name: 'Equity market −20 %', pnl: -3040, pnlPctOfEquity: -0.0304 }],
  unmodelled: [],
  betaSource: 'benchmark',
  limit: { maxPostTradeVarPct: 0.1, policyVersion: 0, var99PctOfEquity: 0.0051, usage: 0.051, breached: false },
};

let server: Server;
let apiUrl: string;
const seen: { method?: string; url?: string; body: string }[] = [];
let reply: { status: number; body: unknown } = { status: 200, body: REPORT };

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, body });
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
  reply = { status: 200, body: REPORT };
});

const withApi = (args: string[]): string[] => [...args, '--api-url', apiUrl, '--token', 'operator-token-0123456789'];

describe('tradeloop risk report', () => {
  it('GETs the latest report and prints it as JSON', async () => {
    const { error, stdout } = await runCli(withApi(['risk', 'report', '--json']));
    expect(error).toBeUndefined();
    expect(seen).toEqual([expect.objectContaining({ method: 'GET', url: '/risk/report' })]);
    expect(JSON.parse(stdout)).toEqual(REPORT);
  });

  it('GETs one session with --date and prints VaR, component VaR and stress for people', async () => {
    const { error, stdout } = await runCli(withApi(['risk', 'report', '--date', '2024-03-15']));
    expect(error).toBeUndefined();
    expect(seen[0]?.url).toBe('/risk/report?date=2024-03-15');
    expect(stdout).toContain('99 %');
    expect(stdout).toContain('510.00 / 600.00');
    expect(stdout).toMatch(/IBM .*cVaR\s+450\.00/);
    expect(stdout).toContain('-3,040.00');
  });

  it('POSTs an on-demand run with --run (and --force)', async () => {
    await runCli(withApi(['risk', 'report', '--run', '--force', '--json']));
    expect(seen).toEqual([expect.objectContaining({ method: 'POST', url: '/risk/report', body: '{"force":true}' })]);
  });

  it('refuses bad arguments with exit code 2, and reports a 404 with the API message', async () => {
    expect(exitCodeFor((await runCli(withApi(['risk', 'report', '--date', '15/03/2024']))).error)).toBe(2);
    expect(exitCodeFor((await runCli(withApi(['risk', 'report', '--run', '--date', '2024-03-15']))).error)).toBe(2);
    expect(seen).toEqual([]);
    reply = { status: 404, body: { error: 'NotFound', message: 'no risk report stored for account acct yet' } };
    const { error } = await runCli(withApi(['risk', 'report']));
    expect(String(error)).toContain('no risk report stored');
    expect(exitCodeFor(error)).toBe(1);
  });

  it('refuses an answer that is not a risk report', async () => {
    reply = { status: 200, body: { hello: 'world' } };
    expect(String((await runCli(withApi(['risk', 'report']))).error)).toContain('not a risk report');
  });
});

describe('tradeloop kill-switch --flatten', () => {
  it('sends flatten with engage', async () => {
    reply = { status: 200, body: { accountId: 'acct', killSwitch: { engaged: true } } };
    const { error } = await runCli(withApi(['kill-switch', '--action', 'engage', '--reason', 'flatten drill', '--flatten', '--json']));
    expect(error).toBeUndefined();
    expect(JSON.parse(seen[0]?.body ?? '{}')).toEqual({ action: 'engage', reason: 'flatten drill', flatten: true });
  });
});
