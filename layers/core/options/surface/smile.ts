/**
 * Reading a surface: per expiry, the smile of out-of-the-money mid IVs (puts below the forward, calls at and
 * above it: OTM quotes carry the volatility information, ITM ones mostly intrinsic value and wider spreads),
 * read by log-moneyness, moneyness or delta with linear interpolation and no extrapolation (outside the quoted
 * range the answer is undefined, never a guess). From the smiles: the term structure (ATM IV per expiry) and
 * the skew figures.
 *
 * Definitions (all in volatility units, 0.01 = 1 vol point):
 * - ATM IV: the smile at ln(K/F) = 0 (forward ATM).
 * - 25-delta risk reversal: σ(25Δ call) − σ(25Δ put), deltas of the pricer at the mid IV (put delta −0.25).
 *   Negative = puts richer than calls (the usual equity skew).
 * - 25-delta butterfly: (σ(25Δ call) + σ(25Δ put)) / 2 − σ(ATM): the smile's curvature.
 * - Put-call IV spread at the money: σ(put) − σ(call) at the listed strike nearest the forward where both have a
 *   mid IV. Zero under put-call parity with the right r, q and exercise model; its sign shows a dividend or
 *   borrow cost the inputs miss, or early-exercise value the model prices differently.
 */
import type { SurfacePoint, SurfacePoints } from './implied-vols';

export interface SmilePoint {
  readonly logMoneyness: number;
  readonly moneyness: number;
  readonly delta: number;
  readonly iv: number;
  readonly point: SurfacePoint;
}

export interface Smile {
  readonly expiry: string;
  readonly T: number;
  readonly forward: number;
  /** OTM points ascending by log-moneyness. */
  readonly points: readonly SmilePoint[];
}

export interface ExpirySummary {
  readonly expiry: string;
  readonly T: number;
  /** Calendar days to the last trading instant. */
  readonly days: number;
  readonly forward: number;
  readonly atmIv?: number;
  readonly call25Iv?: number;
  readonly put25Iv?: number;
  readonly riskReversal25?: number;
  readonly butterfly25?: number;
  readonly putCallIvSpreadAtm?: { readonly strike: number; readonly spread: number };
  /** Contracts of the expiry with a mid IV / contracts with T > 0. */
  readonly withIv: number;
  readonly contracts: number;
}

/** Linear interpolation of y at x over points sorted by x; undefined outside [first, last]. */
export function interpolate(xs: readonly number[], ys: readonly number[], x: number): number | undefined {
  const n = xs.length;
  if (n === 0) return undefined;
  const first = xs[0] as number;
  const last = xs[n - 1] as number;
  if (x < first || x > last) return undefined;
  for (let i = 1; i < n; i += 1) {
    const x1 = xs[i] as number;
    if (x <= x1) {
      const x0 = xs[i - 1] as number;
      const y0 = ys[i - 1] as number;
      const y1 = ys[i] as number;
      return x1 === x0 ? (y0 + y1) / 2 : y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
    }
  }
  return ys[0];
}

/** The OTM smiles, one per expiry, ascending by expiry. */
export function smiles(surface: SurfacePoints): readonly Smile[] {
  const byExpiry = new Map<string, SurfacePoint[]>();
  for (const p of surface.points) {
    const list = byExpiry.get(p.expiry) ?? [];
    list.push(p);
    byExpiry.set(p.expiry, list);
  }
  return [...byExpiry.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([expiry, points]) => {
      const first = points[0] as SurfacePoint;
      const otm = points
        .filter((p) => p.ivMid?.ok === true && p.delta !== undefined && (p.right === 'call' ? p.logMoneyness >= 0 : p.logMoneyness < 0))
        .map((p) => ({ logMoneyness: p.logMoneyness, moneyness: p.moneyness, delta: p.delta as number, iv: p.ivMid?.ok === true ? p.ivMid.value : Number.NaN, point: p }))
        .sort((a, b) => a.logMoneyness - b.logMoneyness);
      return { expiry, T: first.T, forward: first.forward, points: otm };
    });
}

