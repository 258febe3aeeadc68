/** Momentum oscillators: RSI (Wilder), Stochastic, CCI, Williams %R, ROC and momentum. */
import { z } from 'zod';
import {
  at,
  barAt,
  makeIndicator,
  multiBatch,
  ringGet,
  ringInit,
  ringMaxMin,
  ringPush,
  rollingSumInit,
  rollingSumPush,
  scalarBatch,
  smootherInit,
  smootherStep,
  type BarColumns,
  type IndicatorBar,
  type Ring,
  type RollingSum,
  type Smoother,
  period,
  PeriodParams,
} from './framework';


interface RsiCore {
  prevClose: number | null;
  readonly gain: Smoother;
  readonly loss: Smoother;
}

/**
 * RSI with Wilder's smoothing: average gain and loss are the simple mean of the first n changes,
 * then avg ← avg + (x − avg)/n; RSI = 100 − 100/(1 + avgGain/avgLoss), 100 when avgLoss = 0.
 * Stable after n + 1 closes.
 */
export const rsi = makeIndicator<PeriodParams, RsiCore, number, number>({
  name: 'rsi',
  params: PeriodParams,
  init: (p) => ({ prevClose: null, gain: smootherInit(p.period, 1 / p.period), loss: smootherInit(p.period, 1 / p.period) }),
  step: (c, x) => {
    if (c.prevClose !== null) {
      const d = x - c.prevClose;
      smootherStep(c.gain, d > 0 ? d : 0);
      smootherStep(c.loss, d > 0 ? 0 : -d);
    }
    c.prevClose = x;
  },
  value: (c) => {
    if (c.gain.value === null || c.loss.value === null) return undefined;
    if (c.loss.value === 0) return 100;
    return 100 - 100 / (c.gain.value / c.loss.value + 1);
  },
});

export const StochasticParams = z
  .object({ kPeriod: period.default(14), kSmoothing: period.default(3), dPeriod: period.default(3) })
  .strict();
export type StochasticParams = z.infer<typeof StochasticParams>;
export interface StochasticValue {
  readonly k: number;
  readonly d: number;
}
interface StochCore {
  readonly highs: Ring;
  readonly lows: Ring;
  readonly k: RollingSum;
  readonly d: RollingSum;
}

/**
 * Slow stochastic (Lane): fast %K = 100·(C − LL_n)/(HH_n − LL_n) (0 when the range is 0),
 * %K = SMA(kSmoothing) of fast %K, %D = SMA(dPeriod) of %K. kSmoothing = 1 gives the fast stochastic.
 */
export const stochastic = makeIndicator<StochasticParams, StochCore, IndicatorBar, StochasticValue>({
  name: 'stochastic',
  params: StochasticParams,
  init: (p) => ({ highs: ringInit(p.kPeriod), lows: ringInit(p.kPeriod), k: rollingSumInit(p.kSmoothing), d: rollingSumInit(p.dPeriod) }),
  step: (c, bar) => {
    ringPush(c.highs, bar.high);
    ringPush(c.lows, bar.low);
    if (c.highs.len < c.highs.cap) return;
    const hh = ringMaxMin(c.highs).max;
    const ll = ringMaxMin(c.lows).min;
    const range = hh - ll;
    rollingSumPush(c.k, range === 0 ? 0 : ((bar.close - ll) * 100) / range);
    if (c.k.ring.len === c.k.ring.cap) rollingSumPush(c.d, c.k.sum / c.k.ring.cap);
  },
  value: (c) => (c.d.ring.len < c.d.ring.cap ? undefined : { k: c.k.sum / c.k.ring.cap, d: c.d.sum / c.d.ring.cap }),
});

interface CciCore {
  readonly tp: RollingSum;
}

/**
 * Commodity Channel Index (Lambert): TP = (H + L + C)/3, CCI = (TP − SMA_n(TP)) / (0.015 · MD),
 * MD the mean absolute deviation of TP about its SMA over the window; 0 when MD = 0.
 */
