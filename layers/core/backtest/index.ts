/**
 * Event-driven backtester over bars: orders (market, limit, stop, stop-limit, trailing stop, brackets, OCO; day, gtc,
 * ioc, fok, opg, cls), exact shared-cash accounting, fees, slippage, corporate actions, borrow, metrics.
 */
export { runBacktest } from './engine';
export {
  portfolioTargetFunction,
  runPortfolioBacktest,
  type PortfolioBacktestConfig,
  type PortfolioBacktestResult,
  type RebalanceOptions,
  type RebalanceRecord,
} from './portfolio-runner';
export { dailyBarsToBacktestBars, backtestResultToJson } from './bars';
export { bookFill, type BookedPosition, type ExactPosition } from './ledger';
export { executeOnBar, executeAtClose, executeAtOpenOnly, type BarExecution, type ExactBar, type TriggerOrder } from './rules';
export { slippedPrice, slippageCapacity, halfSpreadPrice, feeFor, alpacaRegulatoryFee, type FeeContext, type SpreadContext } from './costs';
export { trailingStopPrice, ratchetExtreme, type Trail } from './trailing';
export { sessionClock, opensNewSession, closesSession, type SessionClock } from './sessions';
export { borrowTermsOf, borrowRejection, borrowFee, calendarDaysBetween, type ParsedBorrow } from './borrow';
export { corporateActionsFromFactorRows, type CorporateAction, type FactorEventOptions } from '../market/corporate-actions';
export type * from './types';
