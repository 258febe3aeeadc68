import { DEFAULT_CORRELATOR_CONFIG, type CorrelatorConfig } from '../../core/options/correlator';
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

/**
 * The options correlator's table and selection knobs (layers/core/options/correlator): the defaults, 20–60
 * days to expiry, 0.50–0.60 |Δ| for bought legs, 0.30 for sold legs, 0.16 for wings, 2 % of equity at risk per
 * proposal, at most 10 units. Auto-submit is a deploy-time flag (TRADELOOP_OPTIONS_AUTO_SUBMIT), not here.
 */
export const OPTIONS_CORRELATOR: CorrelatorConfig = DEFAULT_CORRELATOR_CONFIG;
