/** Pre-trade risk: pure checks over a snapshot, a registry of them, the verdict, and loss protection. */
export { checkResult, limitsFor } from './preTradeCheck';
export type { PositionView, PreTradeCheck, PreTradeContext } from './preTradeCheck';
export type { AssetView, GreeksView, MarketSnapshot, OpenOrderView, OrderActivityView, SymbolStatsView } from './snapshot';
export * from './checks/basicChecks';
export * from './checks/lossChecks';
export * from './checks/marketChecks';
export * from './checks/optionChecks';
export * from './checks/portfolioChecks';
export {
  currentQuantity,
  instrumentSymbol,
  isOptionSymbol,
  orderNotional,
  orderPrice,
  portfolioExposure,
  signedQuantity,
  unitValue,
} from './checks/exposure';
export type { PortfolioExposure } from './checks/exposure';
export { effectiveLimits } from './policy';
export { PRE_TRADE_CHECKS } from './registry';
export { verifyIntent } from './verifyIntent';
export type { RiskVerdict } from './verifyIntent';
export { dailyLossStatus } from './dailyLoss';
export type { DailyLossStatus } from './dailyLoss';
export { localDayBounds, orderActivity, PDT_WINDOW_SESSIONS } from './activity';
export {
  ACCOUNT_RISK_STATE_KEY,
  deRiskingMultiplier,
  evaluateLossProtection,
  loadAccountRiskState,
} from './lossProtection';
export type { AccountRiskState, LossProtectionDecision, LossProtectionInput } from './lossProtection';
export { evaluateExitRules, exitIntent } from './exitRules';
export type { ExitBar, ExitEvaluation, ExitPositionState, ExitRule, ExitRules, ExitTrigger } from './exitRules';
export { undiversifiedParametricVar } from './varEstimate';
export { contractGreeks, optionRoot, orderGreeks, positionGreeksFromChains, scaleGreeks } from './optionGreeks';
export type { ContractGreeks, GreekRates, HeldPosition, PositionGreeksResult } from './optionGreeks';
export { DAILY_STATS_LOOKBACK_DAYS, DAILY_STATS_WINDOWS, dailyStatsFromBars } from './dailyStats';
