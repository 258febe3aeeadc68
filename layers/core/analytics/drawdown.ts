/**
 * Drawdowns of an equity curve. An underwater episode starts at a running peak and ends at the
 * first later point whose equity is back at or above that peak (the recovery). An episode still
 * open at the end is reported with `recovered: false` and measured to the LAST point, so its
 * duration is a lower bound on the true one.
 */

/** One underwater episode, indices into the equity curve and the matching timestamps. */
export interface UnderwaterEpisode {
  /** Fractional depth at the trough, 1 − trough / peak (positive, e.g. 0.25 for −25 %). */
  readonly depth: number;
  readonly peakIndex: number;
  readonly troughIndex: number;
  /** Recovery point, or the last point when not recovered. */
  readonly endIndex: number;
  readonly recovered: boolean;
  readonly peakTime: number;
  readonly troughTime: number;
  readonly endTime: number;
  /** endTime − peakTime in the timestamps' unit (epoch ms in the core). */
  readonly duration: number;
  /** endIndex − peakIndex: number of bars from peak to recovery (or to the end). */
  readonly durationPeriods: number;
}

/** Drawdown summary of a curve. */
export interface DrawdownReport {
  /** Deepest drawdown as a positive fraction; 0 when the curve never falls below a previous peak. */
  readonly maxDrawdown: number;
  /** The episode of the deepest drawdown (peak → trough → recovery or end); undefined without one. */
  readonly maxDrawdownEpisode: UnderwaterEpisode | undefined;
  /** The longest underwater episode by time (ties: by bars, then the earlier); undefined without one. */
  readonly longestUnderwater: UnderwaterEpisode | undefined;
  /** Every episode, in time order. */
  readonly episodes: readonly UnderwaterEpisode[];
}

/**
 * Computes all underwater episodes in one pass. `timestamps` and `equity` must have the same length
 * (when they do not, the shorter length is used). Non-finite equity points are skipped as peaks.
 */
export function drawdowns(timestamps: ArrayLike<number>, equity: ArrayLike<number>): DrawdownReport {
  const n = Math.min(timestamps.length, equity.length);
  const episodes: UnderwaterEpisode[] = [];
  let peak = Number.NaN;
  let peakIndex = -1;
  let open = false;
  let troughIndex = -1;
  let depth = 0;

  const close = (endIndex: number, recovered: boolean): void => {
    const peakTime = timestamps[peakIndex] ?? Number.NaN;
    const endTime = timestamps[endIndex] ?? Number.NaN;
    episodes.push({
      depth,
      peakIndex,
      troughIndex,
      endIndex,
      recovered,
      peakTime,
      troughTime: timestamps[troughIndex] ?? Number.NaN,
      endTime,
      duration: endTime - peakTime,
      durationPeriods: endIndex - peakIndex,
    });
  };

  for (let i = 0; i < n; i += 1) {
    const v = equity[i] ?? Number.NaN;
    if (!Number.isFinite(v)) continue;
    if (peakIndex < 0 || v >= peak) {
      if (open) close(i, true);
      open = false;
      peak = v;
      peakIndex = i;
      continue;
    }
    const dd = peak > 0 ? 1 - v / peak : Number.NaN;
    if (!open) {
      open = true;
      troughIndex = i;
      depth = dd;
    } else if (dd > depth) {
      troughIndex = i;
      depth = dd;
    }
  }
  if (open) close(n - 1, false);

  let maxEpisode: UnderwaterEpisode | undefined;
  let longest: UnderwaterEpisode | undefined;
  for (const e of episodes) {
    if (maxEpisode === undefined || e.depth > maxEpisode.depth) maxEpisode = e;
    if (
      longest === undefined ||
      e.duration > longest.duration ||
      (e.duration === longest.duration && e.durationPeriods > longest.durationPeriods)
    ) {
      longest = e;
    }
  }
  return { maxDrawdown: maxEpisode?.depth ?? 0, maxDrawdownEpisode: maxEpisode, longestUnderwater: longest, episodes };
}
