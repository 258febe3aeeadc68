/**
 * Risk metrics room: VaR/CVaR (historical, Gaussian, Cornish–Fisher, Monte Carlo, bootstrap, and full
 * revaluation of portfolios with options), stress tests, betas, correlation and Ledoit–Wolf
 * covariance, marginal/component VaR. Pure: no I/O, no clock. Conventions: ./conventions.
 */
export * from './conventions';
export { historicalTailCount, historicalVar, historicalVarSorted } from './historical';
export { centralMoments, excessKurtosis, skewness } from './moments';
export {
  cornishFisherQuantile,
  cornishFisherVar,
  cornishFisherVarFromMoments,
  gaussianVar,
  gaussianVarFromMoments,
  normalPartialMoments,
  sampleMoments,
  type CornishFisherEstimate,
  type ParametricOptions,
  type ReturnMoments,
} from './parametric';
export { bootstrapVar, monteCarloVar, type SimulationOptions } from './monte-carlo';
export { bootstrapHorizonReturns, multivariateNormalSampler, standardNormal } from './simulation';
export { cholesky, dot, identity, invalidCovariance, matVec, quadraticForm, solveLinear, type Matrix, type Vector } from './matrix';
export { correlationFromCovariance, correlationMatrix, covarianceMatrix, invalidSeries, ledoitWolf, type LedoitWolfResult } from './covariance';
export { assetBetas, portfolioBeta } from './beta';
export { parametricVarDecomposition, type VarDecomposition } from './contributions';
export {
  portfolioValue,
  positionValue,
  revaluePortfolio,
  scenarioPnL,
  type BondPosition,
  type LinearPosition,
  type MarketMove,
  type OptionPosition,
  type PerUnderlying,
  type Portfolio,
  type Position,
} from './positions';
export {
  historicalPortfolioVar,
  monteCarloPortfolioVar,
  moveFromFactors,
  varFromPnL,
  type FactorModel,
  type PortfolioVarReport,
  type RiskFactor,
} from './portfolio-var';
export {
  equityShockFromCloses,
  HISTORICAL_SCENARIOS,
  HYPOTHETICAL_SCENARIOS,
  withDerivedEquityShock,
  type DerivedEquityShock,
  type StressScenario,
} from './scenarios';
export { runStressTests, scenarioMove, type StressResult } from './stress';
export { REPORT_CONVENTIONS, returnMetricsReport, type ReturnMetricsOptions, type ReturnMetricsReport, type VarRow } from './report';
