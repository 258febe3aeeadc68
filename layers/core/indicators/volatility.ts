/** Volatility and channels: Bollinger, ATR (Wilder), Keltner, Donchian, rolling z-score, rolling volatility. */
import { z } from 'zod';
import { emaInitCore } from './averages';
import {
  at,
  barAt,
  makeIndicator,
  multiBatch,
  ringGet,
  ringInit,
  ringMaxMin,
  ringPush,
  ringStd,
  scalarBatch,
  smootherInit,
  smootherStep,
  trueRange,
  type BarColumns,
  type IndicatorBar,
  type Ring,
  type Smoother,
  period,
  PeriodParams,
  logReturnWindowInit,
  logReturnWindowPush,
  type LogReturnWindow,
} from './framework';


/** Lower, middle and upper lines of a channel. */
export interface BandValue {
  readonly lower: number;
  readonly middle: number;
  readonly upper: number;
}

export const BollingerParams = z.object({ period: period.default(20), multiplier: z.number().positive().default(2) }).strict();
export type BollingerParams = z.infer<typeof BollingerParams>;

/**
 * Bollinger Bands: middle = SMA_n(C), bands = middle ± k·σ with σ the population standard
 * deviation of the window (Bollinger's and StockCharts' convention), computed in two passes.
 */
export const bollinger = makeIndicator<BollingerParams, Ring, number, BandValue>({
  name: 'bollinger',
  params: BollingerParams,
  init: (p) => ringInit(p.period),
  step: (c, x) => {
    ringPush(c, x);
  },
  value: (c, p) => {
    if (c.len < c.cap) return undefined;
    const { mean, std } = ringStd(c, false);
    return { lower: mean - p.multiplier * std, middle: mean, upper: mean + p.multiplier * std };
  },
});

interface AtrCore {
  prevClose: number | null;
  readonly tr: Smoother;
}
const atrCoreInit = (n: number): AtrCore => ({ prevClose: null, tr: smootherInit(n, 1 / n) });
function atrCoreStep(c: AtrCore, bar: IndicatorBar): void {
  smootherStep(c.tr, trueRange(bar, c.prevClose));
  c.prevClose = bar.close;
}

/**
 * Average True Range (Wilder): TR = max(H, C_prev) − min(L, C_prev) (H − L on the first bar);
 * ATR = mean of the first n TRs, then ATR ← ATR + (TR − ATR)/n. Stable after n bars.
 */
export const atr = makeIndicator<PeriodParams, AtrCore, IndicatorBar, number>({
  name: 'atr',
  params: PeriodParams,
  init: (p) => atrCoreInit(p.period),
  step: atrCoreStep,
  value: (c) => c.tr.value ?? undefined,
});

export const KeltnerParams = z
  .object({ emaPeriod: period.default(20), atrPeriod: period.default(10), multiplier: z.number().positive().default(2) })
  .strict();
export type KeltnerParams = z.infer<typeof KeltnerParams>;
interface KeltnerCore {
  readonly ema: Smoother;
  readonly atr: AtrCore;
}

/** Keltner Channels (StockCharts' modern form): middle = EMA(C), bands = middle ± m·ATR (Wilder). */
export const keltner = makeIndicator<KeltnerParams, KeltnerCore, IndicatorBar, BandValue>({
  name: 'keltner',
  params: KeltnerParams,
  init: (p) => ({ ema: emaInitCore(p.emaPeriod), atr: atrCoreInit(p.atrPeriod) }),
  step: (c, bar) => {
    smootherStep(c.ema, bar.close);
    atrCoreStep(c.atr, bar);
  },
  value: (c, p) => {
    const mid = c.ema.value;
    const range = c.atr.tr.value;
    if (mid === null || range === null) return undefined;
    return { lower: mid - p.multiplier * range, middle: mid, upper: mid + p.multiplier * range };
  },
});

interface DonchianCore {
  readonly highs: Ring;
  readonly lows: Ring;
}

