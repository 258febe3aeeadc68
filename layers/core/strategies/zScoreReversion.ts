import { z } from 'zod';
import { zScore } from '../indicators';
import { viewRuleStrategy } from './viewRule';

/** Z-score mean reversion: the window, the |z| that enters and the |z| at which the position exits. */
export const ZScoreReversionParams = z
  .object({
    period: z.number().int().min(2).max(2000).default(20),
    entry: z.number().positive().max(10).default(2),
    exit: z.number().min(0).max(10).default(0.5),
    allowShort: z.boolean().default(false),
  })
  .strict()
  .refine((p) => p.exit < p.entry, { message: 'exit |z| must be below the entry |z|', path: ['exit'] });
export type ZScoreReversionParams = z.infer<typeof ZScoreReversionParams>;

export const ZSCORE_REVERSION_VERSION = '1';

/**
 * z = (close − mean)/σ over the last `period` closes (population σ, this close included). `long` when
 * z < −entry; `short` (when allowed) when z > entry; back to `flat` once |z| < exit (a long exits
 * when z > −exit, a short when z < exit); held otherwise.
 */
export function zScoreReversion(input: z.input<typeof ZScoreReversionParams>, id?: string) {
  const params = ZScoreReversionParams.parse(input);
  return viewRuleStrategy({
    id: id ?? `zscore-reversion-${params.period}-${params.entry}-${params.exit}${params.allowShort ? '-ls' : ''}`,
    version: ZSCORE_REVERSION_VERSION,
    params,
    initIndicators: () => ({ z: zScore.init({ period: params.period }), view: 'flat' as 'long' | 'flat' | 'short' }),
    step(state, bar) {
      const zState = zScore.add(state.z, bar.close);
      const z = zScore.result(zState);
      if (z === undefined) return { indicators: { z: zState, view: state.view }, decision: undefined };
      const reason = `z(${params.period})=${z.toFixed(3)}`;
      // The rule needs to know its own position side to pick the exit band, so it keeps the view it decided.
      let view: 'long' | 'flat' | 'short' | 'hold' = 'hold';
      if (z < -params.entry) view = 'long';
      else if (params.allowShort && z > params.entry) view = 'short';
      else if (state.view === 'long' && z > -params.exit) view = 'flat';
      else if (state.view === 'short' && z < params.exit) view = 'flat';
      const held = view === 'hold' ? state.view : view;
      return { indicators: { z: zState, view: held }, decision: view === 'hold' ? { view: 'hold' } : { view, reason } };
    },
  });
}
