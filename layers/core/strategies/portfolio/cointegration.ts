/**
 * Engle–Granger cointegration: an OLS hedge regression y = α + βx + e, then an augmented Dickey–Fuller test on the
 * residuals e, judged against MacKinnon's response surfaces for a residual-based test with N = 2 variables (a
 * residual from an estimated regression looks more stationary than a raw series, so its critical values are
 * more negative than a plain ADF's). Conventions follow statsmodels' `coint`/`adfuller`, so results can be
 * compared with it: the residual ADF regression has no constant (the hedge regression already has one), lags are
 * fixed or chosen by AIC over 0..maxLags on a common sample, critical values use T = n − 1.
 * Pure floats; no data, no clock.
 */
import { normCdf } from '../../options/normal';

/** A straight-line OLS fit y = alpha + beta·x. */
export interface LineFit {
  readonly alpha: number;
  readonly beta: number;
  /** y − alpha − beta·x. */
  readonly residuals: Float64Array;
}

/** OLS of y on x with an intercept (centred sums: stable for price levels). */
export function olsLine(y: ArrayLike<number>, x: ArrayLike<number>): LineFit {
  const n = y.length;
  if (x.length !== n || n < 3) throw new RangeError(`olsLine needs two series of the same length ≥ 3 (got ${n} and ${x.length})`);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i += 1) {
    mx += x[i] ?? 0;
    my += y[i] ?? 0;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i += 1) {
    const dx = (x[i] ?? 0) - mx;
    sxy += dx * ((y[i] ?? 0) - my);
    sxx += dx * dx;
  }
  if (!(sxx > 0)) throw new RangeError('olsLine: x is constant');
  const beta = sxy / sxx;
  const alpha = my - beta * mx;
  const residuals = new Float64Array(n);
  for (let i = 0; i < n; i += 1) residuals[i] = (y[i] ?? 0) - alpha - beta * (x[i] ?? 0);
  return { alpha, beta, residuals };
}

/** Solves the symmetric positive-definite system A z = b (Gaussian elimination with partial pivoting); A is k×k row-major. */
function solve(a: Float64Array, b: Float64Array, k: number): Float64Array | undefined {
  const m = Float64Array.from(a);
  const z = Float64Array.from(b);
  for (let c = 0; c < k; c += 1) {
    let pivot = c;
    for (let r = c + 1; r < k; r += 1) if (Math.abs(m[r * k + c] ?? 0) > Math.abs(m[pivot * k + c] ?? 0)) pivot = r;
    const p = m[pivot * k + c] ?? 0;
    if (Math.abs(p) < 1e-300) return undefined;
    if (pivot !== c) {
      for (let j = 0; j < k; j += 1) {
        const t = m[c * k + j] ?? 0;
        m[c * k + j] = m[pivot * k + j] ?? 0;
        m[pivot * k + j] = t;
      }
      const t = z[c] ?? 0;
      z[c] = z[pivot] ?? 0;
      z[pivot] = t;
    }
    for (let r = c + 1; r < k; r += 1) {
      const f = (m[r * k + c] ?? 0) / p;
      if (f === 0) continue;
      for (let j = c; j < k; j += 1) m[r * k + j] = (m[r * k + j] ?? 0) - f * (m[c * k + j] ?? 0);
      z[r] = (z[r] ?? 0) - f * (z[c] ?? 0);
    }
  }
  for (let r = k - 1; r >= 0; r -= 1) {
    let s = z[r] ?? 0;
    for (let j = r + 1; j < k; j += 1) s -= (m[r * k + j] ?? 0) * (z[j] ?? 0);
    z[r] = s / (m[r * k + r] ?? 1);
  }
  return z;
}

/** Deterministic terms of the ADF regression: none (`n`, for residuals) or a constant (`c`, for a raw series). */
export type AdfRegression = 'n' | 'c';

interface AdfFit {
  readonly statistic: number;
  readonly rss: number;
  readonly nobs: number;
  readonly columns: number;
}

/**
 * One ADF regression Δy_t = [c] + γ·y_{t−1} + Σ_{i=1..lags} φ_i·Δy_{t−i} + ε_t over the rows t whose first
 * lagged difference index is ≥ `firstRow` (so several lag orders can share one sample); γ's t-statistic.
 */
