/** Streaming trading strategies: pure step functions over JSON-serialisable state. */
export type { StrategyBar, StrategySignal, StrategyStep, StreamingStrategy } from './strategy';
export { viewRuleStrategy, type RuleDecision, type ViewRule, type ViewRuleState } from './viewRule';
export { smaCrossover, SmaCrossoverParams, SmaCrossoverState, SMA_CROSSOVER_VERSION } from './smaCrossover';
export { priceCrossSma, PriceCrossSmaParams, PriceCrossSmaState, PRICE_CROSS_SMA_VERSION } from './priceCrossSma';
export { rsiReversion, RsiReversionParams, RSI_REVERSION_VERSION } from './rsiReversion';
export { bollingerReversion, BollingerReversionParams, BOLLINGER_REVERSION_VERSION } from './bollingerReversion';
export { donchianBreakout, DonchianBreakoutParams, DONCHIAN_BREAKOUT_VERSION } from './donchianBreakout';
export { macdTrend, MacdTrendParams, MACD_TREND_VERSION } from './macdTrend';
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
