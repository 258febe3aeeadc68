/**
 * Technical indicators over floats: streaming (JSON state) and batch (Float64Array) forms.
 * Streaming style: functional objects (`ema.init(params)`, `ema.add(state, close)`, `ema.replace`,
 * `ema.result`, `ema.isStable`); batch: `emaBatch(close, params)`, NaN until stable. See framework.ts.
 */
export { smaAdd, smaBatch, smaInit, smaIsStable, smaResult } from './sma';
export type { SmaState } from './sma';
export { makeIndicator, PeriodParams, type BarColumns, type Indicator, type IndicatorBar, type IndicatorState } from './framework';
export {
  dema,
  demaBatch,
  ema,
  emaBatch,
  macd,
  macdBatch,
  MacdParams,
  smaFrameworkBatch,
  smaIndicator,
  tema,
  temaBatch,
  wma,
  wmaBatch,
  type MacdValue,
} from './averages';
export {
  cci,
  cciBatch,
  momentum,
  momentumBatch,
  roc,
  rocBatch,
  rsi,
  rsiBatch,
  stochastic,
  stochasticBatch,
  StochasticParams,
  williamsR,
  williamsRBatch,
  type StochasticValue,
} from './oscillators';
export {
  atr,
  atrBatch,
  bollinger,
  bollingerBatch,
  BollingerParams,
  donchian,
  donchianBatch,
  keltner,
  keltnerBatch,
  KeltnerParams,
  rollingVolatility,
  rollingVolatilityBatch,
  RollingVolatilityParams,
  zScore,
  zScoreBatch,
  ZScoreParams,
  type BandValue,
} from './volatility';
export { adx, adxBatch, hurst, hurstBatch, HurstParams, obv, obvBatch, rescaledRange, vwap, vwapBatch, VwapParams, type AdxValue } from './trend';
export { INDICATORS, type IndicatorEntry, type IndicatorName } from './registry';
