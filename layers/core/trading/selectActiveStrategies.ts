/**
 * The pre-market strategy selection (issue 6): which registered strategies the signal engine runs today.
 *
 * For each symbol the paper and live registry entries trade (an entry with no symbols trades the watchlist),
 * the adaptive selector (registry/selector.ts) runs on the entries of that symbol with the symbol's current
 * regime (unknown when none was recorded or it is older than MAX_REGIME_AGE_DAYS), each entry's most recently
 * recorded out-of-sample metrics and its live hit series (signalOutcomes.ts). Then:
 * 1. demotions: a live entry whose live hit rate is significantly below the threshold goes live → paper through
 *    the registry's transition use case with the binomial test as evidence (the only automatic edge the state
 *    machine has; retiring needs a principal and a reason, so it stays an operator's call). A lost race on the
 *    entry (someone transitioned it meanwhile) is reported, not retried: the next selection judges it again;
 * 2. the active set: every selected entry with the symbols it was selected for, written as one versioned,
 *    conditional item (activeStrategySet.ts). A configuration that does not build from the catalogue is left out
 *    with its reason, so the engine never receives one.
 *
 * Nothing is written while the registry has no paper or live entry and no set was ever stored: the engine then
 * keeps its default bindings (an empty registry trades as before). Once a set exists, an empty selection is
 * written as an empty set (nothing qualifies today, so nothing runs).
 *
 * Re-running for the same session (a retried event) recomputes from the same inputs; demotions already applied
 * find the entry in paper and are not repeated.
 */
import type { RoutineStartedV1 } from '../../contracts';
import type { StrategyStateStore } from '../ports';
import type { CurrentRegimeReader } from '../ports/regime';
import type { RegimeLabel } from '../regime';
import {
  DEFAULT_SELECTOR_POLICY,
  recentOutOfSampleMetrics,
  selectStrategies,
  symbolsOf,
  transitionStrategy,
  type Demotion,
  type RegistryEntry,
  type SelectorPolicy,
  type StrategyRegistry,
  type TransitionStrategyResult,
} from '../registry';
import type { OutOfSampleMetrics } from '../research/gates';
import { buildStrategy, StrategyConfigError } from '../strategies';
import { loadActiveSet, saveActiveSet, type ActiveStrategySetV1, type ActiveStrategyV1 } from './activeStrategySet';
import { MAX_REGIME_AGE_DAYS } from './proposeOptionsStrategy';
import { liveHitSeries } from './signalOutcomes';

const DAY_MS = 86_400_000;

export interface SelectActiveStrategiesConfig {
  /** Symbols of entries registered without a symbol list. */
  readonly watchlist: readonly string[];
  readonly policy?: SelectorPolicy;
  /** Attempts at the conditional write of the set before the invocation fails (and is retried). Default 3. */
  readonly maxSaveAttempts?: number;
}

export interface SelectActiveStrategiesDeps {
  readonly registry: StrategyRegistry;
  readonly regimes: CurrentRegimeReader;
  /** The active set and the live outcome ledgers live in the strategy-state table. */
  readonly strategyState: StrategyStateStore;
  readonly config: SelectActiveStrategiesConfig;
}

export interface AppliedDemotion {
  readonly strategyId: string;
  readonly result: TransitionStrategyResult;
}

export type SelectActiveStrategiesResult =
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'selected'; readonly set: ActiveStrategySetV1; readonly version: number; readonly demotions: readonly AppliedDemotion[] };

