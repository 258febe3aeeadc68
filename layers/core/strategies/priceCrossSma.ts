import { z } from 'zod';
import { smaAdd, smaInit, smaResult } from '../indicators';
import type { StrategyBar, StrategySignal, StrategyStep, StreamingStrategy } from './strategy';

/** Parameters of price-cross-SMA: the SMA window in bars. Long only. */
export const PriceCrossSmaParams = z.object({ period: z.number().int().min(1).max(2000) }).strict();
export type PriceCrossSmaParams = z.infer<typeof PriceCrossSmaParams>;

/** Per-symbol state: the SMA window, the last bar seen, and whether the last close was above its SMA (null while warming up). */
export const PriceCrossSmaState = z
  .object({
    sma: z.object({ window: z.number().int().positive(), values: z.array(z.number()).readonly() }).readonly(),
    lastBarStart: z.number().nullable(),
    above: z.boolean().nullable(),
  })
  .readonly();
export type PriceCrossSmaState = z.infer<typeof PriceCrossSmaState>;

export const PRICE_CROSS_SMA_VERSION = '1';

/**
 * The classic reference strategy (backtrader's quickstart convention): `long` while the close is above its
 * SMA(period) (the SMA includes this close), `flat` once it closes at or below it. A signal is emitted
 * when that view changes, and for the first stable bar too, so a run that starts above the average buys
 * at once, as backtrader's `if not position and close > sma: buy` does.
 */
export function priceCrossSma(input: z.input<typeof PriceCrossSmaParams>, id?: string): StreamingStrategy<PriceCrossSmaState> & {
  readonly params: PriceCrossSmaParams;
} {
  const params = PriceCrossSmaParams.parse(input);
  const strategyId = id ?? `price-cross-sma-${params.period}`;

  const onBar = (state: PriceCrossSmaState, bar: StrategyBar): StrategyStep<PriceCrossSmaState> => {
    if (state.lastBarStart !== null && bar.start <= state.lastBarStart) {
      return { kind: 'ignored', state, lastBarStart: state.lastBarStart };
    }
    const sma = smaAdd(state.sma, bar.close);
    const average = smaResult(sma);
    if (average === undefined) return { kind: 'applied', state: { sma, lastBarStart: bar.start, above: null } };
    const above = bar.close > average;
    const next: PriceCrossSmaState = { sma, lastBarStart: bar.start, above };
    if (state.above === above) return { kind: 'applied', state: next };
    const signal: StrategySignal = {
      direction: above ? 'long' : 'flat',
      strength: 1,
      reason: `close ${bar.close} ${state.above === null ? 'starts' : 'crossed'} ${above ? 'above' : 'at or below'} SMA(${params.period})=${average.toFixed(4)}`,
      barStart: bar.start,
      referencePrice: bar.close,
    };
    return { kind: 'applied', state: next, signal };
  };

  return {
    id: strategyId,
    version: PRICE_CROSS_SMA_VERSION,
    params,
    initialState: () => ({ sma: smaInit(params.period), lastBarStart: null, above: null }),
    restoreState(raw) {
      const parsed = PriceCrossSmaState.safeParse(raw);
      if (!parsed.success || parsed.data.sma.window !== params.period) return undefined;
      return parsed.data;
    },
    onBar,
  };
}
