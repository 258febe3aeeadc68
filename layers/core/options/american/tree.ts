/**
 * Binomial lattice for American (and European) options with a continuous yield and known cash dividends.
 *
 * - Lattices: Cox–Ross–Rubinstein (1979) u = e^{σ√Δt}, and Leisen–Reimer (1996) with the Peizer–Pratt
 *   inversion (method 2), which converges smoothly (≈ O(1/n²) for Europeans) and needs an odd step count.
 *   Where either lattice degenerates (tiny σ√Δt against the drift) the moves are centred on the drift instead.
 * - Cash dividends: the escrowed-dividend model (J. Hull, "Options, Futures, and Other Derivatives", 10th ed.,
 *   §21.3 "known dollar dividend"): the tree is built for S* = S − PV(dividends paid in (0, T]) with
 *   volatility σ; at a node at time t the stock price is S* + PV_t(dividends still to be paid after t), and
 *   that is what the exercise decision compares with the strike. A dividend whose time is ≤ 0 or > T is ignored.
 * Conventions: ../types (T in years ACT/365, continuously compounded r and q).
 */
import type { OptionKind } from '../types';

/** A known cash dividend: `time` in years from now (ex-date), `amount` per share in price units. */
export interface CashDividend {
  readonly time: number;
  readonly amount: number;
}

export type LatticeMethod = 'leisen-reimer' | 'crr';

export interface TreeInputs {
  readonly kind: OptionKind;
  readonly S: number;
  readonly K: number;
  readonly T: number;
  readonly r: number;
  /** Continuous yield (for options on futures: q = r). Default 0. */
  readonly q?: number;
  readonly sigma: number;
  readonly dividends?: readonly CashDividend[];
  /** Number of time steps; Leisen–Reimer rounds an even count up to the next odd one. Default 501. */
  readonly steps?: number;
  /** Default 'leisen-reimer'. */
  readonly method?: LatticeMethod;
  /** Default true. */
  readonly american?: boolean;
}

export const DEFAULT_TREE_STEPS = 501;

/** Peizer–Pratt inversion (method 2): a binomial probability for n steps matching Φ(z). */
function peizerPratt(z: number, n: number): number {
  const a = z / (n + 1 / 3 + 0.1 / (n + 1));
  const root = 0.5 * Math.sqrt(1 - Math.exp(-a * a * (n + 1 / 6)));
  return z >= 0 ? 0.5 + root : 0.5 - root;
}

/** Present value at time t of the dividends paid strictly after t and no later than T. */
function dividendsAfter(dividends: readonly CashDividend[], t: number, T: number, r: number): number {
  let pv = 0;
  for (const d of dividends) if (d.time > t && d.time <= T) pv += d.amount * Math.exp(-r * (d.time - t));
  return pv;
}

/** Option value on the lattice; O(steps²) time, O(steps) memory. Inputs are assumed valid (S, K > 0, T > 0, σ > 0). */
export function treePrice(inputs: TreeInputs): number {
  const { kind, S, K, T, r, sigma } = inputs;
  const q = inputs.q ?? 0;
  const method = inputs.method ?? 'leisen-reimer';
  const american = inputs.american ?? true;
  const dividends = (inputs.dividends ?? []).filter((d) => d.time > 0 && d.time <= T && d.amount !== 0);
  let n = Math.max(1, Math.round(inputs.steps ?? DEFAULT_TREE_STEPS));
  if (method === 'leisen-reimer' && n % 2 === 0) n += 1;
  const theta = kind === 'call' ? 1 : -1;
  // Ternaries, not Math.max, in the O(n²) loop: builtin calls are much slower under Jest's VM context.
  const payoff = (s: number): number => {
    const v = theta * (s - K);
    return v > 0 ? v : 0;
  };

  const sStar = S - dividendsAfter(dividends, 0, T, r);
  if (!(sStar > 0)) return Number.NaN;
  if (T <= 0 || sigma <= 0) return payoff(S);
  const dt = T / n;
  const growth = Math.exp((r - q) * dt);
  const disc = Math.exp(-r * dt);
  let u: number;
  let d: number;
  let p: number;
  if (method === 'crr') {
    u = Math.exp(sigma * Math.sqrt(dt));
    d = 1 / u;
    p = (growth - d) / (u - d);
  } else {
    const vst = sigma * Math.sqrt(T);
    const d1 = (Math.log(sStar / K) + (r - q + 0.5 * sigma * sigma) * T) / vst;
    const d2 = d1 - vst;
    p = peizerPratt(d2, n);
    const pPrime = peizerPratt(d1, n);
    u = (growth * pPrime) / p;
    d = (growth - p * u) / (1 - p);
  }
  if (!(p > 0 && p < 1 && u > d && d > 0)) {
    // Degenerate lattice (σ√Δt small against the drift, or Peizer–Pratt saturating at p = 1): centre the
    // CRR moves on the drift, u,d = e^{(r−q)Δt ± σ√Δt}, whose probability is always in (0, 1).
    const up = Math.exp(sigma * Math.sqrt(dt));
    u = growth * up;
    d = growth / up;
    p = (1 - 1 / up) / (up - 1 / up);
  }
  const pu = disc * p;
  const pd = disc * (1 - p);
  const ratio = u / d;

  const values = new Float64Array(n + 1);
  let s = sStar * Math.pow(d, n);
  for (let j = 0; j <= n; j += 1) {
    values[j] = payoff(s); // all dividends are paid by T: S_T = S*_T
    s *= ratio;
  }
  const hasDividends = dividends.length > 0;
  for (let i = n - 1; i >= 0; i -= 1) {
    const pvDiv = hasDividends ? dividendsAfter(dividends, i * dt, T, r) : 0;
    let node = sStar * Math.pow(d, i);
    for (let j = 0; j <= i; j += 1) {
      const cont = pu * (values[j + 1] ?? 0) + pd * (values[j] ?? 0);
      if (american) {
        const exercise = payoff(node + pvDiv);
        values[j] = exercise > cont ? exercise : cont;
      } else {
        values[j] = cont;
      }
      node *= ratio;
    }
  }
  return values[0] ?? Number.NaN;
}
