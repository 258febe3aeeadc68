import { z } from 'zod';
import { bollinger } from '../indicators';
import { viewRuleStrategy } from './viewRule';

/** Bollinger mean reversion: the band window and width in standard deviations. Long only. */
export const BollingerReversionParams = z
  .object({ period: z.number().int().min(2).max(2000).default(20), multiplier: z.number().positive().max(10).default(2) })
  .strict();
export type BollingerReversionParams = z.infer<typeof BollingerReversionParams>;

export const BOLLINGER_REVERSION_VERSION = '1';

/**
 * `long` when the close falls below the lower Bollinger band (SMA − k·σ, population σ, this close
 * included), `flat` once it closes at or above the middle band; held in between.
 */
export function bollingerReversion(input: z.input<typeof BollingerReversionParams>, id?: string) {
  const params = BollingerReversionParams.parse(input);
  return viewRuleStrategy({
    id: id ?? `bollinger-reversion-${params.period}-${params.multiplier}`,
    version: BOLLINGER_REVERSION_VERSION,
    params,
    initIndicators: () => bollinger.init({ period: params.period, multiplier: params.multiplier }),
    step(state, bar) {
      const indicators = bollinger.add(state, bar.close);
      const band = bollinger.result(indicators);
      if (band === undefined) return { indicators, decision: undefined };
      if (bar.close < band.lower) {
        return { indicators, decision: { view: 'long', reason: `close ${bar.close} < lower band ${band.lower.toFixed(4)}` } };
      }
      if (bar.close >= band.middle) {
        return { indicators, decision: { view: 'flat', reason: `close ${bar.close} ≥ middle band ${band.middle.toFixed(4)}` } };
      }
      return { indicators, decision: { view: 'hold' } };
    },
  });
}