export const cci = makeIndicator<PeriodParams, CciCore, IndicatorBar, number>({
  name: 'cci',
  params: PeriodParams,
  init: (p) => ({ tp: rollingSumInit(p.period) }),
  step: (c, bar) => rollingSumPush(c.tp, (bar.high + bar.low + bar.close) / 3),
  value: (c) => {
    const r = c.tp.ring;
    if (r.len < r.cap) return undefined;
    const mean = c.tp.sum / r.cap;
    let md = 0;
    for (let k = 0; k < r.len; k += 1) md += Math.abs(ringGet(r, k) - mean);
    md /= r.cap;
    if (md === 0) return 0;
    return (ringGet(r, r.len - 1) - mean) / (0.015 * md);
  },
});

interface RangeCore {
  readonly highs: Ring;
  readonly lows: Ring;
  close: number;
}

/** Williams %R: −100·(HH_n − C)/(HH_n − LL_n), in [−100, 0]; −100 when the range is 0. */
export const williamsR = makeIndicator<PeriodParams, RangeCore, IndicatorBar, number>({
  name: 'williamsR',
  params: PeriodParams,
  init: (p) => ({ highs: ringInit(p.period), lows: ringInit(p.period), close: 0 }),
  step: (c, bar) => {
    ringPush(c.highs, bar.high);
    ringPush(c.lows, bar.low);
    c.close = bar.close;
  },
  value: (c) => {
    if (c.highs.len < c.highs.cap) return undefined;
    const hh = ringMaxMin(c.highs).max;
    const ll = ringMaxMin(c.lows).min;
    if (hh === ll) return -100;
    return ((hh - c.close) / (hh - ll)) * -100;
  },
});

/** Rate of change in percent: 100·(C_t − C_{t−n})/C_{t−n}; stable after n + 1 closes. */
export const roc = makeIndicator<PeriodParams, Ring, number, number>({
  name: 'roc',
  params: PeriodParams,
  init: (p) => ringInit(p.period + 1),
  step: (c, x) => {
    ringPush(c, x);
  },
  value: (c) => {
    if (c.len < c.cap) return undefined;
    const base = ringGet(c, 0);
    return ((ringGet(c, c.len - 1) - base) / base) * 100;
  },
});

/** Momentum: C_t − C_{t−n}; stable after n + 1 closes. */
export const momentum = makeIndicator<PeriodParams, Ring, number, number>({
  name: 'momentum',
  params: PeriodParams,
  init: (p) => ringInit(p.period + 1),
  step: (c, x) => {
    ringPush(c, x);
  },
  value: (c) => (c.len < c.cap ? undefined : ringGet(c, c.len - 1) - ringGet(c, 0)),
});

/** Batch RSI over closes. */
export const rsiBatch = (close: Float64Array, params: z.input<typeof PeriodParams>): Float64Array => scalarBatch(rsi, params, close.length, (i) => at(close, i));
/** Batch stochastic over bars: %K and %D columns. */
export const stochasticBatch = (bars: BarColumns, params: z.input<typeof StochasticParams> = {}): Record<keyof StochasticValue, Float64Array> =>
  multiBatch(stochastic, ['k', 'd'], params, bars.close.length, (i) => barAt(bars, i));
/** Batch CCI over bars. */
export const cciBatch = (bars: BarColumns, params: z.input<typeof PeriodParams>): Float64Array => scalarBatch(cci, params, bars.close.length, (i) => barAt(bars, i));
/** Batch Williams %R over bars. */
export const williamsRBatch = (bars: BarColumns, params: z.input<typeof PeriodParams>): Float64Array =>
  scalarBatch(williamsR, params, bars.close.length, (i) => barAt(bars, i));
/** Batch ROC (percent) over closes. */
export const rocBatch = (close: Float64Array, params: z.input<typeof PeriodParams>): Float64Array => scalarBatch(roc, params, close.length, (i) => at(close, i));
/** Batch momentum over closes. */
export const momentumBatch = (close: Float64Array, params: z.input<typeof PeriodParams>): Float64Array =>
  scalarBatch(momentum, params, close.length, (i) => at(close, i));
