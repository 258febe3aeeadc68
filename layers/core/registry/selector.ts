/**
 * Adaptive strategy selector (issue 6): which registered strategies act now, and which live ones must be
 * demoted. Pure: the caller gathers registry entries, the current regime, recent out-of-sample metrics and
 * the live hit-rate series, and applies the demotions through the registry (transitionStrategy with the
 * `hit-rate-demotion` evidence this returns).
 *
 * Rule, in order:
 * 1. Only `paper` and `live` entries are considered.
 * 2. Demotion: a live entry whose recent hit rate is significantly below the threshold (one-sided exact
 *    binomial test, hit-rate.ts) gets a live → paper demotion and is not selected in this round.
 * 3. Regime fit: an entry with a non-empty `regimes` list is eligible only when the current regime is in it.
 *    With no known regime, the filter is skipped (regime-free rule) and the selection says so.
 * 4. Performance: eligible only with recent out-of-sample metrics whose Sharpe is finite and ≥ minSharpe.
 * 5. Ranking within each state: recent out-of-sample Sharpe descending, then deflated Sharpe descending
 *    (NaN/absent last), then strategyId ascending (deterministic). The top `maxLive` live entries act on the
 *    live account, the top `maxPaper` paper entries on the paper account; the rest are listed as excluded.
 */
import type { OutOfSampleMetrics } from '../research/gates';
import type { RegimeLabel } from '../regime';
import { DEFAULT_HIT_RATE_POLICY, testHitRate, type HitRatePolicy, type HitRateTest } from './hit-rate';
import type { RegistryEntry, TransitionRequest } from './registry';

export interface SelectorPolicy {
  readonly maxLive: number;
  readonly maxPaper: number;
  /** Minimum recent out-of-sample Sharpe (annualised). Default 0: a strategy losing money recently is not run. */
  readonly minSharpe: number;
  readonly hitRate: HitRatePolicy;
}

export const DEFAULT_SELECTOR_POLICY: SelectorPolicy = { maxLive: 3, maxPaper: 5, minSharpe: 0, hitRate: DEFAULT_HIT_RATE_POLICY };

export interface SelectorInput {
  readonly entries: readonly RegistryEntry[];
  /** The current regime (of the traded universe or its benchmark), undefined when unknown. */
  readonly regime: RegimeLabel | undefined;
  /** Recent out-of-sample metrics per strategyId (e.g. the last walk-forward fold, or paper results). */
  readonly recentMetrics: Readonly<Record<string, OutOfSampleMetrics>>;
  /** Live directional outcomes per strategyId, oldest first (true = right direction). */
  readonly liveHitSeries: Readonly<Record<string, readonly boolean[]>>;
}

export interface SelectedStrategy {
  readonly strategyId: string;
  readonly state: 'paper' | 'live';
  /** 1-based rank within its state. */
  readonly rank: number;
  readonly sharpe: number;
}

export interface ExcludedStrategy {
  readonly strategyId: string;
  readonly reason: string;
}

export interface Demotion {
  readonly strategyId: string;
  readonly expectedVersion: number;
  readonly request: TransitionRequest & { readonly to: 'paper'; readonly evidence: { readonly kind: 'hit-rate-demotion'; readonly test: HitRateTest } };
}

export interface Selection {
  readonly regime: RegimeLabel | undefined;
  /** False when no regime was known and the regime filter was skipped. */
  readonly regimeFiltered: boolean;
  readonly active: readonly SelectedStrategy[];
  readonly excluded: readonly ExcludedStrategy[];
  readonly demotions: readonly Demotion[];
}

const orNegInf = (x: number | undefined): number => (x === undefined || Number.isNaN(x) ? -Infinity : x);

/** Chooses the active strategies and the demotions; see the module comment for the rule. */
export function selectStrategies(input: SelectorInput, policy: SelectorPolicy = DEFAULT_SELECTOR_POLICY): Selection {
  const excluded: ExcludedStrategy[] = [];
  const demotions: Demotion[] = [];
  const candidates: { entry: RegistryEntry; state: 'paper' | 'live'; sharpe: number; deflated: number }[] = [];
  const sorted = [...input.entries].sort((a, b) => (a.strategyId < b.strategyId ? -1 : a.strategyId > b.strategyId ? 1 : 0));
  for (const entry of sorted) {
    const { strategyId, state } = entry;
    if (state !== 'paper' && state !== 'live') continue;
    if (state === 'live') {
      const test = testHitRate(input.liveHitSeries[strategyId] ?? [], policy.hitRate);
      if (test.belowThreshold) {
        demotions.push({ strategyId, expectedVersion: entry.version, request: { to: 'paper', evidence: { kind: 'hit-rate-demotion', test } } });
        excluded.push({
          strategyId,
          reason: `demoted: live hit rate ${test.hits}/${test.trials} is below ${test.threshold} (one-sided binomial p = ${test.pValue.toPrecision(3)} < ${test.alpha})`,
        });
        continue;
      }
    }
    if (input.regime !== undefined && entry.regimes.length > 0 && !entry.regimes.includes(input.regime)) {
      excluded.push({ strategyId, reason: `regime ${input.regime} is not one of ${entry.regimes.join(', ')}` });
      continue;
    }
    const metrics = input.recentMetrics[strategyId];
    const sharpe = metrics?.sharpe;
    if (sharpe === undefined || !Number.isFinite(sharpe)) {
      excluded.push({ strategyId, reason: 'no recent out-of-sample Sharpe' });
      continue;
    }
    if (sharpe < policy.minSharpe) {
      excluded.push({ strategyId, reason: `recent out-of-sample Sharpe ${sharpe} is below ${policy.minSharpe}` });
      continue;
    }
    candidates.push({ entry, state, sharpe, deflated: orNegInf(metrics?.deflatedSharpe) });
  }
  const active: SelectedStrategy[] = [];
  for (const [state, cap] of [['live', policy.maxLive], ['paper', policy.maxPaper]] as const) {
    const ranked = candidates
      .filter((c) => c.state === state)
      .sort((a, b) => b.sharpe - a.sharpe || b.deflated - a.deflated || (a.entry.strategyId < b.entry.strategyId ? -1 : 1));
    ranked.forEach((c, i) => {
      if (i < cap) active.push({ strategyId: c.entry.strategyId, state, rank: i + 1, sharpe: c.sharpe });
      else excluded.push({ strategyId: c.entry.strategyId, reason: `ranked ${i + 1} of the ${state} strategies; only ${cap} act` });
    });
  }
  return { regime: input.regime, regimeFiltered: input.regime !== undefined, active, excluded, demotions };
}
