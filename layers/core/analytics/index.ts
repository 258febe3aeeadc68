/** Performance analytics of a backtest or live run: returns, risk ratios, drawdowns, trades, accuracy, alpha/beta, bootstrap intervals. */
export { directionalAccuracy } from './accuracy';
export type { DirectionalAccuracy } from './accuracy';
export { bootstrapInterval, defaultMeanBlockLength, stationaryBootstrapIndices } from './bootstrap';
export type { BootstrapInterval, BootstrapOptions } from './bootstrap';
export { DEFAULT_METRICS_CONVENTIONS, PERIODS_PER_YEAR, perPeriodRate, resolveConventions } from './conventions';
export type { MetricsConventions, ReturnKind, StdDenominator } from './conventions';
export { drawdowns } from './drawdown';
export type { DrawdownReport, UnderwaterEpisode } from './drawdown';
export { mulberry32 } from './random';
export type { UniformRandom } from './random';
export { alphaBeta } from './regression';
export type { AlphaBeta } from './regression';
export { computeMetrics } from './report';
export type { AccuracyReport, BenchmarkSeries, EquityCurve, MetricsInput, MetricsReport, PredictionSeries } from './report';
export {
  annualisedVolatility,
  cagr,
  calmarRatio,
  downsideDeviation,
  periodReturns,
  sharpeRatio,
  sortinoRatio,
  totalReturn,
} from './returns';
export type { SharpeOptions } from './returns';
export { covariance, mean, quantileSorted, standardDeviation } from './stats';
export { exposure, tradedNotional, tradeStatistics, turnover } from './trades';
export type { ClosedTrade, TradeSide, TradeStatistics } from './trades';
