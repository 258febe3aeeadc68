import { z } from 'zod';
import { adx } from '../indicators';
import { viewRuleStrategy } from './viewRule';

/** ADX trend filter: the DMI/ADX window and the ADX level that counts as a trend. */
export const AdxTrendParams = z
  .object({
    period: z.number().int().min(2).max(500).default(14),
    threshold: z.number().min(0).max(100).default(25),
    allowShort: z.boolean().default(false),
  })
  .strict();
export type AdxTrendParams = z.infer<typeof AdxTrendParams>;

export const ADX_TREND_VERSION = '1';

/**
 * Trade only when there is a trend: `long` while ADX ≥ threshold and +DI > −DI, `short` (when allowed)
 * while ADX ≥ threshold and −DI > +DI, `flat` when ADX is below the threshold (no trend) or the DIs
 * point the other way. Wilder's DMI/ADX from ../indicators (checked against trading-signals).
 */
export function adxTrend(input: z.input<typeof AdxTrendParams>, id?: string) {
  const params = AdxTrendParams.parse(input);
  return viewRuleStrategy({
    id: id ?? `adx-trend-${params.period}-${params.threshold}${params.allowShort ? '-ls' : ''}`,
    version: ADX_TREND_VERSION,
    params,
    initIndicators: () => adx.init({ period: params.period }),
    step(state, bar) {
      const indicators = adx.add(state, bar);
      const v = adx.result(indicators);
      if (v === undefined) return { indicators, decision: undefined };
      const reason = `ADX(${params.period})=${v.adx.toFixed(2)} (threshold ${params.threshold}), +DI ${v.plusDI.toFixed(2)}, −DI ${v.minusDI.toFixed(2)}`;
      if (v.adx < params.threshold) return { indicators, decision: { view: 'flat', reason } };
      if (v.plusDI > v.minusDI) return { indicators, decision: { view: 'long', reason } };
      return { indicators, decision: { view: params.allowShort ? 'short' : 'flat', reason } };
    },
  });
}
