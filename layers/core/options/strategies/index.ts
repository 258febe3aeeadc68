/**
 * Multi-leg option strategies: a catalogue of structures built from a few zod-validated parameters, payoff at
 * expiry (exact piecewise-linear breakevens and extremes; numeric at the near expiry for calendars), value before
 * expiry (BSM/Black-76 at per-leg IVs), probability of profit under a lognormal law, position Greeks, CBOE/Reg T
 * margin, and a JSON-safe `describeStrategy`. Pure: no I/O, no clock.
 */
export * from './legs';
export * from './catalogue';
export { intrinsicValue, pnlAtExpiry, legModelValue, strategyValue, strategyPnl, type MarketInputs } from './payoff';
export { analyzePayoff, analyzeExpiryPayoff, analyzeHorizonPayoff, type PayoffAnalysis, type PriceInterval } from './breakevens';
export { probabilityOfProfit, probabilityInInterval, riskNeutralDrift, type TerminalDistribution } from './probability';
export { strategyGreeks, type PositionGreeks } from './greeks';
export {
  marginRequirement,
  nakedOptionRequirement,
  EQUITY_NAKED_RATES,
  BROAD_INDEX_NAKED_RATES,
  type MarginRequirement,
  type MarginRule,
  type NakedMarginRates,
} from './margin';
export { describeStrategy, withImpliedVolatilities, type DescribeOptions, type StrategyDescription } from './describe';
