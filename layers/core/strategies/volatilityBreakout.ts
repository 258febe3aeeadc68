import { z } from 'zod';
import { keltner } from '../indicators';
import { viewRuleStrategy } from './viewRule';

/** Volatility breakout on Keltner channels: EMA window of the centre, ATR window and width in ATRs. Long only. */
export const VolatilityBreakoutParams = z
  .object({
    emaPeriod: z.number().int().min(2).max(2000).default(20),
    atrPeriod: z.number().int().min(2).max(2000).default(10),
    multiplier: z.number().positive().max(10).default(2),
  })
  .strict();
export type VolatilityBreakoutParams = z.infer<typeof VolatilityBreakoutParams>;

export const VOLATILITY_BREAKOUT_VERSION = '1';

/**
 * `long` when the close breaks above the upper Keltner channel of the PREVIOUS bar (EMA + k·ATR, a
 * range expansion larger than recent volatility), `flat` when it closes below that channel's centre.
 * The previous bar's channel, so the breakout bar's own range does not widen the band it must break.
 */
export function volatilityBreakout(input: z.input<typeof VolatilityBreakoutParams>, id?: string) {
  const params = VolatilityBreakoutParams.parse(input);
  return viewRuleStrategy({
    id: id ?? `volatility-breakout-${params.emaPeriod}-${params.atrPeriod}-${params.multiplier}`,
    version: VOLATILITY_BREAKOUT_VERSION,
    params,
    initIndicators: () => keltner.init({ emaPeriod: params.emaPeriod, atrPeriod: params.atrPeriod, multiplier: params.multiplier }),
    step(state, bar) {
      const band = keltner.result(state);
      const indicators = keltner.add(state, bar);
      if (band === undefined) return { indicators, decision: undefined };
      if (bar.close > band.upper) return { indicators, decision: { view: 'long', reason: `close ${bar.close} > Keltner upper ${band.upper.toFixed(4)}` } };
      if (bar.close < band.middle) return { indicators, decision: { view: 'flat', reason: `close ${bar.close} < Keltner middle ${band.middle.toFixed(4)}` } };
      return { indicators, decision: { view: 'hold' } };
    },
  });
}
