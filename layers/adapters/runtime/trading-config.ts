import type { SizingConfig } from '../../core/portfolio';
import { smaCrossover } from '../../core/strategies';
import type { StrategyBinding } from '../../core/trading';

/**
 * What the live loop trades until the strategy registry (issue: honest research) drives it:
 * one SMA crossover on one-minute bars, long-only, sized at 10 % of equity per position with a
 * hard $20k cap. Kept in one place so the control API reports exactly what the engine runs.
 */
export const ACTIVE_STRATEGY_PARAMS = { fast: 5, slow: 20 } as const;

export function activeStrategies(): readonly StrategyBinding[] {
  return [{ strategy: smaCrossover(ACTIVE_STRATEGY_PARAMS) as StrategyBinding['strategy'] }];
}

export const SIZING: SizingConfig = { fractionOfEquity: '0.1', maxPositionNotional: '20000', allowShort: false };

/** Signals are kept a week (DynamoDB TTL). */
export const SIGNAL_TTL_SECONDS = 7 * 24 * 3600;

/** Without a stored watermark reconcile looks back one day. */
export const RECONCILE_LOOKBACK_MS = 24 * 3600 * 1000;

/** market-events never fetches further back than this, however old its watermark. */
export const BAR_LOOKBACK_MS = 30 * 60 * 1000;

/** Keys under which consumers keep their progress in the strategy-state table. */
export const WATERMARKS = {
  marketEvents: 'watermark:market-events',
  reconcile: 'watermark:reconcile',
} as const;