/** The smile's IV at ln(K/F) = k. */
export function ivAtLogMoneyness(smile: Smile, k: number): number | undefined {
  return interpolate(smile.points.map((p) => p.logMoneyness), smile.points.map((p) => p.iv), k);
}

/** The smile's IV at K/S = m (spot moneyness; converted to log forward moneyness with the smile's forward). */
export function ivAtMoneyness(smile: Smile, m: number, spot: number): number | undefined {
  return ivAtLogMoneyness(smile, Math.log((m * spot) / smile.forward));
}

/** The smile's IV at a delta: positive targets read the OTM calls, negative ones the OTM puts. */
export function ivAtDelta(smile: Smile, target: number): number | undefined {
  const side = smile.points.filter((p) => (target > 0 ? p.point.right === 'call' : p.point.right === 'put')).sort((a, b) => a.delta - b.delta);
  return interpolate(side.map((p) => p.delta), side.map((p) => p.iv), target);
}

function putCallSpreadNearForward(points: readonly SurfacePoint[], forward: number): ExpirySummary['putCallIvSpreadAtm'] {
  const byStrike = new Map<number, { call?: number; put?: number }>();
  for (const p of points) {
    if (p.ivMid?.ok !== true) continue;
    byStrike.set(p.strike, { ...byStrike.get(p.strike), [p.right]: p.ivMid.value });
  }
  let best: ExpirySummary['putCallIvSpreadAtm'];
  let bestDistance = Infinity;
  for (const [strike, { call, put }] of byStrike) {
    if (call === undefined || put === undefined) continue;
    const distance = Math.abs(strike - forward);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = { strike, spread: put - call };
    }
  }
  return best;
}

/** Term structure and skew per expiry. */
export function expirySummaries(surface: SurfacePoints): readonly ExpirySummary[] {
  return smiles(surface).map((smile) => {
    const all = surface.points.filter((p) => p.expiry === smile.expiry);
    const atmIv = ivAtLogMoneyness(smile, 0);
    const call25Iv = ivAtDelta(smile, 0.25);
    const put25Iv = ivAtDelta(smile, -0.25);
    const spread = putCallSpreadNearForward(all, smile.forward);
    return {
      expiry: smile.expiry,
      T: smile.T,
      days: smile.T * 365,
      forward: smile.forward,
      ...(atmIv === undefined ? {} : { atmIv }),
      ...(call25Iv === undefined ? {} : { call25Iv }),
      ...(put25Iv === undefined ? {} : { put25Iv }),
      ...(call25Iv !== undefined && put25Iv !== undefined ? { riskReversal25: call25Iv - put25Iv } : {}),
      ...(call25Iv !== undefined && put25Iv !== undefined && atmIv !== undefined ? { butterfly25: (call25Iv + put25Iv) / 2 - atmIv } : {}),
      ...(spread === undefined ? {} : { putCallIvSpreadAtm: spread }),
      withIv: all.filter((p) => p.ivMid?.ok === true).length,
      contracts: all.length,
    };
  });
}

/** A grid of the surface: rows are expiries, columns the requested spot moneyness (K/S) or delta levels. */
export function surfaceGrid(surface: SurfacePoints, axis: { readonly moneyness?: readonly number[]; readonly delta?: readonly number[] }): readonly {
  readonly expiry: string;
  readonly T: number;
  readonly byMoneyness: readonly (number | undefined)[];
  readonly byDelta: readonly (number | undefined)[];
}[] {
  return smiles(surface).map((smile) => ({
    expiry: smile.expiry,
    T: smile.T,
    byMoneyness: (axis.moneyness ?? []).map((m) => ivAtMoneyness(smile, m, surface.spot)),
    byDelta: (axis.delta ?? []).map((d) => ivAtDelta(smile, d)),
  }));
}
