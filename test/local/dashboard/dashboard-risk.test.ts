import type { Dashboard } from '../../../local/dashboard';
import { startDashboard } from '../../../local/dashboard';
import { RISK_REPORT_NOT_YET } from '../../../local/dashboard/dashboard-server';
import { runPageScriptOnce } from './fake-dom';
import { FakeSource } from './fake-source';

/** A stored report as the risk-report use case writes it (fields the panel does not show included). */
const REPORT = {
  schema: 'PortfolioRiskReportV1',
  accountId: 'paper-test',
  asOf: '2013-10-07',
  routine: 'close',
  computedAt: Date.UTC(2013, 9, 7, 20, 5),
  equity: 100_000,
  netValue: 27_000,
  grossExposure: 27_000,
  observations: 252,
  window: { from: '2012-10-05', to: '2013-10-07' },
  var: [
    { confidence: 0.95, historical: { var: 410.5, cvar: 520, varPctOfEquity: 0.004105, cvarPctOfEquity: 0.0052 }, gaussian: { var: 400, cvar: 500, varPctOfEquity: 0.004, cvarPctOfEquity: 0.005 } },
    { confidence: 0.99, historical: { var: 640, cvar: 700, varPctOfEquity: 0.0064, cvarPctOfEquity: 0.007 }, gaussian: { var: 565.25, cvar: 650, varPctOfEquity: 0.0056525, cvarPctOfEquity: 0.0065 } },
  ],
  positions: [
    { symbol: 'SPY', quantity: 100, price: 168, marketValue: 16_800, componentVar99: 400, componentShare99: 0.7077, beta: 1 },
    { symbol: 'IBM', quantity: 55, price: 185.45, marketValue: 10_200, componentVar99: 165.25, componentShare99: 0.2923, beta: 0.8 },
  ],
  stress: [
    { scenarioId: 'equity-down-20', name: 'Equity market −20 %', pnl: -5032, pnlPctOfEquity: -0.05032 },
    { scenarioId: 'rates-up-200bp', name: 'Rates +200 bp', pnl: 0, pnlPctOfEquity: 0 },
  ],
  unmodelled: [{ symbol: 'SPY131018C00170000', marketValue: 300, reason: 'option position: not revalued by the risk report yet' }],
  betaSource: 'benchmark',
  limit: { maxPostTradeVarPct: 0.1, policyVersion: 3, var99PctOfEquity: 0.0064, usage: 0.064, breached: false },
};

async function json(dashboard: Dashboard, path: string): Promise<Record<string, unknown>> {
  const response = await fetch(new URL(path, dashboard.url));
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe('dashboard risk report panel', () => {
  let dashboard: Dashboard | undefined;
  afterEach(async () => {
    await dashboard?.close();
    dashboard = undefined;
  });

  it('says there is no report, and why, rather than show zeros', async () => {
    const source = Object.assign(new FakeSource(), { riskReport: async () => undefined });
    dashboard = await startDashboard({ source });
    expect(await json(dashboard, '/api/risk-report')).toEqual({ available: false, note: RISK_REPORT_NOT_YET });
    const page = await runPageScriptOnce(dashboard.url);
    expect(page.byId('risk-var').allText()).toBe(RISK_REPORT_NOT_YET);
    expect(page.byId('risk-components').allText()).toBe('no report');
  });

  it('shows VaR/CVaR 95/99, component VaR per position and the stress results of the latest report', async () => {
    const source = Object.assign(new FakeSource(), { riskReport: async () => REPORT });
    dashboard = await startDashboard({ source });
    const body = await json(dashboard, '/api/risk-report');
    expect(body['available']).toBe(true);
    expect(body['report']).not.toHaveProperty('accountId'); // the panel gets the figures, nothing else
    const page = await runPageScriptOnce(dashboard.url);
    const varText = page.byId('risk-var').allText();
    expect(varText).toContain('95% $410.50 (0.41%) $520.00 $400.00 (0.40%) $500.00');
    expect(varText).toContain('99% $640.00 (0.64%) $700.00 $565.25 (0.57%) $650.00');
    expect(page.byId('risk-components').allText()).toBe('SPY 100 $16,800.00 $400.00 70.77% IBM 55 $10,200.00 $165.25 29.23%');
    expect(page.byId('risk-stress').allText()).toContain('Equity market −20 % -$5,032.00 -5.03%');
    const note = page.byId('risk-note').textContent;
    expect(note).toContain('session 2013-10-07 · close');
    expect(note).toContain('VaR99 6.40% of its limit (10.00% of equity)');
    expect(note).toContain('not modelled: SPY131018C00170000');
  });

  it('flags a breach, and reports an unreadable stored report instead of guessing', async () => {
    const breached = { ...REPORT, limit: { ...REPORT.limit, usage: 1.2, breached: true } };
    const source = Object.assign(new FakeSource(), { riskReport: async (): Promise<unknown> => breached });
    dashboard = await startDashboard({ source });
    expect((await runPageScriptOnce(dashboard.url)).byId('risk-note').textContent).toContain('OVER THE LIMIT');
    source.riskReport = async () => ({ schema: 'PortfolioRiskReportV1', asOf: '2013-10-07' });
    const body = await json(dashboard, '/api/risk-report');
    expect(body).toMatchObject({ available: false, note: expect.stringContaining('unreadable') });
  });

  it('a run without a report store says so', async () => {
    dashboard = await startDashboard({ source: new FakeSource() });
    expect(await json(dashboard, '/api/risk-report')).toEqual({ available: false, note: 'this run has no risk report store to read' });
  });
});