/** Runs the selection for the routine's session; see the module comment. */
export async function selectActiveStrategies(
  deps: SelectActiveStrategiesDeps,
  routine: Pick<RoutineStartedV1, 'sessionDate' | 'at'>,
): Promise<SelectActiveStrategiesResult> {
  const policy = deps.config.policy ?? DEFAULT_SELECTOR_POLICY;
  const considered = (await deps.registry.list()).filter((e) => e.state === 'paper' || e.state === 'live');
  const stored = await loadActiveSet(deps.strategyState);
  if (considered.length === 0 && stored === undefined) {
    return { kind: 'skipped', reason: 'no paper or live strategy in the registry and no active set stored: the engine keeps its default bindings' };
  }

  // A configuration the catalogue cannot build is never selected (the engine could not run it).
  const unbuildable = new Map<string, string>();
  for (const entry of considered) {
    try {
      buildStrategy(entry.family, entry.params, entry.strategyId);
    } catch (error) {
      if (!(error instanceof StrategyConfigError)) throw error;
      unbuildable.set(entry.strategyId, error.message);
    }
  }
  const buildable = considered.filter((e) => !unbuildable.has(e.strategyId));

  const recentMetrics: Record<string, OutOfSampleMetrics> = {};
  const hitSeries: Record<string, readonly boolean[]> = {};
  for (const entry of buildable) {
    const metrics = recentOutOfSampleMetrics(entry);
    if (metrics !== undefined) recentMetrics[entry.strategyId] = metrics;
    if (entry.state === 'live') hitSeries[entry.strategyId] = await liveHitSeries(deps.strategyState, entry.strategyId);
  }

  const symbols = [...new Set(considered.flatMap((e) => symbolsOf(e, deps.config.watchlist)))].sort();
  const selectedOn = new Map<string, { entry: RegistryEntry; symbols: string[]; sharpe: number }>();
  const demotions = new Map<string, Demotion>();
  const perSymbol: ActiveStrategySetV1['symbols'] = {};
  for (const symbol of symbols) {
    const regime = await recentRegime(deps.regimes, symbol, routine.sessionDate);
    const entries = buildable.filter((e) => symbolsOf(e, deps.config.watchlist).includes(symbol));
    const selection = selectStrategies({ entries, regime, recentMetrics, liveHitSeries: hitSeries }, policy);
    for (const d of selection.demotions) if (!demotions.has(d.strategyId)) demotions.set(d.strategyId, d);
    for (const chosen of selection.active) {
      const entry = entries.find((e) => e.strategyId === chosen.strategyId);
      if (entry === undefined) continue;
      const slot = selectedOn.get(entry.strategyId) ?? { entry, symbols: [], sharpe: chosen.sharpe };
      slot.symbols.push(symbol);
      selectedOn.set(entry.strategyId, slot);
    }
    const excluded = [
      ...selection.excluded,
      ...considered.filter((e) => unbuildable.has(e.strategyId) && symbolsOf(e, deps.config.watchlist).includes(symbol)).map((e) => ({ strategyId: e.strategyId, reason: unbuildable.get(e.strategyId) ?? '' })),
    ];
    perSymbol[symbol] = { regime: regime ?? null, excluded };
  }

  const applied: AppliedDemotion[] = [];
  for (const d of demotions.values()) {
    applied.push({ strategyId: d.strategyId, result: await transitionStrategy(deps.registry, d.strategyId, { ...d.request, expectedVersion: d.expectedVersion }, routine.at) });
  }

  const strategies: ActiveStrategyV1[] = [...selectedOn.values()]
    .filter(({ entry }) => !demotions.has(entry.strategyId))
    .map(({ entry, symbols: on, sharpe }): ActiveStrategyV1 => ({
      strategyId: entry.strategyId,
      family: entry.family,
      params: { ...entry.params },
      registryState: entry.state === 'live' ? 'live' : 'paper',
      registryVersion: entry.version,
      symbols: on,
      sharpe,
    }))
    // Live before paper, then by id: the stored set does not depend on the order symbols were judged in.
    .sort((a, b) => (a.registryState === b.registryState ? (a.strategyId < b.strategyId ? -1 : 1) : a.registryState === 'live' ? -1 : 1));
  const set: ActiveStrategySetV1 = {
    schema: 'ActiveStrategySetV1',
    sessionDate: routine.sessionDate,
    selectedAt: routine.at,
    strategies,
    symbols: perSymbol,
    demoted: applied.flatMap((a) => (a.result.kind === 'applied' ? [{ strategyId: a.strategyId, version: a.result.entry.version }] : [])),
  };

  const attempts = deps.config.maxSaveAttempts ?? 3;
  let expected = stored?.version ?? 0;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (await saveActiveSet(deps.strategyState, set, expected)) return { kind: 'selected', set, version: expected + 1, demotions: applied };
    // Another selection wrote meanwhile (a duplicate delivery): ours is computed from the same inputs, write over it.
    expected = (await loadActiveSet(deps.strategyState))?.version ?? 0;
  }
  throw new Error(`active strategy set: lost the conditional write ${attempts} times`);
}

/** The symbol's regime when the detector recorded one within MAX_REGIME_AGE_DAYS of the session; otherwise unknown. */
async function recentRegime(regimes: CurrentRegimeReader, symbol: string, sessionDate: string): Promise<RegimeLabel | undefined> {
  const current = await regimes.currentRegime(symbol);
  if (current === undefined) return undefined;
  const ageDays = (Date.parse(`${sessionDate}T00:00:00Z`) - Date.parse(`${current.asOf}T00:00:00Z`)) / DAY_MS;
  return ageDays >= 0 && ageDays <= MAX_REGIME_AGE_DAYS ? current.label : undefined;
}