/** Donchian channel: upper = highest high of the last n bars, lower = lowest low, middle = their mean. */
export const donchian = makeIndicator<PeriodParams, DonchianCore, IndicatorBar, BandValue>({
  name: 'donchian',
  params: PeriodParams,
  init: (p) => ({ highs: ringInit(p.period), lows: ringInit(p.period) }),
  step: (c, bar) => {
    ringPush(c.highs, bar.high);
    ringPush(c.lows, bar.low);
  },
  value: (c) => {
    if (c.highs.len < c.highs.cap) return undefined;
    const upper = ringMaxMin(c.highs).max;
    const lower = ringMaxMin(c.lows).min;
    return { lower, middle: (upper + lower) / 2, upper };
  },
});

export const ZScoreParams = z.object({ period: z.number().int().min(2).max(100_000) }).strict();
export type ZScoreParams = z.infer<typeof ZScoreParams>;

/** Rolling z-score: (x_t − mean_n)/σ_n over the last n inputs including x_t, σ population; 0 when σ = 0. */
export const zScore = makeIndicator<ZScoreParams, Ring, number, number>({
  name: 'zScore',
  params: ZScoreParams,
  init: (p) => ringInit(p.period),
  step: (c, x) => {
    ringPush(c, x);
  },
  value: (c) => {
    if (c.len < c.cap) return undefined;
    const { mean, std } = ringStd(c, false);
    return std === 0 ? 0 : (ringGet(c, c.len - 1) - mean) / std;
  },
});

export const RollingVolatilityParams = z
  .object({
    period: z.number().int().min(2).max(100_000),
    /** Periods per year: 252 for daily bars, 252·390 for regular-hours minute bars, 1 for none. */
    annualization: z.number().positive().default(252),
  })
  .strict();
export type RollingVolatilityParams = z.infer<typeof RollingVolatilityParams>;
type VolCore = LogReturnWindow;

/**
 * Rolling volatility: sample standard deviation (n − 1) of the last n log returns ln(C_t/C_{t−1}),
 * times √annualization. Stable after n + 1 closes. Closes must be positive.
 */
export const rollingVolatility = makeIndicator<RollingVolatilityParams, VolCore, number, number>({
  name: 'rollingVolatility',
  params: RollingVolatilityParams,
  init: (p) => logReturnWindowInit(p.period),
  step: (c, x) => logReturnWindowPush(c, x, 'rollingVolatility'),
  value: (c, p) => (c.returns.len < c.returns.cap ? undefined : ringStd(c.returns, true).std * Math.sqrt(p.annualization)),
});

const bandKeys = ['lower', 'middle', 'upper'] as const;
/** Batch Bollinger Bands over closes. */
export const bollingerBatch = (close: Float64Array, params: z.input<typeof BollingerParams> = {}): Record<keyof BandValue, Float64Array> =>
  multiBatch(bollinger, bandKeys, params, close.length, (i) => at(close, i));
/** Batch ATR over bars. */
export const atrBatch = (bars: BarColumns, params: z.input<typeof PeriodParams>): Float64Array => scalarBatch(atr, params, bars.close.length, (i) => barAt(bars, i));
/** Batch Keltner Channels over bars. */
export const keltnerBatch = (bars: BarColumns, params: z.input<typeof KeltnerParams> = {}): Record<keyof BandValue, Float64Array> =>
  multiBatch(keltner, bandKeys, params, bars.close.length, (i) => barAt(bars, i));
/** Batch Donchian channel over bars. */
export const donchianBatch = (bars: BarColumns, params: z.input<typeof PeriodParams>): Record<keyof BandValue, Float64Array> =>
  multiBatch(donchian, bandKeys, params, bars.close.length, (i) => barAt(bars, i));
/** Batch rolling z-score over a series. */
export const zScoreBatch = (values: Float64Array, params: z.input<typeof ZScoreParams>): Float64Array =>
  scalarBatch(zScore, params, values.length, (i) => at(values, i));
/** Batch rolling volatility over closes. */
export const rollingVolatilityBatch = (close: Float64Array, params: z.input<typeof RollingVolatilityParams>): Float64Array =>
  scalarBatch(rollingVolatility, params, close.length, (i) => at(close, i));
