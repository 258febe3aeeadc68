import type { PortfolioRiskReport } from '../../layers/core/trading';
import type { LocalTradeloop } from '../../local/runtime/local-tradeloop';
import { runReplay } from '../../local/runtime/replay';
import { callControlApi, newYork, startOnTestStandins } from './support';

/**
 * GET/POST /risk/report through the local API gateway and the deployed control-api handler: the on-demand
 * run reads the account and positions from the paper broker and a year of daily bars through the real Alpaca
 * client, stores the report in dynalite, and GET and the dashboard read it back.
 */
describe('risk report API on the embedded default', () => {
  let tradeloop: LocalTradeloop;
  const day = { from: '2013-10-07', to: '2013-10-07', symbols: ['SPY'] };

  beforeAll(async () => {
    tradeloop = await startOnTestStandins({ symbols: day.symbols, fromDate: day.from, toDate: day.to });
  });
  afterAll(async () => {
    await tradeloop.stop();
  });

  it('404 before any report, then an on-demand run of the live book, read back by GET and the dashboard', async () => {
    const none = await callControlApi(tradeloop, 'GET', '/risk/report');
    expect(none.status).toBe(404);
    expect(none.body).toMatchObject({ error: 'NotFound' });

    // Trade until a position is open, then value it.
    const stop = new AbortController();
    await runReplay(tradeloop, { ...day, endAt: newYork('2013-10-07T12:00'), signal: stop.signal }, { kind: 'max' }, () => {
      if (!stop.signal.aborted && tradeloop.broker.positions().length > 0) stop.abort();
    });
    const held = tradeloop.broker.positions();
    expect(held.length).toBeGreaterThan(0);

    const started = Date.now();
    const run = await callControlApi(tradeloop, 'POST', '/risk/report', {});
    const runMs = Date.now() - started;
    expect(run.status).toBe(201);
    const report = run.body as PortfolioRiskReport;
    expect(report).toMatchObject({ schema: 'PortfolioRiskReportV1', asOf: '2013-10-07', routine: 'intraday' });
    // Every held position is in the report: modelled, or listed with why not. The paper broker resamples its daily
    // bars from the shipped minute data (a few days of October 2013), so here the position has too little history
    // and is listed as unmodelled; the figures themselves are covered in test/layers/core/trading.
    expect([...report.positions.map((p) => p.symbol), ...report.unmodelled.map((u) => u.symbol)].sort()).toEqual(held.map((p) => String(p['symbol'])).sort());
    expect(report.unmodelled.every((u) => /daily returns/.test(u.reason))).toBe(true);
    expect(report.equity).toBeGreaterThan(0);
    // Printed for the record (the figure behind "synchronous is fast enough"): loopback, dynalite, paper broker.
    process.stdout.write(`POST /risk/report on the local stack: ${runMs} ms\n`);

    const repeat = await callControlApi(tradeloop, 'POST', '/risk/report');
    expect(repeat.status).toBe(200);
    expect(repeat.body).toEqual(run.body);
    const latest = await callControlApi(tradeloop, 'GET', '/risk/report');
    expect(latest).toEqual({ status: 200, body: run.body });
    expect((await callControlApi(tradeloop, 'GET', '/risk/report?date=2013-10-04')).status).toBe(404);
    expect((await callControlApi(tradeloop, 'GET', '/risk/report?date=yesterday')).status).toBe(400);

    const panel = (await (await fetch(new URL('/api/risk-report', tradeloop.dashboardUrl))).json()) as { available: boolean; report?: { asOf: string } };
    expect(panel).toMatchObject({ available: true, report: { asOf: '2013-10-07' } });
  }, 180_000);
});
