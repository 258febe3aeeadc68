/**
 * Walk-forward windows over a time axis of `length` observations (bars), as half-open index ranges.
 * A window's training range ends `gap` observations before its test range starts (an embargo between
 * the last bar the parameters were fitted on and the first bar they are judged on), and every test
 * range lies strictly after its own training range.
 *
 * - `rolling`: the training range has a fixed length and moves forward with the test range.
 * - `anchored` (expanding): the training range always starts at 0 and grows.
 *
 * Consecutive test ranges start `step` apart (default: the test length, so test ranges tile the
 * axis without overlap). A window whose test range would run past the end is dropped unless
 * `allowPartialLastTest` is set, in which case the last test range is cut at `length`.
 */

/** Observations [start, end) of a series: start inclusive, end exclusive. */
export interface IndexRange {
  readonly start: number;
  readonly end: number;
}

/** Options of walk-forward windows (all counts in observations). */
export interface WalkForwardSplitOptions {
  readonly scheme: 'rolling' | 'anchored';
  /** Training length (rolling), or the FIRST window's training length (anchored). ≥ 1. */
  readonly trainLength: number;
  /** Test length, ≥ 1. */
  readonly testLength: number;
  /** Distance between consecutive test starts; default testLength. ≥ 1. */
  readonly step?: number;
  /** Observations skipped between the end of training and the start of the test (embargo); default 0. */
  readonly gap?: number;
  /** Keep a last, shorter test range that reaches the end of the series; default false. */
  readonly allowPartialLastTest?: boolean;
}

/** One walk-forward window: fit on `train`, judge on `test`. */
export interface WalkForwardWindow {
  /** 0, 1, … in time order. */
  readonly fold: number;
  readonly train: IndexRange;
  readonly test: IndexRange;
}

/** Thrown on options that cannot describe a window (non-integer or non-positive lengths). */
export class SplitOptionsError extends Error {
  override readonly name = 'SplitOptionsError';
}

const isCount = (x: number, min: number): boolean => Number.isInteger(x) && x >= min;

/** The walk-forward windows of a series of `length` observations, in time order. */
export function walkForwardWindows(length: number, options: WalkForwardSplitOptions): WalkForwardWindow[] {
  const step = options.step ?? options.testLength;
  const gap = options.gap ?? 0;
  if (!isCount(length, 0)) throw new SplitOptionsError(`length must be a whole number ≥ 0, got ${length}`);
  if (!isCount(options.trainLength, 1)) throw new SplitOptionsError(`trainLength must be a whole number ≥ 1, got ${options.trainLength}`);
  if (!isCount(options.testLength, 1)) throw new SplitOptionsError(`testLength must be a whole number ≥ 1, got ${options.testLength}`);
  if (!isCount(step, 1)) throw new SplitOptionsError(`step must be a whole number ≥ 1, got ${step}`);
  if (!isCount(gap, 0)) throw new SplitOptionsError(`gap must be a whole number ≥ 0, got ${gap}`);

  const windows: WalkForwardWindow[] = [];
  for (let testStart = options.trainLength + gap; testStart < length; testStart += step) {
    let testEnd = testStart + options.testLength;
    if (testEnd > length) {
      if (options.allowPartialLastTest !== true) break;
      testEnd = length;
    }
    const trainEnd = testStart - gap;
    const trainStart = options.scheme === 'anchored' ? 0 : trainEnd - options.trainLength;
    windows.push({ fold: windows.length, train: { start: trainStart, end: trainEnd }, test: { start: testStart, end: testEnd } });
    if (testEnd === length) break;
  }
  return windows;
}

/** Number of observations in a range. */
export function rangeLength(range: IndexRange): number {
  return Math.max(0, range.end - range.start);
}

/** True when two half-open ranges share at least one observation. */
export function rangesOverlap(a: IndexRange, b: IndexRange): boolean {
  return a.start < b.end && b.start < a.end && rangeLength(a) > 0 && rangeLength(b) > 0;
}
