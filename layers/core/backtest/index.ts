/** Event-driven backtester over bars: orders (market, limit, stop, stop-limit; day/gtc), exact shared-cash accounting, fees, slippage, metrics. */
export { runBacktest } from './engine';
export { dailyBarsToBacktestBars, backtestResultToJson } from './bars';
export { bookFill, type BookedPosition, type ExactPosition } from './ledger';
export { executeOnBar, executeAtClose, slippedPrice, slippageCapacity, feeFor, alpacaRegulatoryFee, type BarExecution, type ExactBar, type TriggerOrder } from './rules';
export type * from './types';
