import { z } from 'zod';
import { macd } from '../indicators';
import { viewRuleStrategy } from './viewRule';

/** MACD trend following: EMA windows of the MACD line and of its signal line. Long only unless allowShort. */
export const MacdTrendParams = z
  .object({
    fast: z.number().int().min(1).max(500).default(12),
    slow: z.number().int().min(2).max(2000).default(26),
    signal: z.number().int().min(1).max(500).default(9),
    allowShort: z.boolean().default(false),
  })
  .strict()
  .refine((p) => p.fast < p.slow, { message: 'fast window must be shorter than slow', path: ['fast'] });
export type MacdTrendParams = z.infer<typeof MacdTrendParams>;

export const MACD_TREND_VERSION = '1';

/** `long` while the MACD line is above its signal line (histogram > 0), `flat` (or `short`) otherwise. */
export function macdTrend(input: z.input<typeof MacdTrendParams>, id?: string) {
  const params = MacdTrendParams.parse(input);
  return viewRuleStrategy({
    id: id ?? `macd-trend-${params.fast}-${params.slow}-${params.signal}${params.allowShort ? '-ls' : ''}`,
    version: MACD_TREND_VERSION,
    params,
    initIndicators: () => macd.init({ fast: params.fast, slow: params.slow, signal: params.signal }),
    step(state, bar) {
      const indicators = macd.add(state, bar.close);
      const value = macd.result(indicators);
      if (value === undefined) return { indicators, decision: undefined };
      const reason = `MACD ${value.macd.toFixed(4)} ${value.histogram > 0 ? '>' : '≤'} signal ${value.signal.toFixed(4)}`;
      if (value.histogram > 0) return { indicators, decision: { view: 'long', reason } };
      return { indicators, decision: { view: params.allowShort ? 'short' : 'flat', reason } };
    },
  });
}
