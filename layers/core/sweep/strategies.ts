import type { ParameterSetV1, SweepStrategyName } from '../../contracts/sweep';
import type { BacktestStrategy } from '../backtest';
import type { StrategySweep } from '../vector';
import { priceCrossSma, smaCrossover } from '../strategies';

/**
 * The sweep's strategies, built for either engine from a name and a parameter set. The event-driven
 * strategy and the vectorised kernel follow the same rules (test/layers/core/backtest/engine-parity),
 * which is why only these two are offered. Only the parameters the vectorised kernel understands
 * are accepted, so a sweep means the same thing on both engines.
 */
export const SWEEP_PARAMETER_NAMES: Readonly<Record<SweepStrategyName, readonly string[]>> = {
  'sma-crossover': ['fast', 'slow'],
  'price-cross-sma': ['period'],
};

/** Why a parameter set is not valid for the strategy, or undefined when it is. */
export function parameterSetProblem(strategy: SweepStrategyName, params: ParameterSetV1): string | undefined {
  const allowed = SWEEP_PARAMETER_NAMES[strategy];
  const unknown = Object.keys(params).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) return `unknown parameter(s) ${unknown.join(', ')} for ${strategy} (expected ${allowed.join(', ')})`;
  const missing = allowed.filter((k) => params[k] === undefined);
  if (missing.length > 0) return `missing parameter(s) ${missing.join(', ')} for ${strategy}`;
  try {
    streamingStrategy(strategy, params);
    return undefined;
  } catch (error) {
    const issues = (error as { issues?: readonly { path: readonly PropertyKey[]; message: string }[] }).issues;
    if (issues !== undefined) return issues.map((i) => `${i.path.map(String).join('.') || '(params)'}: ${i.message}`).join('; ');
    return error instanceof Error ? error.message : String(error);
  }
}

/** The streaming strategy the event-driven engine runs (throws the strategy's zod error on bad params). */
export function streamingStrategy(strategy: SweepStrategyName, params: ParameterSetV1): BacktestStrategy {
  if (strategy === 'price-cross-sma') return priceCrossSma({ period: params['period'] as number }) as BacktestStrategy;
  return smaCrossover({ fast: params['fast'] as number, slow: params['slow'] as number }) as BacktestStrategy;
}

/** The vectorised engine's sweep over `sets` (already validated), results in the same order. */
export function vectorSweep(strategy: SweepStrategyName, sets: readonly ParameterSetV1[]): StrategySweep {
  if (strategy === 'price-cross-sma') return { strategy: 'priceCrossSma', params: sets.map((p) => ({ period: p['period'] ?? Number.NaN })) };
  return { strategy: 'smaCross', params: sets.map((p) => ({ fast: p['fast'] ?? Number.NaN, slow: p['slow'] ?? Number.NaN })) };
}
