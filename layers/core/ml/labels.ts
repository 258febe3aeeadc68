/**
 * Labels for the prediction models, each with the bar span it was computed from (for purging and
 * embargo in cross-validation, López de Prado, AFML ch. 3–4 and 7), and sample weights by label
 * uniqueness (AFML §4.4).
 *
 * Spans are in bar-index units: label t starts at bar t (the decision bar, whose close is known)
 * and ends at the bar whose close decided it. A label at t is only produced when every bar it may
 * read exists (t + horizon ≤ n − 1), so the last `horizon` bars of a series have no label.
 */

/** Labels of the bars `index[i]`: y ∈ {0, 1} (1 = up / upper barrier), with their spans. */
export interface LabelSet {
  /** Bar index of each label (the decision bar t). */
  readonly index: readonly number[];
  readonly y: Uint8Array;
  /** Bar index at which each label was decided (≥ index[i]). */
  readonly end: Int32Array;
  /** Which barrier decided: 1 upper, −1 lower, 0 vertical (always 0 for fixed-horizon labels). */
  readonly barrier: Int8Array;
}

function checkHorizon(horizon: number): void {
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`horizon must be a whole number ≥ 1, got ${horizon}`);
}

/**
 * Fixed-horizon direction: y_t = 1 when close[t + h] > close[t], else 0 (a flat move counts as not up).
 * Label t ends at t + h.
 */
export function directionLabels(close: ArrayLike<number>, horizon: number): LabelSet {
  checkHorizon(horizon);
  const n = Math.max(0, close.length - horizon);
  const index: number[] = [];
  const y = new Uint8Array(n);
  const end = new Int32Array(n);
  for (let t = 0; t < n; t += 1) {
    index.push(t);
    y[t] = (close[t + horizon] ?? Number.NaN) > (close[t] ?? Number.NaN) ? 1 : 0;
    end[t] = t + horizon;
  }
  return { index, y, end, barrier: new Int8Array(n) };
}

/** Options of the triple-barrier method. */
export interface TripleBarrierOptions {
  /** Vertical barrier: at most this many bars after t. */
  readonly horizon: number;
  /** Upper (profit-taking) barrier in units of σ_t·√horizon; default 1. */
  readonly upper?: number;
  /** Lower (stop-loss) barrier in units of σ_t·√horizon; default 1. */
  readonly lower?: number;
  /** Bars of one-bar log returns in σ_t (sample std, known at t); default 20. */
  readonly volatilityWindow?: number;
}

/**
 * Triple-barrier labels (AFML §3.4) on closes: from bar t, the log return path log(close[u]/close[t]),
 * u = t+1 … t+h, is watched against an upper barrier +upper·σ_t·√h and a lower barrier −lower·σ_t·√h,
 * σ_t being the sample standard deviation of the `volatilityWindow` one-bar log returns up to t. The
 * first barrier touched decides (1 upper, 0 lower) and ends the label at that bar; if neither is
 * touched by t + h, the label is the sign of the return at t + h (1 when > 0), ending at t + h.
 * Bars t with fewer than `volatilityWindow` past returns, or σ_t = 0, get no label.
 */
export function tripleBarrierLabels(close: ArrayLike<number>, options: TripleBarrierOptions): LabelSet {
  const h = options.horizon;
  checkHorizon(h);
  const up = options.upper ?? 1;
  const down = options.lower ?? 1;
  const k = options.volatilityWindow ?? 20;
  if (!(up > 0) || !(down > 0)) throw new RangeError('barrier multiples must be positive');
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`volatilityWindow must be a whole number ≥ 2, got ${k}`);
  const c = (i: number): number => close[i] ?? Number.NaN;
  const index: number[] = [];
  const y: number[] = [];
  const end: number[] = [];
  const barrier: number[] = [];
  for (let t = k; t + h < close.length; t += 1) {
    let sum = 0;
    let sumSq = 0;
    for (let i = t - k + 1; i <= t; i += 1) {
      const r = Math.log(c(i) / c(i - 1));
      sum += r;
      sumSq += r * r;
    }
    const sigma = Math.sqrt(Math.max(0, (sumSq - (sum * sum) / k) / (k - 1)));
    if (!(sigma > 0)) continue;
    const width = sigma * Math.sqrt(h);
    let label = -1;
    let at = t + h;
    let which = 0;
    for (let u = t + 1; u <= t + h; u += 1) {
      const r = Math.log(c(u) / c(t));
      if (r >= up * width) {
        label = 1;
        at = u;
        which = 1;
        break;
      }
      if (r <= -down * width) {
        label = 0;
        at = u;
        which = -1;
        break;
      }
    }
    if (label < 0) label = c(t + h) > c(t) ? 1 : 0;
    index.push(t);
    y.push(label);
    end.push(at);
    barrier.push(which);
  }
  return { index, y: Uint8Array.from(y), end: Int32Array.from(end), barrier: Int8Array.from(barrier) };
}

/**
 * Average uniqueness of each label (AFML §4.4): bar u's concurrency c_u is the number of labels whose
 * span (start, end] covers u (the return from u − 1 to u); label i's uniqueness is the mean of 1/c_u
 * over u in (start_i, end_i]. A label with start = end (decided at its own bar) covers bar start and
 * gets 1/c_start. Values in (0, 1]; 1 when no other label overlaps.
 */
export function averageUniqueness(start: ArrayLike<number>, end: ArrayLike<number>): Float64Array {
  const n = start.length;
  if (end.length !== n) throw new RangeError(`${n} starts vs ${end.length} ends`);
  let maxBar = 0;
  for (let i = 0; i < n; i += 1) maxBar = Math.max(maxBar, end[i] ?? 0);
  const concurrency = new Float64Array(maxBar + 2);
  const covered = (i: number): readonly [number, number] => {
    const s = start[i] ?? 0;
    const e = end[i] ?? 0;
    return e > s ? [s + 1, e] : [s, s];
  };
  // difference array: +1 at the first covered bar, −1 after the last
  for (let i = 0; i < n; i += 1) {
    const [a, b] = covered(i);
    concurrency[a] = (concurrency[a] ?? 0) + 1;
    concurrency[b + 1] = (concurrency[b + 1] ?? 0) - 1;
  }
  for (let u = 1; u < concurrency.length; u += 1) concurrency[u] = (concurrency[u] ?? 0) + (concurrency[u - 1] ?? 0);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    const [a, b] = covered(i);
    let s = 0;
    for (let u = a; u <= b; u += 1) s += 1 / (concurrency[u] ?? 1);
    out[i] = s / (b - a + 1);
  }
  return out;
}
