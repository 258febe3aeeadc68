import { z } from 'zod';
import type { SignalDirection } from '../../contracts';
import { rollingVolatility, smaAdd, smaInit, smaResult, type SmaState } from '../indicators';
import type { StrategyBar, StrategySignal, StrategyStep, StreamingStrategy } from './strategy';

/** Volatility-targeted trend: trend window, volatility window, annual volatility target, re-size band. */
export const VolatilityTargetedTrendParams = z
  .object({
    trend: z.number().int().min(2).max(2000).default(100),
    volWindow: z.number().int().min(5).max(2000).default(20),
    /** Annualised volatility the position aims at, e.g. 0.10 = 10 %. */
    targetVol: z.number().gt(0).max(2).default(0.1),
    /** Bars per year for annualising (252 daily, 252·390 regular-hours minutes). */
    periodsPerYear: z.number().positive().default(252),
    /** Re-size only when the target weight moves by at least this much (absolute, 0.1 = 10 points of the allocation): limits turnover. */
    rebalanceBand: z.number().min(0).max(1).default(0.1),
  })
  .strict();
export type VolatilityTargetedTrendParams = z.infer<typeof VolatilityTargetedTrendParams>;

export const VOLATILITY_TARGETED_TREND_VERSION = '1';

type VolatilityState = ReturnType<typeof rollingVolatility.init>;

export interface VolatilityTargetedTrendState {
  readonly params: unknown;
  readonly sma: SmaState;
  readonly vol: VolatilityState;
  readonly lastBarStart: number | null;
  readonly view: SignalDirection | null;
  /** The strength last emitted (the weight the position was sized to). */
  readonly weight: number;
}

/**
 * Trend with volatility targeting (the managed-futures recipe): `long` while the close is above its
 * SMA(trend), `flat` otherwise, with strength = min(1, targetVol / realised vol), realised vol being
 * the annualised standard deviation of log returns over `volWindow`. Size it with
 * `fraction-of-equity` and `scaleByStrength` so the position shrinks when volatility rises. A signal
 * is emitted when the view changes, or when the weight moves by at least `rebalanceBand`.
 */
export function volatilityTargetedTrend(
  input: z.input<typeof VolatilityTargetedTrendParams>,
  id?: string,
): StreamingStrategy<VolatilityTargetedTrendState> & { readonly params: VolatilityTargetedTrendParams } {
  const params = VolatilityTargetedTrendParams.parse(input);
  const paramsKey = JSON.stringify(params);
  const onBar = (state: VolatilityTargetedTrendState, bar: StrategyBar): StrategyStep<VolatilityTargetedTrendState> => {
    if (state.lastBarStart !== null && bar.start <= state.lastBarStart) return { kind: 'ignored', state, lastBarStart: state.lastBarStart };
    const sma = smaAdd(state.sma, bar.close);
    const vol = rollingVolatility.add(state.vol, bar.close);
    const average = smaResult(sma);
    const realised = rollingVolatility.result(vol);
    const base = { params: state.params, sma, vol, lastBarStart: bar.start };
    if (average === undefined || realised === undefined) return { kind: 'applied', state: { ...base, view: state.view, weight: state.weight } };
    const view: SignalDirection = bar.close > average ? 'long' : 'flat';
    const weight = view === 'flat' ? 0 : realised > 0 ? Math.min(1, params.targetVol / realised) : 1;
    const resize = view === 'long' && state.view === 'long' && Math.abs(weight - state.weight) >= params.rebalanceBand;
    if (view === state.view && !resize) return { kind: 'applied', state: { ...base, view, weight: state.weight } };
    const signal: StrategySignal = {
      direction: view,
      strength: view === 'flat' ? 1 : weight,
      reason: `close ${bar.close} ${view === 'long' ? '>' : '≤'} SMA(${params.trend})=${average.toFixed(4)}; realised vol ${(realised * 100).toFixed(1)} % → weight ${weight.toFixed(3)}`,
      barStart: bar.start,
      referencePrice: bar.close,
    };
    return { kind: 'applied', state: { ...base, view, weight }, signal };
  };
  return {
    id: id ?? `vol-target-trend-${params.trend}-${params.volWindow}-${params.targetVol}`,
    version: VOLATILITY_TARGETED_TREND_VERSION,
    params,
    initialState: () => ({
      params,
      sma: smaInit(params.trend),
      vol: rollingVolatility.init({ period: params.volWindow, annualization: params.periodsPerYear }),
      lastBarStart: null,
      view: null,
      weight: 0,
    }),
    restoreState(raw) {
      if (typeof raw !== 'object' || raw === null) return undefined;
      const r = raw as Partial<VolatilityTargetedTrendState>;
      if (JSON.stringify(r.params) !== paramsKey || r.sma === undefined || r.vol === undefined || typeof r.weight !== 'number') return undefined;
      return raw as VolatilityTargetedTrendState;
    },
    onBar,
  };
}
