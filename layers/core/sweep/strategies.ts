import { VECTOR_SWEEP_STRATEGIES, type ParameterSetV1, type SweepStrategyName } from '../../contracts/sweep';
import type { BacktestStrategy } from '../backtest';
import { buildStrategy, STRATEGY_CATALOGUE, StrategyConfigError } from '../strategies';
import type { StrategySweep } from '../vector';

/**
 * The sweep's strategies, built by name from the strategy catalogue. A sweep parameter may be any
 * numeric parameter of the strategy (those with defaults in the catalogue); boolean switches such as
 * allowShort are not sweepable. Strategies the vectorised engine also runs (VECTOR_SWEEP_STRATEGIES)
 * must name every parameter its kernel reads, so a sweep means the same on both engines
 * (test/layers/core/backtest/engine-parity).
 */
export const SWEEP_PARAMETER_NAMES: Readonly<Record<SweepStrategyName, readonly string[]>> = Object.fromEntries(
  Object.entries(STRATEGY_CATALOGUE).map(([name, entry]) => [name, Object.keys(entry.defaults).filter((k) => typeof entry.defaults[k] === 'number')]),
) as unknown as Record<SweepStrategyName, readonly string[]>;

/** Why a parameter set is not valid for the strategy, or undefined when it is. */
export function parameterSetProblem(strategy: SweepStrategyName, params: ParameterSetV1): string | undefined {
  const allowed = SWEEP_PARAMETER_NAMES[strategy];
  const unknown = Object.keys(params).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) return `unknown parameter(s) ${unknown.join(', ')} for ${strategy} (expected ${allowed.join(', ')})`;
  if (VECTOR_SWEEP_STRATEGIES.includes(strategy)) {
    const missing = allowed.filter((k) => params[k] === undefined);
    if (missing.length > 0) return `missing parameter(s) ${missing.join(', ')} for ${strategy}`;
  }
  try {
    buildStrategy(strategy, params);
    return undefined;
  } catch (error) {
    if (error instanceof StrategyConfigError) return error.message.replace(/^bad parameters for [a-z-]+: /, '');
    return error instanceof Error ? error.message : String(error);
  }
}

/** The streaming strategy the event-driven engine runs (throws StrategyConfigError on bad params). */
export function streamingStrategy(strategy: SweepStrategyName, params: ParameterSetV1): BacktestStrategy {
  return buildStrategy(strategy, params) as BacktestStrategy;
}

/** The vectorised engine's sweep over `sets` (already validated), results in the same order. */
export function vectorSweep(strategy: SweepStrategyName, sets: readonly ParameterSetV1[]): StrategySweep {
  if (strategy === 'price-cross-sma') return { strategy: 'priceCrossSma', params: sets.map((p) => ({ period: p['period'] ?? Number.NaN })) };
  if (strategy === 'sma-crossover') return { strategy: 'smaCross', params: sets.map((p) => ({ fast: p['fast'] ?? Number.NaN, slow: p['slow'] ?? Number.NaN })) };
  throw new Error(`the vectorised engine has no kernel for ${strategy}`);
}
