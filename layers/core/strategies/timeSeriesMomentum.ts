import { z } from 'zod';
import { roc } from '../indicators';
import { viewRuleStrategy } from './viewRule';

/** Time-series momentum: the look-back in bars (252 ≈ twelve months of daily bars) and a dead band in percent. */
export const TimeSeriesMomentumParams = z
  .object({
    lookback: z.number().int().min(2).max(5000).default(252),
    band: z.number().min(0).max(100).default(0),
    allowShort: z.boolean().default(false),
  })
  .strict();
export type TimeSeriesMomentumParams = z.infer<typeof TimeSeriesMomentumParams>;

export const TIME_SERIES_MOMENTUM_VERSION = '1';

/**
 * Moskowitz–Ooi–Pedersen time-series momentum on one instrument: `long` when the return over the
 * look-back (ROC, percent) is above +band, `short` (or `flat`) when below −band, held inside the band.
 */
export function timeSeriesMomentum(input: z.input<typeof TimeSeriesMomentumParams>, id?: string) {
  const params = TimeSeriesMomentumParams.parse(input);
  return viewRuleStrategy({
    id: id ?? `ts-momentum-${params.lookback}-${params.band}${params.allowShort ? '-ls' : ''}`,
    version: TIME_SERIES_MOMENTUM_VERSION,
    params,
    initIndicators: () => roc.init({ period: params.lookback }),
    step(state, bar) {
      const indicators = roc.add(state, bar.close);
      const r = roc.result(indicators);
      if (r === undefined) return { indicators, decision: undefined };
      const reason = `${params.lookback}-bar return ${r.toFixed(2)} %`;
      if (r > params.band) return { indicators, decision: { view: 'long', reason } };
      if (r < -params.band) return { indicators, decision: { view: params.allowShort ? 'short' : 'flat', reason } };
      return { indicators, decision: { view: 'hold' } };
    },
  });
}
