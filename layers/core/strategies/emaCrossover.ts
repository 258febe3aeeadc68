import { z } from 'zod';
import { ema } from '../indicators';
import { viewRuleStrategy } from './viewRule';

/** EMA crossover: fast and slow EMA windows; long-only unless allowShort. */
export const EmaCrossoverParams = z
  .object({
    fast: z.number().int().min(1).max(500).default(12),
    slow: z.number().int().min(2).max(2000).default(26),
    allowShort: z.boolean().default(false),
  })
  .strict()
  .refine((p) => p.fast < p.slow, { message: 'fast window must be shorter than slow', path: ['fast'] });
export type EmaCrossoverParams = z.infer<typeof EmaCrossoverParams>;

export const EMA_CROSSOVER_VERSION = '1';

/**
 * `long` while EMA(fast) > EMA(slow) of closes, `flat` (or `short`) otherwise. The EMAs are seeded with
 * the SMA of their first window (../indicators, checked against trading-signals), so the view starts
 * once the slow EMA is stable.
 */
export function emaCrossover(input: z.input<typeof EmaCrossoverParams>, id?: string) {
  const params = EmaCrossoverParams.parse(input);
  return viewRuleStrategy({
    id: id ?? `ema-crossover-${params.fast}-${params.slow}${params.allowShort ? '-ls' : ''}`,
    version: EMA_CROSSOVER_VERSION,
    params,
    initIndicators: () => ({ fast: ema.init({ period: params.fast }), slow: ema.init({ period: params.slow }) }),
    step(state, bar) {
      const indicators = { fast: ema.add(state.fast, bar.close), slow: ema.add(state.slow, bar.close) };
      const fast = ema.result(indicators.fast);
      const slow = ema.result(indicators.slow);
      if (fast === undefined || slow === undefined) return { indicators, decision: undefined };
      const reason = `EMA(${params.fast})=${fast.toFixed(4)} ${fast > slow ? '>' : '≤'} EMA(${params.slow})=${slow.toFixed(4)}`;
      return { indicators, decision: { view: fast > slow ? 'long' : params.allowShort ? 'short' : 'flat', reason } };
    },
  });
}
