import { join } from 'node:path';
import { DateTime } from 'luxon';
import { loadLeanDailyData } from '../../../../layers/adapters/files';
import { FakeBroker, InMemoryLimitsStore, InMemoryStrategyStateStore, ManualClock } from '../../../../layers/adapters/memory';
import { FakeRiskMarketData } from '../../../../layers/adapters/memory/risk-market';
import { adjustBars, nyseCalendar } from '../../../../layers/core/market';
import type { MinuteBar } from '../../../../layers/core/ports';
import {
  assetBetas,
  covarianceMatrix,
  gaussianVar,
  historicalVar,
  parametricVarDecomposition,
} from '../../../../layers/core/risk-metrics';
import { parseDecimal as d } from '../../../../layers/core/market/exact';
import { europeanPrice, optionContract, type OptionChainSnapshot } from '../../../../layers/core/options';
import { reportPortfolioRisk, riskReportKey, type PortfolioRiskReport, type ReportPortfolioRiskDeps } from '../../../../layers/core/trading';

const calendar = nyseCalendar();
const newYork = (local: string): number => DateTime.fromISO(local, { zone: 'America/New_York' }).toMillis();

/** REAL data shipped in data/: split- and dividend-adjusted daily bars, stamped at New York midnight as Alpaca stamps daily bars. */
const daily = new Map<string, MinuteBar[]>();
beforeAll(async () => {
  for (const symbol of ['SPY', 'IBM', 'BAC']) {
    const data = await loadLeanDailyData(join(__dirname, '../../../../data'), symbol);
    daily.set(
      symbol,
      adjustBars(data.bars, data.factors, 'split-and-dividend').map((b) => ({ symbol, start: newYork(`${b.date}T00:00`), open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume })),
    );
  }
});

const AT = newYork('2019-12-31T20:00'); // nightly routine of 2019-12-31
const ACCOUNT = 'acct-1';

function setup() {
  const clock = new ManualClock(AT + 5_000);
  const broker = new FakeBroker(clock, calendar);
  broker.accountState = { ...broker.accountState, equity: '250000' };
  const market = new FakeRiskMarketData();
  for (const [symbol, bars] of daily) market.daily.set(symbol, bars);
  const reports = new InMemoryStrategyStateStore();
  const deps: ReportPortfolioRiskDeps = { clock, calendar, broker, marketData: market, limits: new InMemoryLimitsStore(), reports, config: { accountId: ACCOUNT } };
  return { broker, market, reports, deps };
}

/** Closes of the sessions closed by AT, by date (an independent, plain computation). */
function closesByDate(symbol: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const b of daily.get(symbol) ?? []) {
    const date = DateTime.fromMillis(b.start, { zone: 'America/New_York' }).toISODate() ?? '';
    if (date <= '2019-12-31') out.set(date, b.close);
  }
  return out;
}

