/**
 * One report of a simple-return series: performance ratios (reusing ../analytics) and VaR/CVaR by
 * three methods at 95 % and 99 %, with the conventions written into the report itself.
 */
import {
  annualisedVolatility,
  cagr,
  calmarRatio,
  drawdowns,
  perPeriodRate,
  sharpeRatio,
  sortinoRatio,
} from '../analytics';
import { STANDARD_CONFIDENCE_LEVELS, allFinite } from './conventions';
import { historicalVar } from './historical';
import { cornishFisherVar, gaussianVar } from './parametric';

/** Options of the report. */
export interface ReturnMetricsOptions {
  /** Periods per year of the series (252 daily, 52 weekly, 12 monthly). */
  readonly periodsPerYear: number;
  /** Annual risk-free rate, effective (compounded); converted per period geometrically. Default 0. */
  readonly riskFreeRate?: number;
  /** Confidence levels; default 0.95 and 0.99. */
  readonly confidences?: readonly number[];
}

/** VaR/CVaR at one level by the three methods (positive losses, one period). */
export interface VarRow {
  readonly confidence: number;
  readonly historical: { readonly var: number; readonly cvar: number };
  readonly gaussian: { readonly var: number; readonly cvar: number };
  readonly cornishFisher: { readonly var: number; readonly cvar: number; readonly cvarClampedToVar: boolean };
}

/** The report. */
export interface ReturnMetricsReport {
  readonly observations: number;
  readonly periodsPerYear: number;
  readonly riskFreeRate: number;
  readonly sharpe: number;
  readonly sortino: number;
  /** CAGR of the compounded series (bar clock: years = n / periodsPerYear). */
  readonly annualReturn: number;
  readonly annualVolatility: number;
  /** Deepest peak-to-trough fall of the compounded curve, positive fraction. */
  readonly maxDrawdown: number;
  readonly calmar: number;
  readonly var: readonly VarRow[];
  readonly conventions: Readonly<Record<string, string>>;
}

/** Conventions written into every report (and the CLI's JSON). */
export const REPORT_CONVENTIONS = {
  returns: 'simple periodic returns as fractions; equity compounded from 1',
  var: 'positive loss fraction of value over ONE period of the input (no √t scaling); CVaR = mean loss beyond VaR (≥ VaR)',
  historical: 'lower empirical quantile (Hyndman–Fan type 1): VaR = −r_(k), k = max(1, ⌈n(1 − α)⌉), the k-th worst return; CVaR = mean of the k worst',
  gaussian: 'VaR = −μ + σ·Φ⁻¹(α), CVaR = −μ + σ·φ(Φ⁻¹(α))/(1 − α); μ sample mean, σ sample (n − 1)',
  cornishFisher: 'z_cf = z + (z²−1)S/6 + (z³−3z)K/24 − (2z³−5z)S²/36 at z = Φ⁻¹(1 − α), VaR = −(μ + σ·z_cf); CVaR = Boudt–Peterson–Croux (2008) modified ES, lifted to VaR if below it; S, K = moment-ratio skewness and EXCESS kurtosis (population moments)',
  sharpe: 'mean(r − rf)/std(r) · √periodsPerYear, sample std; rf per period = (1 + R)^(1/N) − 1',
  sortino: 'target = rf per period; downside deviation over ALL periods (Sortino & Price)',
  annualReturn: 'CAGR: (E_n/E_0)^(N/n) − 1',
  annualVolatility: 'sample std · √periodsPerYear',
  maxDrawdown: 'max over t of 1 − E_t / max_{s≤t} E_s, positive fraction',
  calmar: 'CAGR / max drawdown over the whole series',
} as const;

/** Builds the report; throws RangeError on an empty series, non-finite values or returns ≤ −100 %. */
export function returnMetricsReport(returns: ArrayLike<number>, options: ReturnMetricsOptions): ReturnMetricsReport {
  const n = returns.length;
  if (n < 2 || !allFinite(returns)) throw new RangeError('need at least 2 finite returns');
  for (let i = 0; i < n; i += 1) if (!((returns[i] ?? Number.NaN) > -1)) throw new RangeError(`return ${i} is ≤ −100 %: simple returns must be > −1`);
  if (!(options.periodsPerYear > 0)) throw new RangeError('periodsPerYear must be positive');
  const riskFreeRate = options.riskFreeRate ?? 0;
  const rf = perPeriodRate(riskFreeRate, options.periodsPerYear, 'simple');
  const equity = new Float64Array(n + 1);
  equity[0] = 1;
  for (let i = 0; i < n; i += 1) equity[i + 1] = (equity[i] ?? Number.NaN) * (1 + (returns[i] ?? Number.NaN));
  const growth = cagr(equity, options.periodsPerYear);
  const dd = drawdowns(Float64Array.from({ length: n + 1 }, (_, i) => i), equity).maxDrawdown;
  const confidences = options.confidences ?? STANDARD_CONFIDENCE_LEVELS;
  return {
    observations: n,
    periodsPerYear: options.periodsPerYear,
    riskFreeRate,
    sharpe: sharpeRatio(returns, { periodsPerYear: options.periodsPerYear, riskFreePerPeriod: rf }),
    sortino: sortinoRatio(returns, options.periodsPerYear, rf),
    annualReturn: growth,
    annualVolatility: annualisedVolatility(returns, options.periodsPerYear),
    maxDrawdown: dd,
    calmar: calmarRatio(growth, dd),
    var: confidences.map((confidence) => {
      const h = historicalVar(returns, confidence);
      const g = gaussianVar(returns, confidence);
      const cf = cornishFisherVar(returns, confidence);
      return {
        confidence,
        historical: { var: h.var, cvar: h.cvar },
        gaussian: { var: g.var, cvar: g.cvar },
        cornishFisher: { var: cf.var, cvar: cf.cvar, cvarClampedToVar: cf.cvarClampedToVar },
      };
    }),
    conventions: REPORT_CONVENTIONS,
  };
}
