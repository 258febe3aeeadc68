/** Directional accuracy: how often the sign of a prediction matched the sign of what happened. */

/** Result of a directional-accuracy count. */
export interface DirectionalAccuracy {
  /** Pairs where the predicted and realised signs agree. */
  readonly hits: number;
  /** Pairs counted: both predicted and realised non-zero and finite (a flat call or a flat outcome has no direction). */
  readonly count: number;
  /** Pairs left out (zero or non-finite on either side, or beyond the shorter series). */
  readonly excluded: number;
  /** hits / count; NaN when nothing was counted. */
  readonly accuracy: number;
  /** 1 for a hit, 0 for a miss, one per counted pair in order (input of the bootstrap). */
  readonly hitSeries: Float64Array;
}

/**
 * Hit rate of the predicted direction. `predicted` and `realised` are aligned element by element
 * (e.g. predicted next-bar return or ±1 signal vs the realised next-bar return); only signs matter.
 */
export function directionalAccuracy(predicted: ArrayLike<number>, realised: ArrayLike<number>): DirectionalAccuracy {
  const n = Math.min(predicted.length, realised.length);
  const hits: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const p = predicted[i] ?? Number.NaN;
    const r = realised[i] ?? Number.NaN;
    if (!Number.isFinite(p) || !Number.isFinite(r) || p === 0 || r === 0) continue;
    hits.push(Math.sign(p) === Math.sign(r) ? 1 : 0);
  }
  const hitSeries = Float64Array.from(hits);
  let h = 0;
  for (const x of hits) h += x;
  const longest = Math.max(predicted.length, realised.length);
  return { hits: h, count: hits.length, excluded: longest - hits.length, accuracy: hits.length > 0 ? h / hits.length : Number.NaN, hitSeries };
}