function adfFit(series: ArrayLike<number>, lags: number, regression: AdfRegression, firstRow: number): AdfFit | undefined {
  const n = series.length;
  const dy = new Float64Array(n - 1);
  for (let i = 0; i + 1 < n; i += 1) dy[i] = (series[i + 1] ?? 0) - (series[i] ?? 0);
  const k = 1 + lags + (regression === 'c' ? 1 : 0);
  const xtx = new Float64Array(k * k);
  const xty = new Float64Array(k);
  const row = new Float64Array(k);
  let nobs = 0;
  // Row j explains dy[j] = y[j+1] − y[j] by y[j] and dy[j−1..j−lags].
  for (let j = firstRow; j < n - 1; j += 1) {
    row[0] = series[j] ?? 0;
    for (let i = 1; i <= lags; i += 1) row[i] = dy[j - i] ?? 0;
    if (regression === 'c') row[k - 1] = 1;
    const target = dy[j] ?? 0;
    for (let a = 0; a < k; a += 1) {
      xty[a] = (xty[a] ?? 0) + (row[a] ?? 0) * target;
      for (let b = 0; b < k; b += 1) xtx[a * k + b] = (xtx[a * k + b] ?? 0) + (row[a] ?? 0) * (row[b] ?? 0);
    }
    nobs += 1;
  }
  if (nobs <= k) return undefined;
  const coef = solve(xtx, xty, k);
  const e0 = new Float64Array(k);
  e0[0] = 1;
  const inv0 = solve(xtx, e0, k);
  if (coef === undefined || inv0 === undefined) return undefined;
  // RSS from the normal equations would lose digits; recompute it from the rows.
  let rss = 0;
  for (let j = firstRow; j < n - 1; j += 1) {
    let fitted = (coef[0] ?? 0) * (series[j] ?? 0);
    for (let i = 1; i <= lags; i += 1) fitted += (coef[i] ?? 0) * (dy[j - i] ?? 0);
    if (regression === 'c') fitted += coef[k - 1] ?? 0;
    rss += ((dy[j] ?? 0) - fitted) ** 2;
  }
  const s2 = rss / (nobs - k);
  const se = Math.sqrt(s2 * (inv0[0] ?? Number.NaN));
  return { statistic: (coef[0] ?? Number.NaN) / se, rss, nobs, columns: k };
}

/** Critical values at 1 %, 5 % and 10 %. */
export interface CriticalValues {
  readonly '1%': number;
  readonly '5%': number;
  readonly '10%': number;
}

/** An ADF test's outcome. */
export interface AdfResult {
  readonly statistic: number;
  /** MacKinnon's (1994) approximate p-value. */
  readonly pValue: number;
  readonly lags: number;
  /** Rows of the test regression. */
  readonly nobs: number;
  /** MacKinnon (2010) finite-sample critical values for T = nobs of the series − 1. */
  readonly criticalValues: CriticalValues;
}

export interface AdfOptions {
  /** Deterministic terms; default `c`. */
  readonly regression?: AdfRegression;
  /** A fixed lag count, or `aic` (default): the lag in 0..maxLags with the lowest AIC on a common sample. */
  readonly lags?: number | 'aic';
  /** Default ⌈12·(n/100)^{1/4}⌉ (Schwert), as statsmodels. */
  readonly maxLags?: number;
  /** I(1) variables behind the series: 1 for a raw series, 2 for an Engle–Granger residual. Default 1. */
  readonly variables?: 1 | 2;
}

/**
 * MacKinnon (1994) p-value response surface, constant case (statsmodels' `tau_c` tables, rows N = 1, 2):
 * p = Φ(Σ c_k τ^k), with the small-p polynomial at or below τ*, the large-p one above it, 0 below τ_min and 1
 * above τ_max.
 */
const P_SURFACE = {
  1: { max: 2.74, min: -18.83, star: -1.61, small: [2.1659, 1.4412, 3.8269e-2], large: [1.7339, 0.93202, -0.12745, -0.010368] },
  2: { max: 0.92, min: -18.86, star: -2.62, small: [2.92, 1.5012, 3.9796e-2], large: [2.1945, 0.64695, -0.29198, -0.042377] },
} as const;

/**
 * MacKinnon (2010), Table 2, constant case: critical value = β∞ + β1/T + β2/T² + β3/T³. (Some ports carry −33.527
 * for the N = 2, 1 % β2; the paper and Stata's table have −22.527, used here; the difference is below 0.001 for T > 100.)
 */
