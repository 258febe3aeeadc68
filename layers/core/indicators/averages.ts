/** Moving averages over closes: SMA, EMA, WMA, DEMA, TEMA, and MACD built on the EMA. */
import { z } from 'zod';
import {
  at,
  makeIndicator,
  multiBatch,
  ringGet,
  ringInit,
  ringPush,
  rollingSumInit,
  rollingSumPush,
  scalarBatch,
  smootherInit,
  smootherStep,
  type Ring,
  type RollingSum,
  type Smoother,
  period,
  PeriodParams,
} from './framework';

/**
 * Simple moving average (framework form): mean of the last n closes; stable after n inputs.
 * A running sum re-summed every n inputs (O(1) per bar). The older `smaInit/smaAdd` API is kept.
 */
export const smaIndicator = makeIndicator<PeriodParams, RollingSum, number, number>({
  name: 'sma',
  params: PeriodParams,
  init: (p) => rollingSumInit(p.period),
  step: rollingSumPush,
  value: (c) => (c.ring.len === c.ring.cap ? c.sum / c.ring.cap : undefined),
});

/** EMA core, seeded with the SMA of the first n inputs (TA-Lib/StockCharts convention). */
export const emaInitCore = (n: number): Smoother => smootherInit(n, 2 / (n + 1));

/**
 * Exponential moving average: EMA_t = EMA_{t−1} + α(x_t − EMA_{t−1}), α = 2/(n+1), seeded with
 * the SMA of the first n inputs; stable after n inputs.
 */
export const ema = makeIndicator<PeriodParams, Smoother, number, number>({
  name: 'ema',
  params: PeriodParams,
  init: (p) => emaInitCore(p.period),
  step: smootherStep,
  value: (c) => c.value ?? undefined,
});

/** Linearly weighted moving average: Σ (k+1)·x_k / (n(n+1)/2) over the window, oldest k = 0. */
export const wma = makeIndicator<PeriodParams, Ring, number, number>({
  name: 'wma',
  params: PeriodParams,
  init: (p) => ringInit(p.period),
  step: (c, x) => {
    ringPush(c, x);
  },
  value: (c) => {
    if (c.len < c.cap) return undefined;
    let s = 0;
    for (let k = 0; k < c.cap; k += 1) s += ringGet(c, k) * (k + 1);
    return s / ((c.cap * (c.cap + 1)) / 2);
  },
});

/** A cascade of EMAs, each fed only once the previous one is stable (TA-Lib convention). */
interface EmaChain {
  readonly stages: Smoother[];
}
function chainStep(c: EmaChain, x: number): void {
  let v: number | null = x;
  for (const s of c.stages) {
    if (v === null) return;
    smootherStep(s, v);
    v = s.value;
  }
}

/** Double EMA: 2·EMA − EMA(EMA); the second EMA starts when the first is stable (stable after 2n−1). */
export const dema = makeIndicator<PeriodParams, EmaChain, number, number>({
  name: 'dema',
  params: PeriodParams,
  init: (p) => ({ stages: [emaInitCore(p.period), emaInitCore(p.period)] }),
  step: chainStep,
  value: (c) => {
    const [e1, e2] = c.stages;
    if (e1?.value == null || e2?.value == null) return undefined;
    return 2 * e1.value - e2.value;
  },
});

/** Triple EMA: 3·EMA1 − 3·EMA2 + EMA3 (cascaded as in DEMA; stable after 3n−2). */
export const tema = makeIndicator<PeriodParams, EmaChain, number, number>({
  name: 'tema',
  params: PeriodParams,
  init: (p) => ({ stages: [emaInitCore(p.period), emaInitCore(p.period), emaInitCore(p.period)] }),
  step: chainStep,
  value: (c) => {
    const [e1, e2, e3] = c.stages;
    if (e1?.value == null || e2?.value == null || e3?.value == null) return undefined;
    return 3 * e1.value - 3 * e2.value + e3.value;
  },
});

export const MacdParams = z
  .object({ fast: period.default(12), slow: period.default(26), signal: period.default(9) })
  .strict()
  .refine((p) => p.fast < p.slow, { message: 'fast period must be shorter than slow', path: ['fast'] });
export type MacdParams = z.infer<typeof MacdParams>;
export interface MacdValue {
  readonly macd: number;
  readonly signal: number;
  readonly histogram: number;
}
interface MacdCore {
  readonly fast: Smoother;
  readonly slow: Smoother;
  readonly signal: Smoother;
}

/**
 * MACD (Appel): line = EMA_fast − EMA_slow (from the bar the slow EMA is stable), signal = EMA of
 * the line (SMA-seeded), histogram = line − signal; stable after slow + signal − 1 closes.
 */
export const macd = makeIndicator<MacdParams, MacdCore, number, MacdValue>({
  name: 'macd',
  params: MacdParams,
  init: (p) => ({ fast: emaInitCore(p.fast), slow: emaInitCore(p.slow), signal: emaInitCore(p.signal) }),
  step: (c, x) => {
    smootherStep(c.fast, x);
    smootherStep(c.slow, x);
    if (c.fast.value !== null && c.slow.value !== null) smootherStep(c.signal, c.fast.value - c.slow.value);
  },
  value: (c) => {
    if (c.fast.value === null || c.slow.value === null || c.signal.value === null) return undefined;
    const line = c.fast.value - c.slow.value;
    return { macd: line, signal: c.signal.value, histogram: line - c.signal.value };
  },
});


/** Batch SMA over closes (framework form; `smaBatch(input, window)` remains). */
export const smaFrameworkBatch = (close: Float64Array, params: z.input<typeof PeriodParams>): Float64Array =>
  scalarBatch(smaIndicator, params, close.length, (i) => at(close, i));
/** Batch EMA over closes. */
export const emaBatch = (close: Float64Array, params: z.input<typeof PeriodParams>): Float64Array => scalarBatch(ema, params, close.length, (i) => at(close, i));
/** Batch WMA over closes. */
export const wmaBatch = (close: Float64Array, params: z.input<typeof PeriodParams>): Float64Array => scalarBatch(wma, params, close.length, (i) => at(close, i));
/** Batch DEMA over closes. */
export const demaBatch = (close: Float64Array, params: z.input<typeof PeriodParams>): Float64Array => scalarBatch(dema, params, close.length, (i) => at(close, i));
/** Batch TEMA over closes. */
export const temaBatch = (close: Float64Array, params: z.input<typeof PeriodParams>): Float64Array => scalarBatch(tema, params, close.length, (i) => at(close, i));
/** Batch MACD over closes: line, signal and histogram columns. */
export const macdBatch = (close: Float64Array, params: z.input<typeof MacdParams> = {}): Record<keyof MacdValue, Float64Array> =>
  multiBatch(macd, ['macd', 'signal', 'histogram'], params, close.length, (i) => at(close, i));
