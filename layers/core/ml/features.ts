/**
 * Features of a bar series for the prediction models (issue 7). ONE definition serves training and
 * live inference: the feature row at bar t is a function of exactly the `FEATURE_LOOKBACK` bars
 * ending at t (bars[t − L + 1 .. t]) and of nothing else. Training runs it for every t of a series
 * (`featureMatrix`); the signal engine runs it once on the last L bars it holds (`latestFeatures`).
 * Both call `featureRowOfWindow`, so a live row is bit-identical to the batch row at the same t, and
 * no row can read a bar after its own t (no lookahead by construction; both are tested).
 *
 * Indicators with infinite memory (RSI and ATR with Wilder smoothing, MACD's EMAs, ADX) are therefore
 * "windowed": they are warmed up inside the L-bar window only, which makes them finite-memory and
 * reproducible from a bounded window at the cost of a small difference from a full-history value.
 */
import {
  adxBatch,
  atrBatch,
  bollingerBatch,
  cciBatch,
  macdBatch,
  rsiBatch,
  stochasticBatch,
  williamsRBatch,
  type BarColumns,
} from '../indicators';

/** One bar as the features read it: OHLCV and its exchange-local date (YYYY-MM-DD) for the calendar features. */
export interface FeatureBar {
  readonly date: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** Bars as columns; `date` only feeds the calendar features. */
export interface FeatureColumns extends BarColumns {
  readonly open: Float64Array;
  readonly date: readonly string[];
}

/** Bars each feature row needs: the row at t reads bars[t − 63 .. t]. */
export const FEATURE_LOOKBACK = 64;

/** Names of the feature columns, in column order (the order `featureRowOfWindow` writes). */
export const FEATURE_NAMES = [
  'ret_1',
  'ret_5',
  'ret_10',
  'ret_20',
  'ret_60',
  'vol_5',
  'vol_20',
  'vol_60',
  'vol_ratio_5_60',
  'parkinson_20',
  'gap',
  'intraday',
  'close_location',
  'rsi_14',
  'macd_hist',
  'bollinger_pctb',
  'stoch_k',
  'williams_r',
  'cci_20',
  'adx_14',
  'atr_14',
  'sma_ratio_20',
  'sma_ratio_50',
  'zscore_20',
  'volume_ratio_20',
  'volume_z_20',
  'volume_change',
  'dow_mon',
  'dow_tue',
  'dow_wed',
  'dow_thu',
  'dow_fri',
  'month_sin',
  'month_cos',
  'day_of_month',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
export const FEATURE_COUNT = FEATURE_NAMES.length;

/** Columns of a list of bars. */
export function barsToColumns(bars: readonly FeatureBar[]): FeatureColumns {
  const n = bars.length;
  const col = (pick: (b: FeatureBar) => number): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i += 1) out[i] = pick(bars[i] as FeatureBar);
    return out;
  };
  return {
    open: col((b) => b.open),
    high: col((b) => b.high),
    low: col((b) => b.low),
    close: col((b) => b.close),
    volume: col((b) => b.volume),
    date: bars.map((b) => b.date),
  };
}

const last = (a: Float64Array): number => a[a.length - 1] ?? Number.NaN;
const el = (a: Float64Array, i: number): number => a[i] ?? Number.NaN;

/** Sample standard deviation of the last k one-bar log returns of `close` (k + 1 closes). */
function logReturnStd(close: Float64Array, k: number): number {
  const n = close.length;
  let sum = 0;
  let sumSq = 0;
  for (let i = n - k; i < n; i += 1) {
    const r = Math.log(el(close, i) / el(close, i - 1));
    sum += r;
    sumSq += r * r;
  }
  const mean = sum / k;
  return Math.sqrt(Math.max(0, (sumSq - k * mean * mean) / (k - 1)));
}

function meanOfLast(a: Float64Array, k: number, map: (x: number) => number = (x) => x): number {
  let s = 0;
  for (let i = a.length - k; i < a.length; i += 1) s += map(el(a, i));
  return s / k;
}

/** Day of week 0 = Sunday … 6 = Saturday of a YYYY-MM-DD date (proleptic Gregorian, no time zone). */
function calendarParts(date: string): { readonly dow: number; readonly month: number; readonly day: number } {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return { dow, month: m, day: d };
}

/**
 * The feature row of the LAST bar of `window` (exactly FEATURE_LOOKBACK bars, oldest first), written
 * into `out` (length FEATURE_COUNT). Returns/volatilities are log-based and dimensionless; indicator
 * values are centred and scaled to about [−1, 1]; prices never enter raw, so rows are comparable
 * across price levels and symbols.
 */
