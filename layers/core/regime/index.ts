/**
 * Regime detection: a Gaussian HMM (Baum-Welch with seeded restarts, Viterbi, causal forward filter) on
 * daily log returns and realised volatility, trend/volatility quadrant rules, and their ensemble with a
 * confidence and `regime.changed` events. Pure: no I/O, no clock.
 */
export { cholesky, gaussianLogDensity, prepareGaussian } from './linear';
export type { PreparedGaussian } from './linear';
export {
  advanceFilter,
  baumWelch,
  featureCount,
  fitGaussianHmm,
  forwardFilter,
  permuteStates,
  randomStartingModel,
  smoothedPosteriors,
  stateCount,
  viterbi,
} from './hmm';
export type { BaumWelchOptions, BaumWelchResult, CovarianceType, FilterResult, FitOptions, FitResult, GaussianHmm, Observations } from './hmm';
export { regimeFeatures, TRADING_DAYS_PER_YEAR } from './features';
export type { RegimeFeatureOptions, RegimeFeatures } from './features';
export { REGIME_LABELS, quadrantLabel } from './labels';
export type { RegimeLabel, RegimeProbabilities } from './labels';
export { rollingMedian, trendVolatilityQuadrants } from './quadrants';
export type { QuadrantOptions, QuadrantSeries } from './quadrants';
export { detectRegimes, fitRegimeModel, regimeChangedEvent } from './detect';
export type { LabelSummary, RegimeBar, RegimeChange, RegimeDay, RegimeDetection, RegimeDetectionOptions, RegimeModel, ReturnSummary, StateSummary } from './detect';
