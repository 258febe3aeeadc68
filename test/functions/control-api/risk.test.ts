import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DateTime } from 'luxon';
import type { RiskReportDeps } from '../../../functions/control-api/risk';
import { routeControlRequest, type ControlDeps } from '../../../functions/control-api/routes';
import { FakeBroker, InMemoryLimitsStore, InMemoryOrderStore, InMemoryPositionStore, InMemoryStrategyStateStore, ManualClock, RecordingEventPublisher } from '../../../layers/adapters/memory';
import { FakeRiskMarketData } from '../../../layers/adapters/memory/risk-market';
import { InMemoryRiskReports } from '../../../layers/adapters/memory/risk-reports';
import { nyseCalendar } from '../../../layers/core/market';
import type { MinuteBar } from '../../../layers/core/ports';
import { reportPortfolioRisk, type PortfolioRiskReport } from '../../../layers/core/trading';

const calendar = nyseCalendar();
const newYork = (local: string): number => DateTime.fromISO(local, { zone: 'America/New_York' }).toMillis();
const NOW = newYork('2024-03-15T11:00');
const OPERATOR = 'arn:aws:iam::000000000000:user/ops';

function request(method: string, path: string, options: { body?: unknown; query?: Record<string, string> } = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    ...(options.query === undefined ? {} : { queryStringParameters: options.query }),
    ...(options.body === undefined ? {} : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
    requestContext: { http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' }, authorizer: { iam: { userArn: OPERATOR } } },
  } as unknown as APIGatewayProxyEventV2;
}

/** 80 synthetic daily closes per symbol (deterministic wiggle), stamped at New York midnight of each session. */
function dailyBars(symbol: string, base: number): MinuteBar[] {
  const bars: MinuteBar[] = [];
  let day = DateTime.fromISO('2023-10-02', { zone: 'America/New_York' });
  let price = base;
  while (bars.length < 110) {
    const date = day.toISODate() ?? '';
    if (calendar.session(date) !== undefined && day.toMillis() < NOW) {
      price *= 1 + 0.01 * Math.sin(bars.length * (symbol === 'SPY' ? 0.7 : 1.3));
      bars.push({ symbol, start: day.toMillis(), open: price, high: price, low: price, close: price, volume: 1e6 });
    }
    day = day.plus({ days: 1 });
    if (day.toMillis() > NOW) break;
  }
  return bars;
}

function setup() {
  const clock = new ManualClock(NOW);
  const broker = new FakeBroker(clock, calendar);
  broker.prices.set('IBM', 190);
  broker.setPosition('IBM', '100', '180');
  const market = new FakeRiskMarketData();
  market.daily.set('IBM', dailyBars('IBM', 150));
  market.daily.set('SPY', dailyBars('SPY', 420));
  const limits = new InMemoryLimitsStore();
  const reports = new InMemoryRiskReports(new InMemoryStrategyStateStore());
  let runs = 0;
  const riskReport: RiskReportDeps = {
    accountId: 'acct',
    clock,
    reports,
    sessionDate: (at) => calendar.sessionDate(at),
    run: (at) => {
      runs += 1;
      return reportPortfolioRisk({ clock, calendar, broker, marketData: market, limits, reports: reports.store, config: { accountId: 'acct' } }, { routine: 'intraday', at });
    },
  };
  const deps: ControlDeps = {
    accountId: 'acct',
    clock,
    broker,
    limits,
    orders: new InMemoryOrderStore(),
    positions: new InMemoryPositionStore(),
    events: new RecordingEventPublisher(),
    strategies: async () => ({ strategies: [], source: 'default', activeSet: null, models: [], symbolsWithoutModel: [] }),
    riskReport: () => riskReport,
  };
  return { clock, deps, runs: () => runs };
}

const bodyOf = (result: { body?: string }) => JSON.parse(result.body ?? '{}') as Record<string, unknown>;

describe('GET/POST /risk/report', () => {
  it('answers 404 with a clear message while no report is stored, for the latest and for a date', async () => {
    const { deps } = setup();
    const latest = await routeControlRequest(request('GET', '/risk/report'), deps);
    expect(latest.statusCode).toBe(404);
    expect(bodyOf(latest)).toMatchObject({ error: 'NotFound', message: expect.stringContaining('POST /risk/report runs one now') });
    const dated = await routeControlRequest(request('GET', '/risk/report', { query: { date: '2024-03-14' } }), deps);
    expect(dated.statusCode).toBe(404);
    expect(bodyOf(dated)['message']).toContain('2024-03-14');
  });

  it('validates the query and the body', async () => {
    const { deps } = setup();
    const badDate = await routeControlRequest(request('GET', '/risk/report', { query: { date: '14/03/2024' } }), deps);
    expect(badDate.statusCode).toBe(400);
    expect(bodyOf(badDate)['issues']).toEqual([expect.objectContaining({ path: 'date' })]);
    const unknownParam = await routeControlRequest(request('GET', '/risk/report', { query: { account: 'other' } }), deps);
    expect(unknownParam.statusCode).toBe(400);
    const badBody = await routeControlRequest(request('POST', '/risk/report', { body: { force: 'yes' } }), deps);
    expect(badBody.statusCode).toBe(400);
    const notJson = await routeControlRequest(request('POST', '/risk/report', { body: '{nope' }), deps);
    expect(notJson.statusCode).toBe(400);
  });

  it('runs on demand (201), a repeat within a minute returns the same report without recomputing (200), force recomputes', async () => {
    const { clock, deps, runs } = setup();
    const first = await routeControlRequest(request('POST', '/risk/report'), deps);
    expect(first.statusCode).toBe(201);
    const report = bodyOf(first) as unknown as PortfolioRiskReport;
    expect(report).toMatchObject({ schema: 'PortfolioRiskReportV1', accountId: 'acct', asOf: '2024-03-15', computedAt: NOW });
    expect(report.positions).toEqual([expect.objectContaining({ symbol: 'IBM', quantity: 100 })]);
    expect(report.var.map((l) => l.confidence)).toEqual([0.95, 0.99]);
    expect(report.var[1]?.historical.var).toBeGreaterThan(0);
    expect(runs()).toBe(1);

    clock.set(NOW + 30_000);
    const repeat = await routeControlRequest(request('POST', '/risk/report', { body: {} }), deps);
    expect(repeat.statusCode).toBe(200);
    expect(bodyOf(repeat)).toEqual(bodyOf(first));
    expect(runs()).toBe(1);

    const forced = await routeControlRequest(request('POST', '/risk/report', { body: { force: true } }), deps);
    expect(forced.statusCode).toBe(201);
    expect(bodyOf(forced)['computedAt']).toBe(NOW + 30_000);
    clock.set(NOW + 120_000);
    expect((await routeControlRequest(request('POST', '/risk/report'), deps)).statusCode).toBe(201);
    expect(runs()).toBe(3);

    // One stored item per session, whatever the number of runs: GET latest and GET by date return the last one.
    const latest = await routeControlRequest(request('GET', '/risk/report'), deps);
    expect(latest.statusCode).toBe(200);
    expect(bodyOf(latest)['computedAt']).toBe(NOW + 120_000);
    expect(bodyOf(await routeControlRequest(request('GET', '/risk/report', { query: { date: '2024-03-15' } }), deps))).toEqual(bodyOf(latest));
  });

  it('answers 503 where the deployment has no risk report wiring', async () => {
    const { deps } = setup();
    const { riskReport: _none, ...without } = deps;
    expect((await routeControlRequest(request('GET', '/risk/report'), without)).statusCode).toBe(503);
  });
});
