import { z } from 'zod';
import { smaAdd, smaInit, smaResult, zScore, type SmaState } from '../indicators';
import { quadrantLabel, TRADING_DAYS_PER_YEAR, type RegimeLabel } from '../regime';
import { viewRuleStrategy } from './viewRule';

/** What the meta-strategy does in one regime: follow the trend, trade mean reversion, or stay out. */
export const RegimeAction = z.enum(['trend', 'reversion', 'flat']);
export type RegimeAction = z.infer<typeof RegimeAction>;

/**
 * Regime switching: the regime room's trend/volatility quadrant rule (trend window, volatility window, median
 * window of the volatility), the sub-rule each quadrant runs, and the two sub-rules' parameters.
 */
export const RegimeSwitchingParams = z
  .object({
    /** SMA window of the bull/bear rule (the regime room's default 200). */
    trendWindow: z.number().int().min(2).max(2000).default(200),
    /** Realised-volatility window in log returns (default 21). */
    volWindow: z.number().int().min(2).max(500).default(21),
    /** The volatility is "volatile" above its median over this many bars (default 252). */
    medianPeriod: z.number().int().min(1).max(2000).default(252),
    /** Trend sub-rule: long while the close is above SMA(fast). */
    fast: z.number().int().min(2).max(2000).default(50),
    /** Reversion sub-rule: long when the z-score over zPeriod closes is below −entry, flat once above −exit. */
    zPeriod: z.number().int().min(2).max(2000).default(20),
    entry: z.number().positive().max(10).default(1.5),
    exit: z.number().min(0).max(10).default(0),
    bullQuiet: RegimeAction.default('trend'),
    bullVolatile: RegimeAction.default('reversion'),
    bearQuiet: RegimeAction.default('reversion'),
    bearVolatile: RegimeAction.default('flat'),
  })
  .strict()
  .refine((p) => p.exit < p.entry, { message: 'exit |z| must be below the entry |z|', path: ['exit'] });
export type RegimeSwitchingParams = z.infer<typeof RegimeSwitchingParams>;

export const REGIME_SWITCHING_VERSION = '1';

/**
 * The causal quadrant detector as streaming JSON state. It computes exactly what `trendVolatilityQuadrants`
 * (layers/core/regime) computes in batch — close vs SMA(trendWindow); zero-mean realised volatility of the last
 * volWindow log returns, annualised by 252; that volatility vs the median of its last medianPeriod values, this
 * bar's included — using only bars up to the current one (test: streaming labels equal the batch labels).
 */
export interface QuadrantState {
  readonly trend: SmaState;
  readonly previousClose: number | null;
  /** The last volWindow log returns, oldest first. */
  readonly returns: readonly number[];
  /** The last medianPeriod volatilities, oldest first. */
  readonly volatilities: readonly number[];
}

export function quadrantInit(trendWindow: number): QuadrantState {
  return { trend: smaInit(trendWindow), previousClose: null, returns: [], volatilities: [] };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const m = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[m] ?? Number.NaN) : ((sorted[m - 1] ?? 0) + (sorted[m] ?? 0)) / 2;
}

/** Applies one close; returns the new state and the bar's regime (undefined while warming up). */
export function quadrantStep(
  state: QuadrantState,
  close: number,
  volWindow: number,
  medianPeriod: number,
): { readonly state: QuadrantState; readonly label: RegimeLabel | undefined } {
  const trend = smaAdd(state.trend, close);
  const returns = state.previousClose === null ? state.returns : [...state.returns, Math.log(close / state.previousClose)].slice(-volWindow);
  let volatilities = state.volatilities;
  if (returns.length === volWindow) {
    // Summed in window order, as regimeFeatures does, so both give the same float.
    let sum = 0;
    for (const r of returns) sum += r ** 2;
    volatilities = [...volatilities, Math.sqrt((sum / volWindow) * TRADING_DAYS_PER_YEAR)].slice(-medianPeriod);
  }
  const next: QuadrantState = { trend, previousClose: close, returns, volatilities };
  const average = smaResult(trend);
  const volatility = volatilities[volatilities.length - 1];
  if (average === undefined || volatility === undefined || volatilities.length < medianPeriod) return { state: next, label: undefined };
  return { state: next, label: quadrantLabel(close > average, volatility > median(volatilities)) };
}

type View = 'long' | 'flat';

/**
 * Regime-switching meta-strategy (long only). Each bar the causal quadrant regime is updated (see
 * {@link quadrantStep}) and the regime's sub-rule decides: `trend` = long while the close is above SMA(fast);
 * `reversion` = long when z(zPeriod) < −entry, held until z > −exit; `flat` = out. Defaults: trend in bull-quiet
 * markets (trends persist when volatility is low), reversion in bull-volatile and bear-quiet ones (choppy,
 * range-bound), flat in bear-volatile ones (the crash quadrant). A position taken under one sub-rule is judged by
 * the next regime's sub-rule from the bar the regime changes. Flat until the regime has warmed up.
 */
export function regimeSwitching(input: z.input<typeof RegimeSwitchingParams>, id?: string) {
  const params = RegimeSwitchingParams.parse(input);
  const actions: Readonly<Record<RegimeLabel, RegimeAction>> = {
    'bull-quiet': params.bullQuiet,
    'bull-volatile': params.bullVolatile,
    'bear-quiet': params.bearQuiet,
    'bear-volatile': params.bearVolatile,
  };
  const plan = [params.bullQuiet, params.bullVolatile, params.bearQuiet, params.bearVolatile].map((a) => a[0]).join('');
  return viewRuleStrategy({
    id: id ?? `regime-switching-${params.trendWindow}-${params.volWindow}-${params.medianPeriod}-${params.fast}-${params.zPeriod}-${params.entry}-${params.exit}-${plan}`,
    version: REGIME_SWITCHING_VERSION,
    params,
    initIndicators: () => ({
      regime: quadrantInit(params.trendWindow),
      fast: smaInit(params.fast),
      z: zScore.init({ period: params.zPeriod }),
      view: 'flat' as View,
    }),
    step(state, bar) {
      const { state: regime, label } = quadrantStep(state.regime, bar.close, params.volWindow, params.medianPeriod);
      const fast = smaAdd(state.fast, bar.close);
      const zState = zScore.add(state.z, bar.close);
      const average = smaResult(fast);
      const z = zScore.result(zState);
      const keep = (view: View) => ({ regime, fast, z: zState, view });
      if (label === undefined || average === undefined || z === undefined) return { indicators: keep(state.view), decision: undefined };
      const action = actions[label];
      let view: View;
      let why: string;
      if (action === 'trend') {
        view = bar.close > average ? 'long' : 'flat';
        why = `close ${bar.close} ${view === 'long' ? '>' : '≤'} SMA(${params.fast})=${average.toFixed(4)}`;
      } else if (action === 'reversion') {
        // Entered below −entry; held (as the reversion rule's own position) until z recovers above −exit.
        const held = state.view === 'long' && z <= -params.exit;
        view = z < -params.entry || held ? 'long' : 'flat';
        why = `z(${params.zPeriod})=${z.toFixed(3)}`;
      } else {
        view = 'flat';
        why = 'stand aside';
      }
      return { indicators: keep(view), decision: { view, reason: `${label} → ${action}: ${why}` } };
    },
  });
}
