/** Pre-trade risk: pure checks over a snapshot, a registry of them, and the verdict. */
export { checkResult } from './preTradeCheck';
export type { PositionView, PreTradeCheck, PreTradeContext } from './preTradeCheck';
export * from './checks/basicChecks';
export { currentQuantity, orderNotional, orderPrice, signedQuantity } from './checks/exposure';
export { PRE_TRADE_CHECKS } from './registry';
export { verifyIntent } from './verifyIntent';
export type { RiskVerdict } from './verifyIntent';
export { dailyLossStatus } from './dailyLoss';
export type { DailyLossStatus } from './dailyLoss';
