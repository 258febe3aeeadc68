/**
 * INDICATORS: name → parameter schema, input kind, output columns and a uniform batch function,
 * for callers that pick indicators by name (the `tradeloop indicators` CLI, sweeps).
 */
import type { z } from 'zod';
import { dema, ema, macd, smaIndicator, tema, wma } from './averages';
import { scalarBatch, multiBatch, at, barAt, type BarColumns, type Indicator, type IndicatorBar } from './framework';
import { cci, momentum, roc, rsi, stochastic, williamsR } from './oscillators';
import { adx, hurst, obv, vwap } from './trend';
import { atr, bollinger, donchian, keltner, rollingVolatility, zScore } from './volatility';

/** One registry entry. `batch` reads closes (input 'close') or whole bars (input 'bar'). */
export interface IndicatorEntry {
  readonly params: z.ZodType;
  readonly input: 'close' | 'bar';
  /** Output column names; single-valued indicators have one column, `value`. */
  readonly outputs: readonly string[];
  readonly description: string;
  readonly batch: (bars: BarColumns, params: unknown) => Readonly<Record<string, Float64Array>>;
}

function closeScalar<P, C>(ind: Indicator<P, C, number, number>, description: string): IndicatorEntry {
  return {
    params: ind.params,
    input: 'close',
    outputs: ['value'],
    description,
    batch: (bars, params) => ({ value: scalarBatch(ind, params, bars.close.length, (i) => at(bars.close, i)) }),
  };
}
function barScalar<P, C>(ind: Indicator<P, C, IndicatorBar, number>, description: string): IndicatorEntry {
  return {
    params: ind.params,
    input: 'bar',
    outputs: ['value'],
    description,
    batch: (bars, params) => ({ value: scalarBatch(ind, params, bars.close.length, (i) => barAt(bars, i)) }),
  };
}

const bandKeys = ['lower', 'middle', 'upper'] as const;

const entries = {
  sma: closeScalar(smaIndicator, 'Simple moving average of closes'),
  ema: closeScalar(ema, 'Exponential moving average (α = 2/(n+1), SMA-seeded)'),
  wma: closeScalar(wma, 'Linearly weighted moving average'),
  dema: closeScalar(dema, 'Double EMA: 2·EMA − EMA(EMA)'),
  tema: closeScalar(tema, 'Triple EMA: 3·EMA1 − 3·EMA2 + EMA3'),
  rsi: closeScalar(rsi, 'Relative Strength Index, Wilder smoothing'),
  macd: {
    params: macd.params,
    input: 'close',
    outputs: ['macd', 'signal', 'histogram'],
    description: 'MACD line, signal and histogram',
    batch: (bars, params) => multiBatch(macd, ['macd', 'signal', 'histogram'] as const, params, bars.close.length, (i) => at(bars.close, i)),
  },
  bollinger: {
    params: bollinger.params,
    input: 'close',
    outputs: bandKeys,
    description: 'Bollinger Bands (SMA ± k·population σ)',
    batch: (bars, params) => multiBatch(bollinger, bandKeys, params, bars.close.length, (i) => at(bars.close, i)),
  },
  atr: barScalar(atr, 'Average True Range, Wilder smoothing'),
  adx: {
    params: adx.params,
    input: 'bar',
    outputs: ['plusDI', 'minusDI', 'adx'],
    description: 'ADX/DMI (Wilder): +DI, −DI, ADX',
    batch: (bars, params) => multiBatch(adx, ['plusDI', 'minusDI', 'adx'] as const, params, bars.close.length, (i) => barAt(bars, i)),
  },
  stochastic: {
    params: stochastic.params,
    input: 'bar',
    outputs: ['k', 'd'],
    description: 'Stochastic oscillator %K, %D',
    batch: (bars, params) => multiBatch(stochastic, ['k', 'd'] as const, params, bars.close.length, (i) => barAt(bars, i)),
  },
  cci: barScalar(cci, 'Commodity Channel Index'),
  obv: barScalar(obv, 'On-Balance Volume'),
  vwap: barScalar(vwap, 'VWAP of typical price (anchored, or rolling n bars)'),
  donchian: {
    params: donchian.params,
    input: 'bar',
    outputs: bandKeys,
    description: 'Donchian channel (highest high, lowest low)',
    batch: (bars, params) => multiBatch(donchian, bandKeys, params, bars.close.length, (i) => barAt(bars, i)),
  },
  keltner: {
    params: keltner.params,
    input: 'bar',
    outputs: bandKeys,
    description: 'Keltner Channels (EMA ± m·ATR)',
    batch: (bars, params) => multiBatch(keltner, bandKeys, params, bars.close.length, (i) => barAt(bars, i)),
  },
  roc: closeScalar(roc, 'Rate of change, percent'),
  momentum: closeScalar(momentum, 'Momentum: C − C[n]'),
  williamsR: barScalar(williamsR, 'Williams %R'),
  zScore: closeScalar(zScore, 'Rolling z-score (population σ)'),
  rollingVolatility: closeScalar(rollingVolatility, 'Rolling volatility: sample σ of log returns × √annualization'),
  hurst: closeScalar(hurst, 'Hurst exponent, rescaled range'),
} satisfies Readonly<Record<string, IndicatorEntry>>;

/** The names of the registered indicators. */
export type IndicatorName = keyof typeof entries;
/** Every indicator by name: parameter schema, input kind, output columns, uniform batch function. */
export const INDICATORS: Readonly<Record<IndicatorName, IndicatorEntry>> = entries;