export function featureRowOfWindow(window: FeatureColumns, out: Float64Array = new Float64Array(FEATURE_COUNT)): Float64Array {
  const L = window.close.length;
  if (L !== FEATURE_LOOKBACK) throw new RangeError(`a feature window holds exactly ${FEATURE_LOOKBACK} bars, got ${L}`);
  const { open, high, low, close, volume } = window;
  const t = L - 1;
  const c = el(close, t);
  const logRet = (k: number): number => Math.log(c / el(close, t - k));
  let j = 0;
  const put = (v: number): void => {
    out[j] = v;
    j += 1;
  };
  // multi-horizon returns
  put(logRet(1));
  put(logRet(5));
  put(logRet(10));
  put(logRet(20));
  put(logRet(60));
  // realised volatility (per bar, not annualised) and its term structure
  const vol5 = logReturnStd(close, 5);
  const vol60 = logReturnStd(close, 60);
  put(vol5);
  put(logReturnStd(close, 20));
  put(vol60);
  put(vol60 > 0 ? vol5 / vol60 : 1);
  // Parkinson range volatility over 20 bars
  let hlSq = 0;
  for (let i = L - 20; i < L; i += 1) {
    const hl = Math.log(el(high, i) / el(low, i));
    hlSq += hl * hl;
  }
  const parkinson = Math.sqrt(hlSq / (20 * 4 * Math.LN2));
  put(parkinson);
  // the bar itself
  put(Math.log(el(open, t) / el(close, t - 1)));
  put(Math.log(c / el(open, t)));
  const range = el(high, t) - el(low, t);
  put(range > 0 ? (c - el(low, t)) / range - 0.5 : 0);
  // indicators (windowed: warmed inside the window only)
  put(last(rsiBatch(close, { period: 14 })) / 100 - 0.5);
  put(last(macdBatch(close).histogram) / c);
  const bands = bollingerBatch(close, { period: 20, multiplier: 2 });
  const width = last(bands.upper) - last(bands.lower);
  put(width > 0 ? (c - last(bands.lower)) / width - 0.5 : 0);
  put(last(stochasticBatch(window).k) / 100 - 0.5);
  put(last(williamsRBatch(window, { period: 14 })) / 100 + 0.5);
  put(last(cciBatch(window, { period: 20 })) / 100);
  put(last(adxBatch(window, { period: 14 }).adx) / 100);
  put(last(atrBatch(window, { period: 14 })) / c);
  put(c / meanOfLast(close, 20) - 1);
  put(c / meanOfLast(close, 50) - 1);
  const mean20 = meanOfLast(close, 20);
  const sd20 = Math.sqrt(Math.max(0, meanOfLast(close, 20, (x) => (x - mean20) * (x - mean20))));
  put(sd20 > 0 ? (c - mean20) / sd20 : 0);
  // volume (log1p so a zero-volume bar stays finite)
  const lv = (x: number): number => Math.log1p(Math.max(0, x));
  const lvT = lv(el(volume, t));
  const meanVol20 = meanOfLast(volume, 20);
  put(lvT - lv(meanVol20));
  const meanLv = meanOfLast(volume, 20, lv);
  const sdLv = Math.sqrt(Math.max(0, meanOfLast(volume, 20, (x) => (lv(x) - meanLv) * (lv(x) - meanLv))));
  put(sdLv > 0 ? (lvT - meanLv) / sdLv : 0);
  put(lvT - lv(el(volume, t - 1)));
  // calendar (the exchange-local date of bar t)
  const cal = calendarParts(window.date[t] ?? '');
  for (let d = 1; d <= 5; d += 1) put(cal.dow === d ? 1 : 0);
  put(Math.sin((2 * Math.PI * (cal.month - 1)) / 12));
  put(Math.cos((2 * Math.PI * (cal.month - 1)) / 12));
  put(cal.day / 31);
  return out;
}

function sliceColumns(cols: FeatureColumns, from: number, to: number): FeatureColumns {
  return {
    open: cols.open.subarray(from, to),
    high: cols.high.subarray(from, to),
    low: cols.low.subarray(from, to),
    close: cols.close.subarray(from, to),
    volume: cols.volume.subarray(from, to),
    date: cols.date.slice(from, to),
  };
}

/** A feature matrix: row i is the feature row of bar `index[i]`. */
export interface FeatureMatrix {
  readonly names: readonly string[];
  readonly rows: readonly Float64Array[];
  /** Bar index of each row in the input series. */
  readonly index: readonly number[];
}

/**
 * Feature rows of every bar t ≥ FEATURE_LOOKBACK − 1 of a series (training, backtests). Rows whose
 * features are not all finite (a degenerate window) are left out; `index` says which bars remain.
 */
export function featureMatrix(input: readonly FeatureBar[] | FeatureColumns): FeatureMatrix {
  const cols = Array.isArray(input) ? barsToColumns(input as readonly FeatureBar[]) : (input as FeatureColumns);
  const n = cols.close.length;
  const rows: Float64Array[] = [];
  const index: number[] = [];
  for (let t = FEATURE_LOOKBACK - 1; t < n; t += 1) {
    const row = featureRowOfWindow(sliceColumns(cols, t - FEATURE_LOOKBACK + 1, t + 1));
    if (row.every(Number.isFinite)) {
      rows.push(row);
      index.push(t);
    }
  }
  return { names: FEATURE_NAMES, rows, index };
}

/**
 * The live feature row: the row of the last bar of `bars` (at least FEATURE_LOOKBACK bars; only the
 * last FEATURE_LOOKBACK are read). Undefined when there are too few bars or a feature is not finite.
 */
export function latestFeatures(bars: readonly FeatureBar[]): Float64Array | undefined {
  if (bars.length < FEATURE_LOOKBACK) return undefined;
  const row = featureRowOfWindow(barsToColumns(bars.slice(bars.length - FEATURE_LOOKBACK)));
  return row.every(Number.isFinite) ? row : undefined;
}
