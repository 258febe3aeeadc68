import type { RoutineStartedV1 } from '../../contracts';
import type { TradingCalendar } from '../market';
import type { Broker, Clock, LimitsStore, MinuteBar, StrategyStateStore } from '../ports';
import type { RiskMarketData } from '../ports/riskMarket';
import {
  assetBetas,
  covarianceMatrix,
  gaussianVar,
  HYPOTHETICAL_SCENARIOS,
  historicalPortfolioVar,
  parametricVarDecomposition,
  runStressTests,
  scenarioPnL,
  STANDARD_CONFIDENCE_LEVELS,
  type LinearPosition,
  type MarketMove,
  type Portfolio,
} from '../risk-metrics';
import { closedSessions } from './detectRegime';

const DAY_MS = 86_400_000;
const MAX_STORE_ATTEMPTS = 3;

/** Calendar days of daily bars read per held symbol: one year of sessions plus slack for holidays. */
export const RISK_HISTORY_DAYS = 380;
/** Daily returns the VaR uses at most (the latest ones common to every modelled position): about one year. */
export const RISK_LOOKBACK_RETURNS = 252;
/** Fewer common daily returns than this and a position is not modelled (a new listing, a feed gap). */
export const MIN_RISK_RETURNS = 60;
/** The strategy-state partition prefix of the daily risk reports: `risk-report#<accountId>`, sort key = session date. */
export const RISK_REPORT_KEY_PREFIX = 'risk-report#';
/** The partition (strategyId) of an account's risk reports in the strategy-state table. */
export const riskReportKey = (accountId: string): string => `${RISK_REPORT_KEY_PREFIX}${accountId}`;

/** An OCC option symbol (`AAPL240119C00190000`): not revalued by this report yet (no IV per contract here). */
const OCC_OPTION = /^[A-Z.]{1,6}\d{6}[CP]\d{8}$/;

export interface ReportPortfolioRiskConfig {
  readonly accountId: string;
  /** Calendar days of daily bars read (default RISK_HISTORY_DAYS). */
  readonly historyDays?: number;
  /** Daily returns used at most (default RISK_LOOKBACK_RETURNS). */
  readonly lookbackReturns?: number;
  /** The equity index the stress betas are measured against (default SPY); β = 1 when its bars do not cover the window. */
  readonly benchmark?: string;
}

export interface ReportPortfolioRiskDeps {
  readonly clock: Clock;
  readonly calendar: TradingCalendar;
  readonly broker: Pick<Broker, 'account' | 'positions'>;
  /** Split- and dividend-adjusted daily bars (a split would read as a crash). */
  readonly marketData: Pick<RiskMarketData, 'dailyBars'>;
  readonly limits: Pick<LimitsStore, 'currentLimits'>;
  /** Where the report is stored (strategy-state: `risk-report#<accountId>` / session date). */
  readonly reports: StrategyStateStore;
  readonly config: ReportPortfolioRiskConfig;
}

/** VaR and CVaR at one level: positive 1-day losses in USD and as a fraction of account equity (null when equity ≤ 0). */
export interface RiskFigure {
  readonly var: number;
  readonly cvar: number;
  readonly varPctOfEquity: number | null;
  readonly cvarPctOfEquity: number | null;
}

export interface PortfolioRiskLevel {
  readonly confidence: number;
  /** Full revaluation of today's book under each of the window's daily moves, lower empirical quantile. */
  readonly historical: RiskFigure;
  /** −μ + σ·Φ⁻¹(α) of the book's daily P&L (sample σ), CVaR the Gaussian expected shortfall. */
  readonly gaussian: RiskFigure;
}

export interface PositionRisk {
  readonly symbol: string;
  readonly quantity: number;
  readonly price: number;
  readonly marketValue: number;
  /** Gaussian 99 % component VaR in USD (Euler allocation; the components sum to the Gaussian VaR99). */
  readonly componentVar99: number;
  /** componentVar99 / Gaussian VaR99. */
  readonly componentShare99: number;
  /** β against the benchmark over the window (1 when not measured). */
  readonly beta: number;
}

