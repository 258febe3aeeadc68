/** Streaming trading strategies: pure step functions over JSON-serialisable state. */
export type { StrategyBar, StrategySignal, StrategyStep, StreamingStrategy } from './strategy';
export { viewRuleStrategy, type RuleDecision, type ViewRule, type ViewRuleState } from './viewRule';
export { smaCrossover, SmaCrossoverParams, SmaCrossoverState, SMA_CROSSOVER_VERSION } from './smaCrossover';
export { priceCrossSma, PriceCrossSmaParams, PriceCrossSmaState, PRICE_CROSS_SMA_VERSION } from './priceCrossSma';
export { rsiReversion, RsiReversionParams, RSI_REVERSION_VERSION } from './rsiReversion';
export { bollingerReversion, BollingerReversionParams, BOLLINGER_REVERSION_VERSION } from './bollingerReversion';
export { donchianBreakout, DonchianBreakoutParams, DONCHIAN_BREAKOUT_VERSION } from './donchianBreakout';
export { macdTrend, MacdTrendParams, MACD_TREND_VERSION } from './macdTrend';
export { emaCrossover, EmaCrossoverParams, EMA_CROSSOVER_VERSION } from './emaCrossover';
export { adxTrend, AdxTrendParams, ADX_TREND_VERSION } from './adxTrend';
export { zScoreReversion, ZScoreReversionParams, ZSCORE_REVERSION_VERSION } from './zScoreReversion';
export { timeSeriesMomentum, TimeSeriesMomentumParams, TIME_SERIES_MOMENTUM_VERSION } from './timeSeriesMomentum';
export { volatilityBreakout, VolatilityBreakoutParams, VOLATILITY_BREAKOUT_VERSION } from './volatilityBreakout';
export {
  volatilityTargetedTrend,
  VolatilityTargetedTrendParams,
  VOLATILITY_TARGETED_TREND_VERSION,
  type VolatilityTargetedTrendState,
} from './volatilityTargetedTrend';
export { openingRangeBreakout, OpeningRangeBreakoutParams, OPENING_RANGE_BREAKOUT_VERSION } from './openingRangeBreakout';
export {
  regimeSwitching,
  RegimeSwitchingParams,
  RegimeAction,
  REGIME_SWITCHING_VERSION,
  quadrantInit,
  quadrantStep,
  type QuadrantState,
} from './regimeSwitching';
export {
  buildStrategy,
  isStrategyName,
  STRATEGY_CATALOGUE,
  STRATEGY_NAMES,
  StrategyConfigError,
  type ConfiguredStrategy,
  type StrategyEntry,
  type StrategyName,
} from './catalogue';
export * from './portfolio';
