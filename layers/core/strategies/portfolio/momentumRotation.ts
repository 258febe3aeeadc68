import { z } from 'zod';
import type { StrategyBar } from '../strategy';
import type { PortfolioStep, PortfolioStrategy, TargetWeights } from './portfolio-strategy';

/**
 * Cross-sectional momentum rotation. Booleans rather than enums for the schedule and the weighting, so the
 * CLI's `--params k=v` can set them.
 */
export const MomentumRotationParams = z
  .object({
    /** Return window in bars (252 ≈ twelve months of daily bars). */
    lookback: z.number().int().min(2).max(2000).default(252),
    /** Most recent bars left out of the return (21 ≈ one month: the short-term reversal effect). */
    skip: z.number().int().min(0).max(500).default(21),
    /** Symbols held. Each holds 1/top of the book; a slot left empty (too few eligible symbols) stays in cash. */
    top: z.number().int().min(1).max(100).default(2),
    /** Rebalance on the first bar of each ISO week instead of each calendar month. */
    weekly: z.boolean().default(false),
    /** Split the held slots' weight in proportion to 1 / realised volatility instead of equally. */
    inverseVol: z.boolean().default(false),
    /** Volatility window (log returns) for inverseVol. */
    volWindow: z.number().int().min(2).max(1000).default(63),
    /** Absolute (time-series) momentum filter: a symbol is held only if its return is above `threshold`; else its slot is cash. */
    absoluteMomentum: z.boolean().default(true),
    /** Minimum return (fraction, 0 = break-even) for the absolute filter. */
    threshold: z.number().min(-1).max(10).default(0),
  })
  .strict();
export type MomentumRotationParams = z.infer<typeof MomentumRotationParams>;

export const MOMENTUM_ROTATION_VERSION = '1';

export interface MomentumRotationState {
  readonly params: unknown;
  readonly lastTime: number | null;
  /** Key of the period of the last bar seen ("2020-03" or an ISO-week number). */
  readonly period: string | null;
  /** Per symbol, the closes still needed (the last max(lookback + skip, volWindow) + 1), oldest first. */
  readonly closes: Readonly<Record<string, readonly number[]>>;
}

const DAY_MS = 86_400_000;

/** The rebalance period of an instant: its UTC calendar month, or its Monday-based week (UTC days; 1970-01-01 was a Thursday). */
function periodKey(time: number, weekly: boolean): string {
  if (weekly) return `w${Math.floor((Math.floor(time / DAY_MS) + 3) / 7)}`;
  return new Date(time).toISOString().slice(0, 7);
}

function volatility(closes: readonly number[], window: number): number {
  const n = closes.length;
  const returns: number[] = [];
  for (let i = Math.max(1, n - window); i < n; i += 1) returns.push(Math.log((closes[i] ?? 1) / (closes[i - 1] ?? 1)));
  if (returns.length < 2) return Number.NaN;
  const mean = returns.reduce((s, r) => s + r, 0) / returns.length;
  return Math.sqrt(returns.reduce((s, r) => s + (r - mean) ** 2, 0) / (returns.length - 1));
}

/**
 * Rank the universe by the return from close[t − skip − lookback] to close[t − skip] (bars of each symbol), hold
 * the best `top`, rebalanced on the first bar of each month (or week): the Jegadeesh–Titman 12-1 rule when
 * lookback = 252 and skip = 21. With the absolute filter (Antonacci's dual momentum), a selected symbol whose
 * return is not above `threshold` is replaced by cash. Only symbols with a bar at the rebalance timestamp and a
 * full window are eligible. Decided on the rebalance bar's close from closes up to it.
 */
export function momentumRotation(input: z.input<typeof MomentumRotationParams>, id?: string): PortfolioStrategy<MomentumRotationState> & {
  readonly params: MomentumRotationParams;
} {
  const params = MomentumRotationParams.parse(input);
  const paramsKey = JSON.stringify(params);
  const keep = Math.max(params.lookback + params.skip, params.inverseVol ? params.volWindow : 0) + 1;
  const onBars = (state: MomentumRotationState, time: number, bars: readonly StrategyBar[]): PortfolioStep<MomentumRotationState> => {
    if (state.lastTime !== null && time <= state.lastTime) return { state };
    const closes: Record<string, readonly number[]> = { ...state.closes };
    for (const bar of bars) closes[bar.symbol] = [...(closes[bar.symbol] ?? []), bar.close].slice(-keep);
    const period = periodKey(time, params.weekly);
    const next: MomentumRotationState = { params: state.params, lastTime: time, period, closes };
    if (period === state.period) return { state: next };
    const ranked = bars
      .flatMap((bar) => {
        const h = closes[bar.symbol] ?? [];
        const end = h.length - 1 - params.skip;
        const begin = end - params.lookback;
        const from = h[begin];
        const to = h[end];
        if (begin < 0 || from === undefined || to === undefined || !(from > 0)) return [];
        return [{ symbol: bar.symbol, momentum: to / from - 1 }];
      })
      // Highest return first; ties by symbol so the ranking is deterministic.
      .sort((a, b) => b.momentum - a.momentum || (a.symbol < b.symbol ? -1 : 1));
    if (ranked.length === 0) return { state: next };
    const chosen = ranked.slice(0, params.top).filter((r) => !params.absoluteMomentum || r.momentum > params.threshold);
    const targets: Record<string, number> = {};
    const slot = 1 / params.top;
    if (params.inverseVol && chosen.length > 0) {
      const inverse = chosen.map((c) => {
        const v = volatility(closes[c.symbol] ?? [], params.volWindow);
        return Number.isFinite(v) && v > 0 ? 1 / v : Number.NaN;
      });
      const usable = inverse.every((v) => Number.isFinite(v));
      const total = inverse.reduce((s, v) => s + v, 0);
      chosen.forEach((c, i) => {
        targets[c.symbol] = usable ? (chosen.length * slot * (inverse[i] ?? 0)) / total : slot;
      });
    } else {
      for (const c of chosen) targets[c.symbol] = slot;
    }
    const ranking = ranked.map((r) => `${r.symbol} ${(r.momentum * 100).toFixed(1)} %`).join(', ');
    const reason = `${params.lookback}-${params.skip} momentum: ${ranking} → ${chosen.length > 0 ? chosen.map((c) => c.symbol).join(', ') : 'cash'}`;
    return { state: next, targets: targets as TargetWeights, reason };
  };
  return {
    id: id ?? `momentum-rotation-${params.lookback}-${params.skip}-${params.top}${params.weekly ? '-w' : '-m'}${params.inverseVol ? '-iv' : ''}${params.absoluteMomentum ? `-abs${params.threshold}` : ''}`,
    version: MOMENTUM_ROTATION_VERSION,
    params,
    universeSize: { min: 1 },
    initialState: () => ({ params, lastTime: null, period: null, closes: {} }),
    restoreState(raw) {
      if (typeof raw !== 'object' || raw === null) return undefined;
      const r = raw as Partial<MomentumRotationState>;
      if (JSON.stringify(r.params) !== paramsKey || typeof r.closes !== 'object' || r.closes === null) return undefined;
      return raw as MomentumRotationState;
    },
    onBars,
  };
}
