/** Trend strength, volume and persistence: ADX/DMI (Wilder), OBV, VWAP, Hurst exponent (R/S). */
import { z } from 'zod';
import {
  at,
  barAt,
  makeIndicator,
  multiBatch,
  ringInit,
  ringPush,
  ringValues,
  rollingSumInit,
  rollingSumPush,
  scalarBatch,
  smootherInit,
  smootherStep,
  trueRange,
  type BarColumns,
  type IndicatorBar,
  type Ring,
  type RollingSum,
  type Smoother,
  period,
  PeriodParams,
  logReturnWindowInit,
  logReturnWindowPush,
  type LogReturnWindow,
} from './framework';


export interface AdxValue {
  readonly plusDI: number;
  readonly minusDI: number;
  readonly adx: number;
}
interface AdxCore {
  prev: { high: number; low: number; close: number } | null;
  readonly tr: Smoother;
  readonly plusDM: Smoother;
  readonly minusDM: Smoother;
  readonly adx: Smoother;
}
function directional(c: AdxCore): { plusDI: number; minusDI: number } | undefined {
  if (c.tr.value === null || c.plusDM.value === null || c.minusDM.value === null) return undefined;
  if (c.tr.value === 0) return { plusDI: 0, minusDI: 0 };
  return { plusDI: (100 * c.plusDM.value) / c.tr.value, minusDI: (100 * c.minusDM.value) / c.tr.value };
}

/**
 * ADX/DMI (Wilder, 1978). From the second bar: up = H − H_prev, down = L_prev − L;
 * +DM = up if up > down and up > 0 else 0; −DM symmetric; TR as in ATR. TR, +DM, −DM are
 * Wilder-smoothed (mean of the first n, then x ← x + (v − x)/n: the same ratios as Wilder's
 * running sums); +DI = 100·+DM/TR, −DI = 100·−DM/TR, DX = 100·|+DI − −DI|/(+DI + −DI) (0 when
 * both are 0); ADX = Wilder smoothing of DX seeded with the mean of the first n DX. Stable after 2n bars.
 */
export const adx = makeIndicator<PeriodParams, AdxCore, IndicatorBar, AdxValue>({
  name: 'adx',
  params: PeriodParams,
  init: (p) => {
    const w = (): Smoother => smootherInit(p.period, 1 / p.period);
    return { prev: null, tr: w(), plusDM: w(), minusDM: w(), adx: w() };
  },
  step: (c, bar) => {
    const prev = c.prev;
    c.prev = { high: bar.high, low: bar.low, close: bar.close };
    if (prev === null) return;
    const up = bar.high - prev.high;
    const down = prev.low - bar.low;
    smootherStep(c.tr, trueRange(bar, prev.close));
    smootherStep(c.plusDM, up > down && up > 0 ? up : 0);
    smootherStep(c.minusDM, down > up && down > 0 ? down : 0);
    const di = directional(c);
    if (di === undefined) return;
    const sum = di.plusDI + di.minusDI;
    smootherStep(c.adx, sum === 0 ? 0 : (100 * Math.abs(di.plusDI - di.minusDI)) / sum);
  },
  value: (c) => {
    const di = directional(c);
    if (di === undefined || c.adx.value === null) return undefined;
    return { ...di, adx: c.adx.value };
  },
});

interface ObvCore {
  prevClose: number | null;
  value: number;
}

/** On-Balance Volume (Granville): 0 on the first bar, then ± the bar's volume as the close rises/falls. */
export const obv = makeIndicator<Record<string, never>, ObvCore, IndicatorBar, number>({
  name: 'obv',
  params: z.object({}).strict() as z.ZodType<Record<string, never>>,
  init: () => ({ prevClose: null, value: 0 }),
  step: (c, bar) => {
    if (c.prevClose !== null) c.value += bar.close > c.prevClose ? bar.volume : bar.close < c.prevClose ? -bar.volume : 0;
    c.prevClose = bar.close;
  },
  value: (c) => (c.prevClose === null ? undefined : c.value),
});

export const VwapParams = z
  .object({
    /** Rolling window in bars; 0 anchors at the first bar (re-init the state at each session open for a session VWAP). */
    period: z.number().int().min(0).max(100_000).default(0),
  })
  .strict();
export type VwapParams = z.infer<typeof VwapParams>;
interface VwapCore {
  readonly pv: RollingSum | null;
  readonly v: RollingSum | null;
  cumPv: number;
  cumV: number;
  bars: number;
}

/**
 * VWAP of the typical price (H + L + C)/3: Σ TP·V / Σ V. `period: 0` (default) is anchored: it
 * accumulates from the first bar the state has seen, so a session VWAP is a state re-initialised at
 * each session open (the caller knows the calendar). `period: n` is a rolling n-bar VWAP.
 * Undefined while the volume sum is 0.
 */
