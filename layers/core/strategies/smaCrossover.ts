import { z } from 'zod';
import type { SignalDirection } from '../../contracts';
import { smaAdd, smaInit, smaIsStable, smaResult } from '../indicators';
import type { StrategyBar, StrategySignal, StrategyStep, StreamingStrategy } from './strategy';

/** Parameters of the SMA crossover: fast and slow windows in bars; long-only unless `allowShort`. */
export const SmaCrossoverParams = z
  .object({
    fast: z.number().int().min(1).max(500),
    slow: z.number().int().min(2).max(2000),
    allowShort: z.boolean().default(false),
    /** Spread |fast − slow| / slow at which strength reaches 1 (0.01 = a 1% spread is full conviction). */
    fullStrengthSpread: z.number().positive().max(1).default(0.01),
  })
  .strict()
  .refine((p) => p.fast < p.slow, { message: 'fast window must be shorter than slow', path: ['fast'] });
export type SmaCrossoverParams = z.infer<typeof SmaCrossoverParams>;

const SmaStateSchema = z.object({ window: z.number().int().positive(), values: z.array(z.number()).readonly() }).readonly();

/** Per-symbol state: both averages, the last bar seen and the current view (null while warming up). */
export const SmaCrossoverState = z.object({
  fast: SmaStateSchema,
  slow: SmaStateSchema,
  lastBarStart: z.number().nullable(),
  view: z.enum(['long', 'flat', 'short']).nullable(),
}).readonly();
export type SmaCrossoverState = z.infer<typeof SmaCrossoverState>;

export const SMA_CROSSOVER_VERSION = '1';

/**
 * The classic moving-average crossover: long while the fast SMA of closes is above the slow one,
 * flat (or short when allowed) while it is below or equal. A signal is emitted only when the
 * view changes, including the first view once both averages are stable: consumers (sizing) act on
 * changes, and an unchanged view would otherwise re-size the position every minute.
 * Bars at or before the last one seen are ignored, so a re-delivered bar.closed changes nothing.
 */
export function smaCrossover(input: z.input<typeof SmaCrossoverParams>, id?: string): StreamingStrategy<SmaCrossoverState> & {
  readonly params: SmaCrossoverParams;
} {
  const params = SmaCrossoverParams.parse(input);
  const strategyId = id ?? `sma-crossover-${params.fast}-${params.slow}${params.allowShort ? '-ls' : ''}`;

  const initialState = (): SmaCrossoverState => ({
    fast: smaInit(params.fast),
    slow: smaInit(params.slow),
    lastBarStart: null,
    view: null,
  });

  const onBar = (state: SmaCrossoverState, bar: StrategyBar): StrategyStep<SmaCrossoverState> => {
    if (state.lastBarStart !== null && bar.start <= state.lastBarStart) {
      return { kind: 'ignored', state, lastBarStart: state.lastBarStart };
    }
    const fast = smaAdd(state.fast, bar.close);
    const slow = smaAdd(state.slow, bar.close);
    const fastValue = smaResult(fast);
    const slowValue = smaResult(slow);
    if (fastValue === undefined || slowValue === undefined || !smaIsStable(slow)) {
      return { kind: 'applied', state: { fast, slow, lastBarStart: bar.start, view: null } };
    }
    const view: SignalDirection = fastValue > slowValue ? 'long' : params.allowShort ? 'short' : 'flat';
    const next: SmaCrossoverState = { fast, slow, lastBarStart: bar.start, view };
    if (view === state.view) return { kind: 'applied', state: next };
    const spread = Math.abs(fastValue - slowValue) / slowValue;
    const signal: StrategySignal = {
      direction: view,
      strength: view === 'flat' ? 1 : Math.min(1, spread / params.fullStrengthSpread),
      reason: `SMA(${params.fast})=${fastValue.toFixed(4)} ${fastValue > slowValue ? '>' : '<='} SMA(${params.slow})=${slowValue.toFixed(4)}: ${
        state.view ?? 'warm-up'
      } → ${view}`,
      barStart: bar.start,
      referencePrice: bar.close,
    };
    return { kind: 'applied', state: next, signal };
  };

  return {
    id: strategyId,
    version: SMA_CROSSOVER_VERSION,
    params,
    initialState,
    restoreState(raw) {
      const parsed = SmaCrossoverState.safeParse(raw);
      if (!parsed.success) return undefined;
      // State written for other windows (a changed config under the same id) is not ours.
      if (parsed.data.fast.window !== params.fast || parsed.data.slow.window !== params.slow) return undefined;
      return parsed.data;
    },
    onBar,
  };
}