function lastClose(symbol: string): number {
  const closes = [...closesByDate(symbol).entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  return closes[closes.length - 1]?.[1] ?? Number.NaN;
}

describe('reportPortfolioRisk on real daily bars (SPY, IBM, BAC)', () => {
  it('reports historical and Gaussian VaR/CVaR, component VaR and stress results matching the risk-metrics functions, and stores the report', async () => {
    const { broker, market, reports, deps } = setup();
    const book = { SPY: 200, IBM: 150, BAC: -1000 } as const;
    for (const [symbol, quantity] of Object.entries(book)) {
      const price = lastClose(symbol);
      broker.prices.set(symbol, price);
      broker.setPosition(symbol, String(quantity), price.toFixed(4));
    }

    const { report, stored } = await reportPortfolioRisk(deps, { routine: 'nightly', at: AT });
    expect(stored).toBe(true);
    expect(market.calls.dailyBars).toBe(1);

    // Reference: the 252 latest daily returns on sessions common to the three symbols, P&L = Σ value_i · r_i.
    const symbols = Object.keys(book) as (keyof typeof book)[];
    const closes = symbols.map(closesByDate);
    const dates = [...(closes[0]?.keys() ?? [])].filter((d) => closes.every((c) => c.has(d))).sort().slice(-253);
    const series = closes.map((c) => Float64Array.from(dates.slice(1), (d, t) => (c.get(d) ?? Number.NaN) / (c.get(dates[t] ?? '') ?? Number.NaN) - 1));
    // Prices round-trip through 4-decimal money strings at the broker.
    const values = symbols.map((s) => book[s] * Number(lastClose(s).toFixed(4)));
    const pnl = Float64Array.from(dates.slice(1), (_, t) => values.reduce((a, v, i) => a + v * (series[i]?.[t] ?? Number.NaN), 0));
    const equity = 250_000;

    expect(report).toMatchObject({ schema: 'PortfolioRiskReportV1', accountId: ACCOUNT, asOf: '2019-12-31', routine: 'nightly', computedAt: AT + 5_000, equity, observations: 252, unmodelled: [], betaSource: 'benchmark' });
    expect(report.window).toEqual({ from: dates[0], to: '2019-12-31' });
    expect(report.netValue).toBeCloseTo(values.reduce((a, v) => a + v, 0), 6);
    expect(report.grossExposure).toBeCloseTo(values.reduce((a, v) => a + Math.abs(v), 0), 6);
    for (const confidence of [0.95, 0.99]) {
      const level = report.var.find((l) => l.confidence === confidence);
      const h = historicalVar(pnl, confidence);
      const g = gaussianVar(pnl, confidence);
      // Tolerance 1e-6 USD: the same sample, summed in a different order.
      expect(level?.historical.var).toBeCloseTo(h.var, 6);
      expect(level?.historical.cvar).toBeCloseTo(h.cvar, 6);
      expect(level?.gaussian.var).toBeCloseTo(g.var, 6);
      expect(level?.gaussian.cvar).toBeCloseTo(g.cvar, 6);
      expect(level?.historical.varPctOfEquity).toBeCloseTo(h.var / equity, 12);
      expect(level?.gaussian.cvarPctOfEquity).toBeCloseTo(g.cvar / equity, 12);
      expect(h.var).toBeGreaterThan(0);
      expect(h.cvar).toBeGreaterThanOrEqual(h.var);
    }

    // Component VaR (Gaussian 99 %, Euler): the decomposition called directly, and the components add up to the Gaussian VaR99.
    const means = series.map((s) => s.reduce((a, r) => a + r, 0) / s.length);
    const decomposition = parametricVarDecomposition(values, covarianceMatrix(series), 0.99, means);
    expect(report.positions.map((p) => p.symbol)).toEqual(symbols);
    report.positions.forEach((p, i) => {
      expect(p.componentVar99).toBeCloseTo(decomposition.component[i] ?? Number.NaN, 6);
      expect(p.marketValue).toBeCloseTo(values[i] ?? Number.NaN, 8);
    });
    const gaussian99 = report.var.find((l) => l.confidence === 0.99)?.gaussian.var ?? Number.NaN;
    expect(report.positions.reduce((a, p) => a + p.componentVar99, 0)).toBeCloseTo(gaussian99, 6);
    expect(report.positions.reduce((a, p) => a + p.componentShare99, 0)).toBeCloseTo(1, 12);

    // Stress: equity −20 % moves each stock by β × −20 % (β against SPY over the window); vol and rate shocks do not touch stocks.
    const spyReturns = series[0] ?? new Float64Array(0);
    const betas = assetBetas(series, spyReturns).map((b) => b.beta);
    expect(betas[0]).toBeCloseTo(1, 12);
    report.positions.forEach((p, i) => expect(p.beta).toBeCloseTo(betas[i] ?? Number.NaN, 10));
    const down20 = values.reduce((a, v, i) => a + v * Math.max(-1, (betas[i] ?? Number.NaN) * -0.2), 0);
    const stress = Object.fromEntries(report.stress.map((s) => [s.scenarioId, s]));
    expect(stress['equity-down-20']?.pnl).toBeCloseTo(down20, 6);
    expect(stress['equity-down-20']?.pnlPctOfEquity).toBeCloseTo(down20 / equity, 12);
    expect(stress['vol-up-50pct']?.pnl).toBeCloseTo(0, 9);
    expect(stress['rates-up-200bp']?.pnl).toBeCloseTo(0, 9);
    expect(stress['combined']?.pnl).toBeCloseTo(down20, 6);

    // Limit: the larger 99 % VaR over equity against the default policy's maxPostTradeVarPct (0.1).
    const var99 = Math.max(report.var[1]?.historical.var ?? 0, gaussian99);
    expect(report.limit).toEqual({ maxPostTradeVarPct: 0.1, policyVersion: 0, var99PctOfEquity: var99 / equity, usage: var99 / equity / 0.1, breached: false });

    // Stored under risk-report#<account> / session date, as returned (JSON round trip, no NaN).
    const record = await reports.load<PortfolioRiskReport>(riskReportKey(ACCOUNT), '2019-12-31');
    expect(record?.state).toEqual(report);
    expect(record?.version).toBe(1);
  });

  it('flags a breach of the policy\'s post-trade VaR limit and overwrites the same session\'s report on the next run', async () => {
    const { broker, reports, deps } = setup();
    broker.accountState = { ...broker.accountState, equity: '20000' }; // 1000 SPY on 20k equity: leveraged
    broker.setPosition('SPY', '1000', lastClose('SPY').toFixed(4));
    await reportPortfolioRisk(deps, { routine: 'close', at: newYork('2019-12-31T16:05') });
    const { report, stored } = await reportPortfolioRisk(deps, { routine: 'nightly', at: AT });
    expect(stored).toBe(true);
    expect(report.limit.breached).toBe(true);
    expect(report.limit.usage).toBeGreaterThan(1);
    expect(report.positions[0]?.componentShare99).toBeCloseTo(1, 12);
    const record = await reports.load<PortfolioRiskReport>(riskReportKey(ACCOUNT), '2019-12-31');
    expect(record?.version).toBe(2);
    expect(record?.state.routine).toBe('nightly');
  });

  it('re-reads and writes again when a concurrent run of the same session stored its report in between', async () => {
    const { reports, deps } = setup();
    const racing = Object.create(reports) as InMemoryStrategyStateStore;
    let raced = false;
    racing.save = async (record, expected) => {
      if (!raced) {
        raced = true;
        await reports.save({ ...record, state: { other: 'run' } }, expected); // the other run lands first
      }
      return reports.save(record, expected);
    };
    const { report, stored } = await reportPortfolioRisk({ ...deps, reports: racing }, { routine: 'nightly', at: AT });
    expect(stored).toBe(true);
    const record = await reports.load<PortfolioRiskReport>(riskReportKey(ACCOUNT), '2019-12-31');
    expect(record?.version).toBe(2);
    expect(record?.state).toEqual(report);
  });

  it('reports zero for an empty book without reading market data', async () => {
    const { market, reports, deps } = setup();
    const { report } = await reportPortfolioRisk(deps, { routine: 'nightly', at: AT });
    expect(market.calls.dailyBars).toBe(0);
    expect(report).toMatchObject({ equity: 250_000, netValue: 0, grossExposure: 0, observations: 0, window: null, positions: [], unmodelled: [] });
    expect(report.var).toEqual([0.95, 0.99].map((confidence) => ({ confidence, historical: { var: 0, cvar: 0, varPctOfEquity: 0, cvarPctOfEquity: 0 }, gaussian: { var: 0, cvar: 0, varPctOfEquity: 0, cvarPctOfEquity: 0 } })));
    expect(report.stress.map((s) => [s.scenarioId, s.pnl])).toEqual([['equity-down-20', 0], ['vol-up-50pct', 0], ['rates-up-200bp', 0], ['combined', 0]]);
    expect(report.limit).toMatchObject({ var99PctOfEquity: 0, usage: 0, breached: false });
    expect((await reports.load<PortfolioRiskReport>(riskReportKey(ACCOUNT), '2019-12-31'))?.state).toEqual(report);
  });

  it('leaves expired options and symbols without a year of history out of the figures, and says so', async () => {
    const { broker, market, deps } = setup();
    broker.setPosition('SPY', '10', lastClose('SPY').toFixed(4));
    broker.setPosition('SPY191220C00300000', '1', '5.00'); // expired on 2019-12-20
    broker.setPosition('NEWCO', '100', '10.00');
    broker.setPosition('NEWCO200320P00010000', '2', '0.50'); // its underlying lacks the history
    market.daily.set('NEWCO', (daily.get('SPY') ?? []).slice(-5).map((b) => ({ ...b, symbol: 'NEWCO' })));
    const { report } = await reportPortfolioRisk(deps, { routine: 'close', at: newYork('2019-12-31T16:05') });
    expect(report.positions.map((p) => p.symbol)).toEqual(['SPY']);
    expect(report.unmodelled.map((u) => [u.symbol, u.reason]).sort()).toEqual([
      ['NEWCO', '0 daily returns, fewer than 60'], // its bars are the last 5 of SPY's file, after the report date
      ['NEWCO200320P00010000', 'option on NEWCO: 0 daily returns, fewer than 60'],
      ['SPY191220C00300000', 'option expired (2019-12-20): exercise or assignment is not modelled'],
    ]);
    expect(report.observations).toBe(252);
  });

  it('revalues an option position in full: IV from the mark, historical VaR on the underlying\'s moves, component VaR, and the vol +50 % shock moves it', async () => {
    const { broker, deps } = setup();
    const spot = Number(lastClose('SPY').toFixed(4));
    broker.setPosition('SPY', '300', spot.toFixed(4));
    const put = 'SPY200320P00300000';
    broker.setPosition(put, '3', '4.50');
    const { report } = await reportPortfolioRisk(deps, { routine: 'nightly', at: AT });
    expect(report.unmodelled).toEqual([]);
    const row = report.positions.find((p) => p.symbol === put);
    const option = row?.option;
    if (option === undefined) throw new Error('the put is not modelled');
    expect(option).toMatchObject({ underlying: 'SPY', right: 'put', strike: 300, expiry: '2020-03-20', ivSource: 'broker-mark' });
    // 2020-03-20 16:00 New York is the last trading instant; AT is 2019-12-31 20:00 New York.
    const T = (newYork('2020-03-20T16:00') - AT) / (365 * 86_400_000);
    const price = (S: number, sigma: number): number => europeanPrice({ kind: 'put', S, K: 300, T, r: 0, q: 0, sigma, model: 'bsm' });
    // The IV reprices the mark: 3 contracts × 100 × 4.50 = 1350.
    expect(price(spot, option.iv)).toBeCloseTo(4.5, 9);
    expect(row?.marketValue).toBeCloseTo(1350, 6);
    expect(option.delta).toBeLessThan(0);

    // Historical VaR: each window day's SPY return applied to 300 shares and the put repriced at the same IV.
    const closes = closesByDate('SPY');
    const dates = [...closes.keys()].sort().slice(-253);
    const pnl = Float64Array.from(dates.slice(1), (d, t) => {
      const r = (closes.get(d) ?? Number.NaN) / (closes.get(dates[t] ?? '') ?? Number.NaN) - 1;
      return 300 * spot * r + 300 * (price(spot * (1 + r), option.iv) - 4.5);
    });
    for (const level of report.var) {
      const h = historicalVar(pnl, level.confidence);
      expect(level.historical.var).toBeCloseTo(h.var, 6);
      expect(level.historical.cvar).toBeCloseTo(h.cvar, 6);
    }
    // The put hedges: the book's VaR99 is below the shares' alone.
    const sharesOnly = historicalVar(Float64Array.from(dates.slice(1), (d, t) => 300 * spot * ((closes.get(d) ?? Number.NaN) / (closes.get(dates[t] ?? '') ?? Number.NaN) - 1)), 0.99);
    expect(report.var[1]?.historical.var).toBeLessThan(sharesOnly.var);
    // Component VaR: the put's component is negative (it offsets), and the components add up to the Gaussian VaR99.
    expect(row?.componentVar99).toBeLessThan(0);
    expect(report.positions.reduce((a, p) => a + p.componentVar99, 0)).toBeCloseTo(report.var[1]?.gaussian.var ?? Number.NaN, 6);

    // Vol +50 %: only the put moves, by 300 × (BSM at 1.5σ − BSM at σ) > 0.
    const stress = Object.fromEntries(report.stress.map((s) => [s.scenarioId, s.pnl]));
    expect(stress['vol-up-50pct']).toBeCloseTo(300 * (price(spot, 1.5 * option.iv) - 4.5), 6);
    expect(stress['vol-up-50pct']).toBeGreaterThan(10);
  });

  it('takes the IV from the chain\'s quote mid when an options source is given', async () => {
    const { broker, deps } = setup();
    const spot = Number(lastClose('SPY').toFixed(4));
    const put = 'SPY200320P00300000';
    broker.setPosition(put, '-2', '4.50');
    const T = (newYork('2020-03-20T16:00') - AT) / (365 * 86_400_000);
    const mid = europeanPrice({ kind: 'put', S: spot, K: 300, T, r: 0, q: 0, sigma: 0.2, model: 'bsm' });
    const chain: OptionChainSnapshot = {
      underlying: 'SPY',
      asOf: AT,
      underlyingPrice: { price: d(spot.toFixed(4)), source: 'last-trade', ts: AT },
      entries: [{ contract: optionContract({ underlying: 'SPY', expiry: '2020-03-20', right: 'put', strike: d('300'), style: 'american' }), quote: { ts: AT, bid: { price: d((mid - 0.05).toFixed(6)), size: d('1') }, ask: { price: d((mid + 0.05).toFixed(6)), size: d('1') } } }],
    };
    const { report } = await reportPortfolioRisk({ ...deps, options: { chainSnapshot: async () => chain } }, { routine: 'nightly', at: AT });
    const option = report.positions.find((p) => p.symbol === put)?.option;
    expect(option?.ivSource).toBe('chain-mid');
    expect(option?.iv).toBeCloseTo(0.2, 5);
    // Short puts lose when volatility rises.
    expect(report.stress.find((s) => s.scenarioId === 'vol-up-50pct')?.pnl).toBeLessThan(0);
  });
});