export interface StressFigure {
  readonly scenarioId: string;
  readonly name: string;
  /** P&L in USD, negative = loss (full revaluation, spot moves scaled by each position's β). */
  readonly pnl: number;
  readonly pnlPctOfEquity: number | null;
}

/** The daily risk report of one account, as stored and returned. */
export interface PortfolioRiskReport {
  readonly schema: 'PortfolioRiskReportV1';
  readonly accountId: string;
  /** Session date of the routine (YYYY-MM-DD, New York): the report's key. */
  readonly asOf: string;
  readonly routine: RoutineStartedV1['routine'];
  readonly computedAt: number;
  readonly equity: number;
  /** Net and gross value of the modelled positions. */
  readonly netValue: number;
  readonly grossExposure: number;
  /** Daily returns behind the VaR and the first and last session of the window (null for an empty book). */
  readonly observations: number;
  readonly window: { readonly from: string; readonly to: string } | null;
  readonly var: readonly PortfolioRiskLevel[];
  readonly positions: readonly PositionRisk[];
  readonly stress: readonly StressFigure[];
  /** Held positions left out of the figures, with why (options, too little history): the figures understate risk while this is not empty. */
  readonly unmodelled: readonly { readonly symbol: string; readonly marketValue: number; readonly reason: string }[];
  readonly betaSource: 'benchmark' | 'assumed-1';
  /**
   * The policy's post-trade VaR limit against the book's 99 % 1-day VaR (the larger of the historical and the
   * Gaussian figure): `usage` = VaR99 % of equity / limit, ≥ 1 means over the limit.
   */
  readonly limit: { readonly maxPostTradeVarPct: number; readonly policyVersion: number; readonly var99PctOfEquity: number | null; readonly usage: number | null; readonly breached: boolean };
}

export interface ReportPortfolioRiskResult {
  readonly report: PortfolioRiskReport;
  /** False only when concurrent writers of the same date's report won three times in a row (theirs is kept). */
  readonly stored: boolean;
}

/**
 * The risk report of the current book (nightly and at the close): positions and equity from the broker,
 * about a year of daily closes per held symbol, the returns on the sessions common to all of them, then
 * 1-day VaR/CVaR at 95 % and 99 % by historical full revaluation and by the Gaussian model of the book's
 * P&L, Gaussian component VaR per position, and the hypothetical stress scenarios (equity −20 %, implied
 * vol +50 %, rates +200 bp, combined). The report is stored per account and session date (the close
 * and the nightly run of one session write the same item, the later one wins).
 */
