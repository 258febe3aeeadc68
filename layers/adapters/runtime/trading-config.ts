import { DEFAULT_CORRELATOR_CONFIG, type CorrelatorConfig } from '../../core/options/correlator';
import type { SizingConfig } from '../../core/portfolio';
import { DEFAULT_SELECTOR_POLICY, type SelectorPolicy } from '../../core/registry';
import { smaCrossover } from '../../core/strategies';
import type { StrategyBinding } from '../../core/trading';

/**
 * What the live loop trades while the strategy registry has never produced an active set (an empty registry,
 * the local replay): one SMA crossover on one-minute bars, long-only, sized at 10 % of equity per position with
 * a hard $20k cap. Once the pre-market selection has written a set, the signal engine runs that set instead
 * (layers/core/trading/activeStrategySet.ts). Kept in one place so the control API reports the default binding.
 */
export const ACTIVE_STRATEGY_PARAMS = { fast: 5, slow: 20 } as const;

export function activeStrategies(): readonly StrategyBinding[] {
  return [{ strategy: smaCrossover(ACTIVE_STRATEGY_PARAMS) as StrategyBinding['strategy'] }];
}

export const SIZING: SizingConfig = { fractionOfEquity: '0.1', maxPositionNotional: '20000', allowShort: false };

/**
 * How long the signal engine keeps the registry's active strategy set before reading it again (per container,
 * in the configured clock's time): a new pre-market selection takes effect within a minute, without a redeploy.
 */
export const ACTIVE_SET_TTL_MS = 60_000;

/**
 * The live hit rate's horizon: a long/short signal is scored on the close of its symbol's first bar starting
 * 15 minutes after the signal's bar (layers/core/trading/signalOutcomes.ts). A quarter hour is a few bars of the
 * default SMA(5/20) on minute bars; a registry strategy on slower bars would want its own horizon (not yet).
 */
export const OUTCOME_HORIZON_MS = 15 * 60_000;

/**
 * The pre-market selector's policy (layers/core/registry/selector.ts): at most 3 live and 5 paper strategies per
 * symbol, recent out-of-sample Sharpe ≥ 0, and live → paper demotion when the live hit rate over the last 100
 * scored calls (at least 30) is below 0.5 at one-sided p < 0.05.
 */
export const STRATEGY_SELECTOR_POLICY: SelectorPolicy = DEFAULT_SELECTOR_POLICY;

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
