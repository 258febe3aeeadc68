/**
 * Honest research (issue 6): out-of-sample splits (walk-forward, purged k-fold, combinatorial purged CV),
 * selection-bias statistics (probabilistic and deflated Sharpe ratio, probability of backtest overfitting),
 * resampled drawdown distributions, a lookahead-bias detector and promotion gates on out-of-sample metrics.
 * Pure: no I/O, no clock, seeded randomness only.
 */
export { rangeLength, rangesOverlap, SplitOptionsError, walkForwardWindows } from './splits';
export type { IndexRange, WalkForwardSplitOptions, WalkForwardWindow } from './splits';
export { argmaxFinite, walkForwardOptimise } from './walk-forward';
export type { ReturnSegment, WalkForwardFold, WalkForwardProblem, WalkForwardResult } from './walk-forward';
export { backtestSegments } from './backtest-adapter';
export type { BacktestAdapterOptions, BacktestSegments, StrategyParams } from './backtest-adapter';
export { portfolioSegments, universeAxis } from './portfolio-adapter';
export type { PortfolioAdapterOptions } from './portfolio-adapter';
export { contiguousGroups, embargoCount, horizonSpans, purgeAround, purgedKFold } from './purged-cv';
export type { LabelSpans, PurgedFold, PurgedKFoldOptions, PurgedSplit } from './purged-cv';
export { assemblePaths, binomial, combinations, combinatorialPurgedCv, cpcvPathCount } from './cpcv';
export type { CpcvOptions, CpcvPlan, CpcvSplit } from './cpcv';
export {
  deflatedSharpeOfBest,
  deflatedSharpeRatio,
  EULER_MASCHERONI,
  expectedMaxSharpe,
  expectedMaxStandardNormal,
  probabilisticSharpeRatio,
  psrStatistic,
  sampleVariance,
  sharpeMoments,
} from './deflated-sharpe';
export type { DeflatedSharpe, DsrInput, PsrInput, SharpeMoments } from './deflated-sharpe';
export { averageRanks, probabilityOfBacktestOverfitting } from './pbo';
export type { PboOptions, PboResult } from './pbo';
export {
  blockBootstrapDrawdowns,
  DEFAULT_DRAWDOWN_QUANTILES,
  maxDrawdownOfPnl,
  maxDrawdownOfReturns,
  shuffleInto,
  tradeShuffleDrawdowns,
} from './resampling';
export type { DrawdownDistribution, ResamplingOptions } from './resampling';
export { detectLookahead, sampleCutPoints } from './lookahead';
export type { LookaheadComparison, LookaheadDifference, LookaheadOptions, LookaheadReport } from './lookahead';
export { DEFAULT_PROMOTION_GATES, evaluateGates, outOfSampleMetrics, SEED_TARGET_GATES, selectPromotable } from './gates';
export type { GateMetric, GateReport, GateResult, GateRule, GateSet, OutOfSampleEvidence, OutOfSampleMetrics } from './gates';