const CRITICAL_SURFACE = {
  1: { '1%': [-3.43035, -6.5393, -16.786, -79.433], '5%': [-2.86154, -2.8903, -4.234, -40.04], '10%': [-2.56677, -1.5384, -2.809, 0] },
  2: { '1%': [-3.89644, -10.9519, -22.527, 0], '5%': [-3.33613, -6.1101, -6.823, 0], '10%': [-3.04445, -4.2412, -2.72, 0] },
} as const;

const polynomial = (coefficients: readonly number[], x: number): number => coefficients.reduceRight((acc, c) => acc * x + c, 0);

/** MacKinnon's approximate p-value of an ADF τ statistic (constant case) with N = `variables` I(1) series. */
export function mackinnonPValue(statistic: number, variables: 1 | 2 = 1): number {
  const s = P_SURFACE[variables];
  if (Number.isNaN(statistic)) return Number.NaN;
  if (statistic > s.max) return 1;
  if (statistic < s.min) return 0;
  return normCdf(polynomial(statistic <= s.star ? s.small : s.large, statistic));
}

/** MacKinnon (2010) critical values for T observations. */
export function mackinnonCriticalValues(t: number, variables: 1 | 2 = 1): CriticalValues {
  const s = CRITICAL_SURFACE[variables];
  const at = (b: readonly number[]) => (b[0] ?? 0) + (b[1] ?? 0) / t + (b[2] ?? 0) / t ** 2 + (b[3] ?? 0) / t ** 3;
  return { '1%': at(s['1%']), '5%': at(s['5%']), '10%': at(s['10%']) };
}

/** Augmented Dickey–Fuller test of a unit root in `series` (the null: a unit root; small p = stationary). */
export function adfTest(series: ArrayLike<number>, options: AdfOptions = {}): AdfResult {
  const n = series.length;
  const regression = options.regression ?? 'c';
  const variables = options.variables ?? 1;
  const maxLags = options.maxLags ?? Math.ceil(12 * (n / 100) ** 0.25);
  const lagsOption = options.lags ?? 'aic';
  let lags: number;
  if (lagsOption === 'aic') {
    // Every candidate lag is fitted on the same rows (those the longest lag allows), so the AICs compare.
    const top = Math.max(0, Math.min(maxLags, Math.floor((n - 1) / 2) - 2));
    let best = Number.POSITIVE_INFINITY;
    lags = 0;
    for (let p = 0; p <= top; p += 1) {
      const fit = adfFit(series, p, regression, top);
      if (fit === undefined) continue;
      const aic = fit.nobs * Math.log(fit.rss / fit.nobs) + 2 * fit.columns;
      if (aic < best) {
        best = aic;
        lags = p;
      }
    }
  } else {
    if (!Number.isInteger(lagsOption) || lagsOption < 0) throw new RangeError(`lags must be a whole number ≥ 0 or "aic", got ${lagsOption}`);
    lags = lagsOption;
  }
  const fit = adfFit(series, lags, regression, lags);
  if (fit === undefined) throw new RangeError(`adfTest: ${n} observations are too few for ${lags} lag(s)`);
  return {
    statistic: fit.statistic,
    pValue: mackinnonPValue(fit.statistic, variables),
    lags,
    nobs: fit.nobs,
    criticalValues: mackinnonCriticalValues(n - 1, variables),
  };
}

/** The Engle–Granger two-step test's outcome. */
export interface EngleGrangerResult extends LineFit {
  readonly adf: AdfResult;
  /** adf.pValue ≤ significance. */
  readonly cointegrated: boolean;
  readonly significance: number;
}

export interface EngleGrangerOptions {
  readonly lags?: number | 'aic';
  readonly maxLags?: number;
  /** Default 0.05. */
  readonly significance?: number;
}

/**
 * Engle–Granger: regress y on x (with an intercept), then ADF (no constant, N = 2 surfaces) on the residuals.
 * The null is "no cointegration"; a small p-value says the spread y − α − βx mean-reverts.
 */
export function engleGranger(y: ArrayLike<number>, x: ArrayLike<number>, options: EngleGrangerOptions = {}): EngleGrangerResult {
  const fit = olsLine(y, x);
  const significance = options.significance ?? 0.05;
  const adf = adfTest(fit.residuals, { regression: 'n', lags: options.lags ?? 'aic', maxLags: options.maxLags, variables: 2 });
  return { ...fit, adf, significance, cointegrated: adf.pValue <= significance };
}
