/** Portfolio-level strategies (all symbols' bars in, target weights out) and the statistics they use. */
export type { PortfolioStep, PortfolioStrategy, TargetWeights } from './portfolio-strategy';
export {
  adfTest,
  engleGranger,
  mackinnonCriticalValues,
  mackinnonPValue,
  olsLine,
  type AdfOptions,
  type AdfRegression,
  type AdfResult,
  type CriticalValues,
  type EngleGrangerOptions,
  type EngleGrangerResult,
  type LineFit,
} from './cointegration';
export { momentumRotation, MomentumRotationParams, MOMENTUM_ROTATION_VERSION, type MomentumRotationState } from './momentumRotation';
export { pairsTrading, PairsTradingParams, PAIRS_TRADING_VERSION, type PairsTradingState } from './pairsTrading';
export {
  buildPortfolioStrategy,
  isPortfolioStrategyName,
  PORTFOLIO_CATALOGUE,
  PORTFOLIO_STRATEGY_NAMES,
  type ConfiguredPortfolioStrategy,
  type PortfolioStrategyEntry,
  type PortfolioStrategyName,
} from './catalogue';