export async function reportPortfolioRisk(deps: ReportPortfolioRiskDeps, routine: Pick<RoutineStartedV1, 'routine' | 'at'>): Promise<ReportPortfolioRiskResult> {
  const { accountId } = deps.config;
  const benchmark = deps.config.benchmark ?? 'SPY';
  const lookback = deps.config.lookbackReturns ?? RISK_LOOKBACK_RETURNS;
  const [account, brokerPositions, policy] = await Promise.all([deps.broker.account(), deps.broker.positions(), deps.limits.currentLimits(accountId)]);
  const equity = Number(account.equity);
  const pctOf = (usd: number): number | null => (equity > 0 ? usd / equity : null);

  const unmodelled: { symbol: string; marketValue: number; reason: string }[] = [];
  const candidates: { symbol: string; quantity: number; price: number }[] = [];
  for (const p of brokerPositions) {
    const quantity = Number(p.quantity);
    const price = Number(p.currentPrice);
    if (quantity === 0) continue;
    if (OCC_OPTION.test(p.symbol)) unmodelled.push({ symbol: p.symbol, marketValue: Number(p.marketValue), reason: 'option position: not revalued by the risk report yet' });
    else if (!(price > 0) || !Number.isFinite(quantity)) unmodelled.push({ symbol: p.symbol, marketValue: Number(p.marketValue), reason: `no usable price (${p.currentPrice}) or quantity (${p.quantity})` });
    else candidates.push({ symbol: p.symbol, quantity, price });
  }

  const symbols = candidates.map((c) => c.symbol);
  const from = routine.at - (deps.config.historyDays ?? RISK_HISTORY_DAYS) * DAY_MS;
  const fetched = symbols.length === 0 ? new Map<string, readonly MinuteBar[]>() : await deps.marketData.dailyBars([...new Set([...symbols, benchmark])], from, routine.at + 1);
  const closes = new Map<string, Map<string, number>>();
  for (const symbol of new Set([...symbols, benchmark])) {
    closes.set(symbol, new Map(closedSessions(deps.calendar, fetched.get(symbol) ?? [], routine.at).map((b) => [b.date, b.close])));
  }

  // Positions with enough history of their own; the window = the latest sessions every one of them traded.
  const modelled = candidates.filter((c) => {
    const n = (closes.get(c.symbol)?.size ?? 0) - 1;
    if (n >= MIN_RISK_RETURNS) return true;
    unmodelled.push({ symbol: c.symbol, marketValue: c.quantity * c.price, reason: `${Math.max(0, n)} daily returns, fewer than ${MIN_RISK_RETURNS}` });
    return false;
  });
  let dates = modelled.length === 0 ? [] : [...(closes.get(modelled[0]?.symbol ?? '')?.keys() ?? [])];
  for (const c of modelled.slice(1)) {
    const own = closes.get(c.symbol);
    dates = dates.filter((d) => own?.has(d) === true);
  }
  dates.sort();
  dates = dates.slice(-(lookback + 1));
  if (modelled.length > 0 && dates.length - 1 < MIN_RISK_RETURNS) {
    for (const c of modelled) unmodelled.push({ symbol: c.symbol, marketValue: c.quantity * c.price, reason: `${Math.max(0, dates.length - 1)} daily returns common to the book, fewer than ${MIN_RISK_RETURNS}` });
    modelled.length = 0;
    dates = [];
  }

  const returnsOf = (symbol: string): Float64Array | undefined => {
    const own = closes.get(symbol);
    const out = new Float64Array(Math.max(0, dates.length - 1));
    for (let t = 1; t < dates.length; t += 1) {
      const prev = own?.get(dates[t - 1] ?? '');
      const cur = own?.get(dates[t] ?? '');
      if (prev === undefined || cur === undefined) return undefined;
      out[t - 1] = cur / prev - 1;
    }
    return out;
  };
  const series = modelled.map((c) => returnsOf(c.symbol) ?? new Float64Array(0));
  const portfolio: Portfolio = {
    positions: modelled.map((c): LinearPosition => ({ kind: 'linear', id: c.symbol, underlying: c.symbol, quantity: c.quantity })),
    spots: Object.fromEntries(modelled.map((c) => [c.symbol, c.price])),
  };
  const weights = modelled.map((c) => c.quantity * c.price);
  const netValue = weights.reduce((a, w) => a + w, 0);
  const grossExposure = weights.reduce((a, w) => a + Math.abs(w), 0);

  const benchmarkReturns = returnsOf(benchmark);
  const betas: number[] = benchmarkReturns !== undefined && series.length > 0 ? assetBetas(series, benchmarkReturns).map((b) => (Number.isFinite(b.beta) ? b.beta : 1)) : modelled.map(() => 1);
  const betaSource = benchmarkReturns !== undefined ? 'benchmark' : 'assumed-1';

  const figure = (v: number, cv: number): RiskFigure => ({ var: v, cvar: cv, varPctOfEquity: pctOf(v), cvarPctOfEquity: pctOf(cv) });
  let levels: PortfolioRiskLevel[];
  let positions: PositionRisk[];
  let stress: StressFigure[];
  const confidences = [...STANDARD_CONFIDENCE_LEVELS];
  if (modelled.length === 0) {
    levels = confidences.map((confidence) => ({ confidence, historical: figure(0, 0), gaussian: figure(0, 0) }));
    positions = [];
    stress = HYPOTHETICAL_SCENARIOS.map((s) => ({ scenarioId: s.id, name: s.name, pnl: 0, pnlPctOfEquity: pctOf(0) }));
  } else {
    const moves: MarketMove[] = [];
    for (let t = 0; t < dates.length - 1; t += 1) moves.push({ spotReturns: Object.fromEntries(modelled.map((c, i) => [c.symbol, series[i]?.[t] ?? 0])) });
    const historical = historicalPortfolioVar(portfolio, moves, confidences);
    const pnl = scenarioPnL(portfolio, moves);
    levels = confidences.map((confidence, i) => {
      const h = historical.estimates[i];
      const g = gaussianVar(pnl, confidence);
      return { confidence, historical: figure(h?.var ?? Number.NaN, h?.cvar ?? Number.NaN), gaussian: figure(g.var, g.cvar) };
    });
    const means = series.map((s) => s.reduce((a, r) => a + r, 0) / s.length);
    const decomposition = parametricVarDecomposition(weights, covarianceMatrix(series), 0.99, means);
    positions = modelled.map((c, i) => ({
      symbol: c.symbol,
      quantity: c.quantity,
      price: c.price,
      marketValue: weights[i] ?? 0,
      componentVar99: decomposition.component[i] ?? 0,
      componentShare99: decomposition.componentShare[i] ?? 0,
      beta: betas[i] ?? 1,
    }));
    const betaMap = Object.fromEntries(modelled.map((c, i) => [c.symbol, betas[i] ?? 1]));
    stress = runStressTests(portfolio, HYPOTHETICAL_SCENARIOS, betaMap).map((s) => ({ scenarioId: s.scenarioId, name: s.name, pnl: s.pnl, pnlPctOfEquity: pctOf(s.pnl) }));
  }

  const at99 = levels.find((l) => l.confidence === 0.99);
  const var99 = Math.max(at99?.historical.var ?? 0, at99?.gaussian.var ?? 0);
  const var99Pct = pctOf(var99);
  const limitPct = policy.limits.maxPostTradeVarPct;
  const usage = var99Pct === null ? null : var99Pct / limitPct;
  const report: PortfolioRiskReport = {
    schema: 'PortfolioRiskReportV1',
    accountId,
    asOf: deps.calendar.sessionDate(routine.at),
    routine: routine.routine,
    computedAt: await deps.clock.now(),
    equity,
    netValue,
    grossExposure,
    observations: Math.max(0, dates.length - 1),
    window: dates.length === 0 ? null : { from: dates[0] ?? '', to: dates[dates.length - 1] ?? '' },
    var: levels,
    positions,
    stress,
    unmodelled,
    betaSource: modelled.length === 0 ? 'assumed-1' : betaSource,
    limit: { maxPostTradeVarPct: limitPct, policyVersion: policy.version, var99PctOfEquity: var99Pct, usage, breached: usage !== null && usage >= 1 },
  };

  // Version-conditioned put, re-read on a conflict: two runs of one session (close and nightly, or a redelivery) racing both land, the last write wins.
  const key = riskReportKey(accountId);
  for (let attempt = 0; attempt < MAX_STORE_ATTEMPTS; attempt += 1) {
    const version = (await deps.reports.load<PortfolioRiskReport>(key, report.asOf))?.version ?? 0;
    if (await deps.reports.save<PortfolioRiskReport>({ strategyId: key, symbol: report.asOf, state: report, version: version + 1 }, version)) return { report, stored: true };
  }
  return { report, stored: false };
}
