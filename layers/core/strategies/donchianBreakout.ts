import { z } from 'zod';
import { donchian } from '../indicators';
import { viewRuleStrategy } from './viewRule';

/** Donchian breakout (the Turtles' system 1 shape): entry and exit channel lengths in bars. Long only. */
export const DonchianBreakoutParams = z
  .object({ entry: z.number().int().min(2).max(2000).default(20), exit: z.number().int().min(1).max(2000).default(10) })
  .strict();
export type DonchianBreakoutParams = z.infer<typeof DonchianBreakoutParams>;

export const DONCHIAN_BREAKOUT_VERSION = '1';

/**
 * `long` when the close breaks above the highest high of the previous `entry` bars, `flat` when it
 * breaks below the lowest low of the previous `exit` bars; held in between. The channels are those of
 * the bars BEFORE this one (a channel that includes the bar could never be broken by its own close).
 */
export function donchianBreakout(input: z.input<typeof DonchianBreakoutParams>, id?: string) {
  const params = DonchianBreakoutParams.parse(input);
  return viewRuleStrategy({
    id: id ?? `donchian-breakout-${params.entry}-${params.exit}`,
    version: DONCHIAN_BREAKOUT_VERSION,
    params,
    initIndicators: () => ({ entry: donchian.init({ period: params.entry }), exit: donchian.init({ period: params.exit }) }),
    step(state, bar) {
      const upper = donchian.result(state.entry)?.upper;
      const lower = donchian.result(state.exit)?.lower;
      const indicators = { entry: donchian.add(state.entry, bar), exit: donchian.add(state.exit, bar) };
      if (upper === undefined || lower === undefined) return { indicators, decision: undefined };
      if (bar.close > upper) return { indicators, decision: { view: 'long', reason: `close ${bar.close} > ${params.entry}-bar high ${upper}` } };
      if (bar.close < lower) return { indicators, decision: { view: 'flat', reason: `close ${bar.close} < ${params.exit}-bar low ${lower}` } };
      return { indicators, decision: { view: 'hold' } };
    },
  });
}
