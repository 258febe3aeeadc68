/**
 * The active strategy set (issue 6): what the pre-market selection decided the signal engine runs, stored as
 * one versioned item of the strategy-state table, and how the engine turns it into strategy bindings.
 *
 * The engine reads it through a per-container cache (`cachedBindings`), so a new set takes effect within the
 * TTL without a redeploy, and falls back to its default bindings when no set has ever been written (an empty
 * registry: the local replay trades exactly as before the registry existed). A set with no strategies is a
 * decision ("nothing qualifies") and is honoured: the default is NOT run then.
 */
import { z } from 'zod';
import type { Clock, StrategyStateStore } from '../ports';
import { REGIME_LABELS } from '../regime';
import { buildStrategy, StrategyConfigError } from '../strategies';
import type { StrategyBinding } from './runStrategiesOnBar';

/** strategy-state item of the active set: strategyId = ACTIVE_SET_KEY, symbol = ACTIVE_SET_SCOPE. */
export const ACTIVE_SET_KEY = 'active-strategy-set';
export const ACTIVE_SET_SCOPE = 'current';

const Param = z.union([z.number(), z.string(), z.boolean()]);

export const ActiveStrategyV1 = z.object({
  /** Registry strategyId; also the id of the strategy's state and signals in the engine. */
  strategyId: z.string().min(1),
  /** Catalogue name and parameters (buildStrategy). */
  family: z.string().min(1),
  params: z.record(z.string(), Param),
  registryState: z.enum(['paper', 'live']),
  registryVersion: z.number().int().positive(),
  /** The symbols it runs on: those of its registry entry whose regime it fits and where it ranked within the cap. */
  symbols: z.array(z.string().min(1)).min(1),
  /** Recent out-of-sample Sharpe it was ranked on. */
  sharpe: z.number(),
});
export type ActiveStrategyV1 = z.infer<typeof ActiveStrategyV1>;

export const ActiveStrategySetV1 = z.object({
  schema: z.literal('ActiveStrategySetV1'),
  /** The session the selection was made for (New York date). */
  sessionDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** The routine's time (UTC ms). */
  selectedAt: z.number().int(),
  strategies: z.array(ActiveStrategyV1),
  /** Per symbol: the regime the filter used (null: unknown, filter skipped) and why each entry was left out. */
  symbols: z.record(
    z.string(),
    z.object({
      regime: z.enum(REGIME_LABELS).nullable(),
      excluded: z.array(z.object({ strategyId: z.string(), reason: z.string() })),
    }),
  ),
  /** Live → paper demotions this selection applied (strategyId and the registry version after the transition). */
  demoted: z.array(z.object({ strategyId: z.string(), version: z.number().int() })),
});
export type ActiveStrategySetV1 = z.infer<typeof ActiveStrategySetV1>;

export interface StoredActiveSet {
  readonly set: ActiveStrategySetV1;
  readonly version: number;
}

/** The stored set and its version; undefined when none was ever written. A malformed item throws (it is a bug, not a state). */
export async function loadActiveSet(store: Pick<StrategyStateStore, 'load'>): Promise<StoredActiveSet | undefined> {
  const record = await store.load<unknown>(ACTIVE_SET_KEY, ACTIVE_SET_SCOPE);
  if (record === undefined) return undefined;
  return { set: ActiveStrategySetV1.parse(record.state), version: record.version };
}

/** Conditional write on the version read (0: none stored); false on a lost race. */
export async function saveActiveSet(store: Pick<StrategyStateStore, 'save'>, set: ActiveStrategySetV1, expectedVersion: number): Promise<boolean> {
  return store.save({ strategyId: ACTIVE_SET_KEY, symbol: ACTIVE_SET_SCOPE, state: ActiveStrategySetV1.parse(set), version: expectedVersion }, expectedVersion);
}

export interface SkippedStrategy {
  readonly strategyId: string;
  readonly reason: string;
}

/**
 * Bindings of the set's strategies, built from the catalogue by family and parameters under the registry id.
 * The selection only stores configurations that build; one that stopped building (a catalogue change since)
 * is skipped and reported instead of stopping every strategy's bars.
 */
export function bindingsFromActiveSet(set: ActiveStrategySetV1): { readonly bindings: readonly StrategyBinding[]; readonly skipped: readonly SkippedStrategy[] } {
  const bindings: StrategyBinding[] = [];
  const skipped: SkippedStrategy[] = [];
  for (const s of set.strategies) {
    try {
      bindings.push({ strategy: buildStrategy(s.family, s.params, s.strategyId), symbols: s.symbols });
    } catch (error) {
      if (!(error instanceof StrategyConfigError)) throw error;
      skipped.push({ strategyId: s.strategyId, reason: error.message });
    }
  }
  return { bindings, skipped };
}

/** A source of strategy bindings for the signal engine (the registry's active set, an ML ensemble…). */
export type BindingProvider = () => Promise<readonly StrategyBinding[]>;

/**
 * The registry's bindings: the active set's strategies, or `fallback` when no set was ever stored.
 * `onSkipped` hears about configurations that no longer build.
 */
export function activeSetBindings(
  store: Pick<StrategyStateStore, 'load'>,
  fallback: () => readonly StrategyBinding[],
  onSkipped: (skipped: readonly SkippedStrategy[]) => void = () => undefined,
): BindingProvider {
  return async () => {
    const stored = await loadActiveSet(store);
    if (stored === undefined) return fallback();
    const { bindings, skipped } = bindingsFromActiveSet(stored.set);
    if (skipped.length > 0) onSkipped(skipped);
    return bindings;
  };
}

/** All providers' bindings in order; a strategy id bound twice keeps its first binding (one state per id and symbol). */
export function combineBindingProviders(providers: readonly BindingProvider[]): BindingProvider {
  return async () => {
    const all = await Promise.all(providers.map((p) => p()));
    const seen = new Set<string>();
    const out: StrategyBinding[] = [];
    for (const binding of all.flat()) {
      if (seen.has(binding.strategy.id)) continue;
      seen.add(binding.strategy.id);
      out.push(binding);
    }
    return out;
  };
}

/**
 * Caches a provider for `ttlMs` of the clock's time (per container). A clock that moved backwards (a replay
 * restarted) refetches. A failed fetch is not cached; it throws to the caller (the bar is retried).
 */
export function cachedBindings(provider: BindingProvider, clock: Clock, ttlMs: number): BindingProvider {
  let cached: { readonly at: number; readonly bindings: readonly StrategyBinding[] } | undefined;
  return async () => {
    const now = await clock.now();
    if (cached !== undefined && now >= cached.at && now - cached.at < ttlMs) return cached.bindings;
    const bindings = await provider();
    cached = { at: now, bindings };
    return bindings;
  };
}
