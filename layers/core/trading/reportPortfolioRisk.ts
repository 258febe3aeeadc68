import type { RoutineStartedV1 } from '../../contracts';
import type { TradingCalendar } from '../market';
import type { Broker, Clock, LimitsStore, MinuteBar, StrategyStateStore } from '../ports';
import type { OptionsMarketData } from '../ports/optionsMarket';
import type { RiskMarketData } from '../ports/riskMarket';
import { europeanGreeks, europeanImpliedVolatility, parseOccSymbol, yearsToExpiry, type OptionChainSnapshot } from '../options';
import { contractGreeks, type GreekRates } from '../risk';
import {
  assetBetas,
  covarianceMatrix,
  gaussianVar,
  HYPOTHETICAL_SCENARIOS,
  historicalPortfolioVar,
  parametricVarDecomposition,
  portfolioValue,
  positionValue,
  revaluePortfolio,
  runStressTests,
  scenarioPnL,
  STANDARD_CONFIDENCE_LEVELS,
  type MarketMove,
  type Portfolio,
  type Position,
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

/** An OCC option symbol (`AAPL240119C00190000`): revalued with BSM at its IV on its underlying's history. */
const OCC_OPTION = /^[A-Z][A-Z0-9.]{0,5}\d{6}[CP]\d{8}$/;
/** Shares per contract of a held OCC position (standard US equity options; adjusted contracts are not told apart by symbol). */
const OPTION_MULTIPLIER = 100;

export interface ReportPortfolioRiskConfig {
  readonly accountId: string;
  /** Calendar days of daily bars read (default RISK_HISTORY_DAYS). */
  readonly historyDays?: number;
  /** Daily returns used at most (default RISK_LOOKBACK_RETURNS). */
  readonly lookbackReturns?: number;
  /** The equity index the stress betas are measured against (default SPY); β = 1 when its bars do not cover the window. */
  readonly benchmark?: string;
  /** Rates the option IVs are solved and repriced with (default r = q = 0, as the options correlator's default). */
  readonly optionRates?: GreekRates;
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
  /**
   * Option chains for the IV of held contracts (from the quote mid). Without it, or when a chain read fails or
   * lacks the contract, the IV is solved from the broker's mark of the position against the underlying's last close.
   */
  readonly options?: Pick<OptionsMarketData, 'chainSnapshot'>;
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
  /** Shares, or contracts for an option. */
  readonly quantity: number;
  /** Per share (an option's model price per share of underlying at its IV). */
  readonly price: number;
  readonly marketValue: number;
  /** Present for an option position: how it was revalued. */
  readonly option?: {
    readonly underlying: string;
    readonly right: 'call' | 'put';
    readonly strike: number;
    readonly expiry: string;
    readonly iv: number;
    /** Where the IV came from: the chain's quote mid or the broker's mark of the position. */
    readonly ivSource: 'chain-mid' | 'broker-mark';
    /** Position delta in shares of the underlying (× contracts × 100). */
    readonly delta: number;
  };
  /**
   * Gaussian 99 % component VaR in USD (Euler allocation of the full-revaluation P&L: −mean_i + z·cov(P&L_i, P&L)/σ;
   * the components sum to the Gaussian VaR99).
   */
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
 * about a year of daily closes per held symbol and per option underlying, the returns on the sessions common to
 * all of them, option positions revalued in full by BSM at their IV (from the chain's quote mid, else the broker's
 * mark; held fixed across the window's moves, shocked by the stress scenarios; expiry, strike and right from the
 * OCC symbol; instantaneous moves, no time decay over the day), then
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
  const stocks: { symbol: string; quantity: number; price: number }[] = [];
  const options: { symbol: string; quantity: number; mark: number; marketValue: number; underlying: string; right: 'call' | 'put'; strike: number; expiry: string; T: number }[] = [];
  for (const p of brokerPositions) {
    const quantity = Number(p.quantity);
    const price = Number(p.currentPrice);
    if (quantity === 0) continue;
    if (OCC_OPTION.test(p.symbol)) {
      const { root, expiry, right, strike } = parseOccSymbol(p.symbol);
      const T = yearsToExpiry(expiry, routine.at, deps.calendar);
      if (!(T > 0)) unmodelled.push({ symbol: p.symbol, marketValue: Number(p.marketValue), reason: `option expired (${expiry}): exercise or assignment is not modelled` });
      else options.push({ symbol: p.symbol, quantity, mark: price, marketValue: Number(p.marketValue), underlying: root, right, strike: Number(strike), expiry, T });
    } else if (!(price > 0) || !Number.isFinite(quantity)) unmodelled.push({ symbol: p.symbol, marketValue: Number(p.marketValue), reason: `no usable price (${p.currentPrice}) or quantity (${p.quantity})` });
    else stocks.push({ symbol: p.symbol, quantity, price });
  }

  // Risk factors: every stock held and every option's underlying, each on its own daily closes.
  const factors = [...new Set([...stocks.map((c) => c.symbol), ...options.map((o) => o.underlying)])];
  const from = routine.at - (deps.config.historyDays ?? RISK_HISTORY_DAYS) * DAY_MS;
  const [fetched, chains] = await Promise.all([
    factors.length === 0 ? new Map<string, readonly MinuteBar[]>() : deps.marketData.dailyBars([...new Set([...factors, benchmark])], from, routine.at + 1),
    readOptionChains(deps.options, options),
  ]);
  const closes = new Map<string, Map<string, number>>();
  for (const symbol of new Set([...factors, benchmark])) {
    closes.set(symbol, new Map(closedSessions(deps.calendar, fetched.get(symbol) ?? [], routine.at).map((b) => [b.date, b.close])));
  }

  // Factors with enough history of their own; the window = the latest sessions every one of them traded.
  const rejectedFactors = new Map<string, string>();
  const modelledFactors = factors.filter((f) => {
    const n = (closes.get(f)?.size ?? 0) - 1;
    if (n >= MIN_RISK_RETURNS) return true;
    rejectedFactors.set(f, `${Math.max(0, n)} daily returns${stocks.some((c) => c.symbol === f) ? '' : ` of the underlying ${f}`}, fewer than ${MIN_RISK_RETURNS}`);
    return false;
  });
  let dates = modelledFactors.length === 0 ? [] : [...(closes.get(modelledFactors[0] ?? '')?.keys() ?? [])];
  for (const f of modelledFactors.slice(1)) {
    const own = closes.get(f);
    dates = dates.filter((d) => own?.has(d) === true);
  }
  dates.sort();
  dates = dates.slice(-(lookback + 1));
  if (modelledFactors.length > 0 && dates.length - 1 < MIN_RISK_RETURNS) {
    for (const f of modelledFactors) rejectedFactors.set(f, `${Math.max(0, dates.length - 1)} daily returns common to the book, fewer than ${MIN_RISK_RETURNS}`);
    modelledFactors.length = 0;
    dates = [];
  }
  const lastCloseOf = (symbol: string): number | undefined => closes.get(symbol)?.get(dates[dates.length - 1] ?? '');

  // Spots: a held stock's own price, else (an option-only underlying) the chain's price or the last close.
  const spots: Record<string, number> = {};
  for (const f of modelledFactors) {
    const stock = stocks.find((c) => c.symbol === f);
    const chainPrice = Number(chains.get(f)?.underlyingPrice?.price);
    const spot = stock?.price ?? (chainPrice > 0 ? chainPrice : lastCloseOf(f));
    if (spot !== undefined && spot > 0) spots[f] = spot;
  }

  const rates = deps.config.optionRates ?? { r: 0, q: 0 };
  const positionsIn: Position[] = [];
  const rows: { symbol: string; quantity: number; factor: string; option?: PositionRisk['option'] }[] = [];
  for (const c of stocks) {
    const reason = rejectedFactors.get(c.symbol);
    if (reason !== undefined) unmodelled.push({ symbol: c.symbol, marketValue: c.quantity * c.price, reason });
    else {
      positionsIn.push({ kind: 'linear', id: c.symbol, underlying: c.symbol, quantity: c.quantity });
      rows.push({ symbol: c.symbol, quantity: c.quantity, factor: c.symbol });
    }
  }
  for (const o of options) {
    const reason = rejectedFactors.get(o.underlying);
    const S = spots[o.underlying];
    if (reason !== undefined || S === undefined) {
      unmodelled.push({ symbol: o.symbol, marketValue: o.marketValue, reason: `option on ${o.underlying}: ${reason ?? 'no underlying price'}` });
      continue;
    }
    const iv = optionIv(o, S, chains.get(o.underlying), deps.calendar, rates, routine.at);
    if ('missing' in iv) {
      unmodelled.push({ symbol: o.symbol, marketValue: o.marketValue, reason: `option: ${iv.missing}` });
      continue;
    }
    const position: Position = { kind: 'option', id: o.symbol, underlying: o.underlying, quantity: o.quantity, multiplier: OPTION_MULTIPLIER, type: o.right, strike: o.strike, expiryYears: o.T, sigma: iv.iv, rate: rates.r, dividendYield: rates.q };
    positionsIn.push(position);
    const delta = europeanGreeks({ kind: o.right, S, K: o.strike, T: o.T, r: rates.r, q: rates.q, sigma: iv.iv }).delta * o.quantity * OPTION_MULTIPLIER;
    rows.push({ symbol: o.symbol, quantity: o.quantity, factor: o.underlying, option: { underlying: o.underlying, right: o.right, strike: o.strike, expiry: o.expiry, iv: iv.iv, ivSource: iv.source, delta } });
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
  const usedFactors = [...new Set(rows.map((r) => r.factor))];
  const factorReturns = new Map(usedFactors.map((f) => [f, returnsOf(f) ?? new Float64Array(0)]));
  const portfolio: Portfolio = { positions: positionsIn, spots: Object.fromEntries(usedFactors.map((f) => [f, spots[f] ?? Number.NaN])) };
  const weights = positionsIn.map((p) => positionValue(p, portfolio));
  const netValue = weights.reduce((a, w) => a + w, 0);
  const grossExposure = weights.reduce((a, w) => a + Math.abs(w), 0);

  const benchmarkReturns = returnsOf(benchmark);
  const factorSeries = usedFactors.map((f) => factorReturns.get(f) ?? new Float64Array(0));
  const factorBetas: number[] = benchmarkReturns !== undefined && factorSeries.length > 0 ? assetBetas(factorSeries, benchmarkReturns).map((b) => (Number.isFinite(b.beta) ? b.beta : 1)) : usedFactors.map(() => 1);
  const betaMap = Object.fromEntries(usedFactors.map((f, i) => [f, factorBetas[i] ?? 1]));
  const betaSource = benchmarkReturns !== undefined ? 'benchmark' : 'assumed-1';

  const figure = (v: number, cv: number): RiskFigure => ({ var: v, cvar: cv, varPctOfEquity: pctOf(v), cvarPctOfEquity: pctOf(cv) });
  let levels: PortfolioRiskLevel[];
  let positions: PositionRisk[];
  let stress: StressFigure[];
  const confidences = [...STANDARD_CONFIDENCE_LEVELS];
  if (positionsIn.length === 0) {
    levels = confidences.map((confidence) => ({ confidence, historical: figure(0, 0), gaussian: figure(0, 0) }));
    positions = [];
    stress = HYPOTHETICAL_SCENARIOS.map((s) => ({ scenarioId: s.id, name: s.name, pnl: 0, pnlPctOfEquity: pctOf(0) }));
  } else {
    // Each window day's underlying moves applied to today's book at once (options fully repriced at their IV; IV held).
    const moves: MarketMove[] = [];
    for (let t = 0; t < dates.length - 1; t += 1) moves.push({ spotReturns: Object.fromEntries(usedFactors.map((f) => [f, factorReturns.get(f)?.[t] ?? 0])) });
    const historical = historicalPortfolioVar(portfolio, moves, confidences);
    const pnl = scenarioPnL(portfolio, moves);
    levels = confidences.map((confidence, i) => {
      const h = historical.estimates[i];
      const g = gaussianVar(pnl, confidence);
      return { confidence, historical: figure(h?.var ?? Number.NaN, h?.cvar ?? Number.NaN), gaussian: figure(g.var, g.cvar) };
    });
    // Euler allocation on each position's own full-revaluation P&L (unit weights): for a stock, P&L_i = value_i · r_i,
    // which is the parametric decomposition on returns; an option contributes its repriced P&L, not a delta proxy.
    const base = positionsIn.map((p) => positionValue(p, portfolio));
    const pnlSeries = positionsIn.map((p, i) => Float64Array.from(moves, (m) => positionValue(p, portfolio, m) - (base[i] ?? 0)));
    const means = pnlSeries.map((s) => s.reduce((a, x) => a + x, 0) / s.length);
    const decomposition = parametricVarDecomposition(positionsIn.map(() => 1), covarianceMatrix(pnlSeries), 0.99, means);
    positions = rows.map((r, i) => ({
      symbol: r.symbol,
      quantity: r.quantity,
      price: r.option === undefined ? (spots[r.factor] ?? Number.NaN) : (weights[i] ?? 0) / (r.quantity * OPTION_MULTIPLIER),
      marketValue: weights[i] ?? 0,
      ...(r.option === undefined ? {} : { option: r.option }),
      componentVar99: decomposition.component[i] ?? 0,
      componentShare99: decomposition.componentShare[i] ?? 0,
      beta: betaMap[r.factor] ?? 1,
    }));
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
    betaSource: positionsIn.length === 0 ? 'assumed-1' : betaSource,
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

/** The chains of the held options' underlyings (bounded by their expiries and strikes); a failed read leaves that chain out. */
async function readOptionChains(
  source: ReportPortfolioRiskDeps['options'],
  options: readonly { readonly underlying: string; readonly expiry: string; readonly strike: number }[],
): Promise<ReadonlyMap<string, OptionChainSnapshot>> {
  if (source === undefined || options.length === 0) return new Map();
  const underlyings = [...new Set(options.map((o) => o.underlying))];
  const read = await Promise.all(
    underlyings.map(async (u) => {
      const own = options.filter((o) => o.underlying === u);
      const expiries = own.map((o) => o.expiry).sort();
      const strikes = own.map((o) => o.strike);
      const filter = { expiryFrom: expiries[0] ?? '', expiryTo: expiries[expiries.length - 1] ?? '', strikeFrom: Math.min(...strikes), strikeTo: Math.max(...strikes) };
      // A chain is an optional better IV source: on failure the broker's mark stands in.
      const chain = await source.chainSnapshot(u, filter).catch(() => undefined);
      return [u, chain] as const;
    }),
  );
  return new Map(read.flatMap(([u, chain]) => (chain === undefined ? [] : [[u, chain] as const])));
}

/**
 * A held option's IV: from the chain's quote mid when the chain has a two-sided quote for it, else from the broker's
 * mark of the position (its current price per share) against the underlying's spot; a reason when neither solves.
 */
function optionIv(
  o: { readonly symbol: string; readonly mark: number; readonly right: 'call' | 'put'; readonly strike: number; readonly T: number },
  S: number,
  chain: OptionChainSnapshot | undefined,
  calendar: TradingCalendar,
  rates: GreekRates,
  at: number,
): { readonly iv: number; readonly source: 'chain-mid' | 'broker-mark' } | { readonly missing: string } {
  if (chain !== undefined) {
    const g = contractGreeks(o.symbol, { ...chain, asOf: Math.min(chain.asOf, at) }, calendar, rates);
    // iv 0: the mid is at or below intrinsic value; the broker's mark may still solve.
    if (!('missing' in g) && g.iv > 0) return { iv: g.iv, source: 'chain-mid' };
  }
  if (!(o.mark > 0)) return { missing: `no chain quote and no usable mark (${o.mark}) for an IV` };
  const iv = europeanImpliedVolatility({ kind: o.right, S, K: o.strike, T: o.T, r: rates.r, q: rates.q, price: o.mark });
  return iv.ok ? { iv: iv.value, source: 'broker-mark' } : { missing: `no IV from the mark ${o.mark} at spot ${S}: ${iv.reason}` };
}
