/**
 * Conventions every performance metric depends on, as explicit values with stated defaults.
 * A report carries the conventions it was computed under so two reports can be compared honestly.
 */

/** Simple (E_t / E_{t-1} − 1) or log (ln(E_t / E_{t-1})) period returns. */
export type ReturnKind = 'simple' | 'log';

/**
 * Standard-deviation denominator: `sample` divides by n − 1 (Bessel's correction: the unbiased
 * variance estimator, and what pandas/empyrical/quantstats use, so Sharpe values are comparable),
 * `population` divides by n.
 */
export type StdDenominator = 'sample' | 'population';

/** Common bar frequencies expressed as periods per year (US equities: 252 sessions of 390 minutes). */
export const PERIODS_PER_YEAR = {
  daily: 252,
  weekly: 52,
  monthly: 12,
  hourly: 252 * 6.5,
  minute: 252 * 390,
} as const;

/** All conventions of a metrics computation. */
export interface MetricsConventions {
  /** Periods (bars of the equity curve) per year; annualises means (×N), volatilities (×√N) and CAGR's clock. Default 252 (daily). */
  readonly periodsPerYear: number;
  /** Annual risk-free rate as an effective (compounded) rate, e.g. 0.04; converted per period geometrically. Default 0. */
  readonly riskFreeRate: number;
  /** Return kind for volatility, Sharpe, Sortino, beta and the bootstrap. Total return and CAGR always use the equity endpoints. Default `simple`. */
  readonly returnKind: ReturnKind;
  /** Std denominator for volatility and Sharpe. Default `sample` (n − 1). */
  readonly stdDenominator: StdDenominator;
  /**
   * Sortino's minimum acceptable return as an annual effective rate, converted per period like the
   * risk-free rate; `undefined` means "use the risk-free rate". Downside deviation is
   * √(Σ min(0, r − T)² / n) with n = ALL periods (Sortino & Price), not only those below target.
   */
  readonly sortinoTarget: number | undefined;
  /** Number of bootstrap resamples. Default 2000. */
  readonly bootstrapResamples: number;
  /** Seed of the bootstrap PRNG (mulberry32); fixed by default so a report is reproducible. Default 20240601. */
  readonly bootstrapSeed: number;
  /** Two-sided confidence level of percentile intervals. Default 0.95. */
  readonly confidenceLevel: number;
  /**
   * Mean block length of the stationary bootstrap (Politis & Romano 1994) for returns;
   * `undefined` means max(1, round(n^(1/3))), the usual rate-optimal order for variance-type statistics.
   */
  readonly sharpeMeanBlockLength: number | undefined;
  /** Mean block length for the accuracy bootstrap; 1 (the default) is the ordinary iid bootstrap of hits. */
  readonly accuracyMeanBlockLength: number;
}

/** Defaults: daily bars, zero risk-free rate, simple returns, sample std, 2000 resamples at 95 %. */
export const DEFAULT_METRICS_CONVENTIONS: MetricsConventions = {
  periodsPerYear: PERIODS_PER_YEAR.daily,
  riskFreeRate: 0,
  returnKind: 'simple',
  stdDenominator: 'sample',
  sortinoTarget: undefined,
  bootstrapResamples: 2000,
  bootstrapSeed: 20240601,
  confidenceLevel: 0.95,
  sharpeMeanBlockLength: undefined,
  accuracyMeanBlockLength: 1,
};

/** Fills unspecified conventions with the defaults. */
export function resolveConventions(partial?: Partial<MetricsConventions>): MetricsConventions {
  return { ...DEFAULT_METRICS_CONVENTIONS, ...(partial ?? {}) };
}

/**
 * Converts an annual effective rate to one period in the given return kind:
 * simple (1 + R)^(1/N) − 1, log ln(1 + R) / N. Both compound back to exactly R over N periods.
 */
export function perPeriodRate(annualRate: number, periodsPerYear: number, kind: ReturnKind = 'simple'): number {
  if (kind === 'log') return Math.log1p(annualRate) / periodsPerYear;
  return Math.pow(1 + annualRate, 1 / periodsPerYear) - 1;
}