export const vwap = makeIndicator<VwapParams, VwapCore, IndicatorBar, number>({
  name: 'vwap',
  params: VwapParams,
  init: (p) => ({
    pv: p.period > 0 ? rollingSumInit(p.period) : null,
    v: p.period > 0 ? rollingSumInit(p.period) : null,
    cumPv: 0,
    cumV: 0,
    bars: 0,
  }),
  step: (c, bar) => {
    const tp = (bar.high + bar.low + bar.close) / 3;
    c.bars += 1;
    if (c.pv !== null && c.v !== null) {
      rollingSumPush(c.pv, tp * bar.volume);
      rollingSumPush(c.v, bar.volume);
    } else {
      c.cumPv += tp * bar.volume;
      c.cumV += bar.volume;
    }
  },
  value: (c, p) => {
    if (c.pv !== null && c.v !== null) return c.bars < p.period || c.v.sum <= 0 ? undefined : c.pv.sum / c.v.sum;
    return c.cumV <= 0 ? undefined : c.cumPv / c.cumV;
  },
});

export const HurstParams = z
  .object({
    /** Log returns in the window (at least 2·minChunk). */
    period: z.number().int().min(8).max(10_000).default(128),
    /** Smallest sub-series length; lengths are minChunk, 2·minChunk, 4·minChunk, … ≤ period. */
    minChunk: z.number().int().min(4).max(5_000).default(8),
  })
  .strict()
  .refine((p) => p.period >= 2 * p.minChunk, { message: 'period must be at least 2·minChunk', path: ['period'] });
export type HurstParams = z.infer<typeof HurstParams>;
type HurstCore = LogReturnWindow;

/**
 * Rescaled-range (R/S) statistic of x: R = max − min of the cumulative deviations from the mean
 * (Z_1..Z_n, Z_t = Σ_{i≤t}(x_i − mean)), S = population standard deviation; undefined when S = 0.
 */
export function rescaledRange(x: readonly number[], from: number, n: number): number | undefined {
  let mean = 0;
  for (let i = 0; i < n; i += 1) mean += x[from + i] ?? 0;
  mean /= n;
  let z = 0;
  let max = Number.NEGATIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  let ss = 0;
  for (let i = 0; i < n; i += 1) {
    const d = (x[from + i] ?? 0) - mean;
    z += d;
    ss += d * d;
    if (z > max) max = z;
    if (z < min) min = z;
  }
  const s = Math.sqrt(ss / n);
  return s === 0 ? undefined : (max - min) / s;
}

/**
 * Hurst exponent by classic rescaled-range analysis (Hurst 1951, Mandelbrot–Wallis) over the last
 * `period` log returns: for each length n = minChunk·2^j ≤ period, the most recent ⌊period/n⌋
 * non-overlapping chunks of n returns (aligned to the newest) give the mean R/S(n); H is the OLS
 * slope of ln R/S(n) on ln n. No Anis–Lloyd small-sample correction (so white noise reads
 * somewhat above 0.5). Undefined until period + 1 closes, or when fewer than two lengths have
 * non-zero variance. Closes must be positive.
 */
export const hurst = makeIndicator<HurstParams, HurstCore, number, number>({
  name: 'hurst',
  params: HurstParams,
  init: (p) => logReturnWindowInit(p.period),
  step: (c, x) => logReturnWindowPush(c, x, 'hurst'),
  value: (c, p) => {
    if (c.returns.len < c.returns.cap) return undefined;
    const r = ringValues(c.returns);
    const xs: number[] = [];
    const ys: number[] = [];
    for (let n = p.minChunk; n <= p.period; n *= 2) {
      const chunks = Math.floor(p.period / n);
      let sum = 0;
      let valid = 0;
      for (let k = 0; k < chunks; k += 1) {
        const rs = rescaledRange(r, p.period - (k + 1) * n, n);
        if (rs !== undefined && rs > 0) {
          sum += rs;
          valid += 1;
        }
      }
      if (valid > 0) {
        xs.push(Math.log(n));
        ys.push(Math.log(sum / valid));
      }
    }
    if (xs.length < 2) return undefined;
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    let sxy = 0;
    let sxx = 0;
    xs.forEach((x, i) => {
      sxy += (x - mx) * ((ys[i] ?? 0) - my);
      sxx += (x - mx) * (x - mx);
    });
    return sxy / sxx;
  },
});

/** Batch ADX/DMI over bars: +DI, −DI and ADX columns. */
export const adxBatch = (bars: BarColumns, params: z.input<typeof PeriodParams>): Record<keyof AdxValue, Float64Array> =>
  multiBatch(adx, ['plusDI', 'minusDI', 'adx'], params, bars.close.length, (i) => barAt(bars, i));
/** Batch OBV over bars. */
export const obvBatch = (bars: BarColumns): Float64Array => scalarBatch(obv, {}, bars.close.length, (i) => barAt(bars, i));
/** Batch VWAP over bars (anchored at the first bar unless `period` > 0). */
export const vwapBatch = (bars: BarColumns, params: z.input<typeof VwapParams> = {}): Float64Array =>
  scalarBatch(vwap, params, bars.close.length, (i) => barAt(bars, i));
/** Batch Hurst exponent over closes. */
export const hurstBatch = (close: Float64Array, params: z.input<typeof HurstParams> = {}): Float64Array =>
  scalarBatch(hurst, params, close.length, (i) => at(close, i));
