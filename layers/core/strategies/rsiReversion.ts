import { z } from 'zod';
import { rsi } from '../indicators';
import { viewRuleStrategy } from './viewRule';

/** RSI mean reversion: the RSI window, the oversold level that buys and the level that exits. Long only. */
export const RsiReversionParams = z
  .object({
    period: z.number().int().min(2).max(500).default(14),
    entry: z.number().gt(0).lt(100).default(30),
    exit: z.number().gt(0).lt(100).default(50),
  })
  .strict()
  .refine((p) => p.entry < p.exit, { message: 'entry level must be below the exit level', path: ['entry'] });
export type RsiReversionParams = z.infer<typeof RsiReversionParams>;

export const RSI_REVERSION_VERSION = '1';

/**
 * Buy the dip: `long` when Wilder's RSI(period) of closes falls below `entry` (oversold), `flat`
 * once it rises above `exit`; in between the view is held. The RSI is the one in ../indicators
 * (Wilder smoothing, checked against trading-signals).
 */
export function rsiReversion(input: z.input<typeof RsiReversionParams>, id?: string) {
  const params = RsiReversionParams.parse(input);
  return viewRuleStrategy({
    id: id ?? `rsi-reversion-${params.period}-${params.entry}-${params.exit}`,
    version: RSI_REVERSION_VERSION,
    params,
    initIndicators: () => rsi.init({ period: params.period }),
    step(state, bar) {
      const indicators = rsi.add(state, bar.close);
      const value = rsi.result(indicators);
      if (value === undefined) return { indicators, decision: undefined };
      const shown = value.toFixed(2);
      if (value < params.entry) return { indicators, decision: { view: 'long', reason: `RSI(${params.period})=${shown} < ${params.entry}` } };
      if (value > params.exit) return { indicators, decision: { view: 'flat', reason: `RSI(${params.period})=${shown} > ${params.exit}` } };
      return { indicators, decision: { view: 'hold' } };
    },
  });
}
