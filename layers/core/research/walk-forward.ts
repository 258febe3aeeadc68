/**
 * Walk-forward optimisation, generic over how a parameter set is scored and run: for each window,
 * score every candidate on the training range, keep the best, run it on the test range, and stitch
 * the test ranges' returns into one out-of-sample series. Nothing of a test range is seen before
 * its parameters are chosen, so the stitched series is an honest out-of-sample record (as long as
 * `score` and `evaluate` only read the range they are given plus the past before it).
 */

import type { ClosedTrade } from '../analytics';
import type { IndexRange, WalkForwardWindow } from './splits';

/** Period returns of one run over a range (one per observation of the range, or fewer), with optional timestamps. */
export interface ReturnSegment {
  readonly returns: Float64Array;
  /** Timestamp of each return's period end, same length as `returns`. */
  readonly timestamps?: Float64Array;
  /** Trades opened and closed within the range (for profit factor and win rate), when the engine reports them. */
  readonly trades?: readonly ClosedTrade[];
}

/** What a walk-forward optimisation needs. */
export interface WalkForwardProblem<P> {
  readonly windows: readonly WalkForwardWindow[];
  /** The parameter sets tried (the trials: their count is N of the deflated Sharpe ratio). */
  readonly candidates: readonly P[];
  /** In-sample score of a candidate on a training range; higher is better; NaN = unusable. */
  score(params: P, train: IndexRange): number;
  /** Out-of-sample returns of a candidate on a test range. */
  evaluate(params: P, test: IndexRange): ReturnSegment;
}

/** One window's choice and its out-of-sample result. */
export interface WalkForwardFold<P> {
  readonly fold: number;
  readonly train: IndexRange;
  readonly test: IndexRange;
  /** Index into the candidates of the best training score (first on ties); −1 when no score was finite. */
  readonly chosenIndex: number;
  /** The chosen candidate; undefined with chosenIndex −1 (the fold then stays flat: zero returns). */
  readonly chosen: P | undefined;
  readonly trainScore: number;
  /** Every candidate's training score, in candidate order. */
  readonly trainScores: Float64Array;
  readonly returns: Float64Array;
  readonly timestamps: Float64Array | undefined;
  readonly trades: readonly ClosedTrade[];
}

/** The stitched out-of-sample record. */
export interface WalkForwardResult<P> {
  readonly folds: readonly WalkForwardFold<P>[];
  /** Test returns of every fold, concatenated in fold order. */
  readonly returns: Float64Array;
  /** Concatenated timestamps when every fold gave them; undefined otherwise. */
  readonly timestamps: Float64Array | undefined;
  /** Every fold's trades, in fold order. */
  readonly trades: readonly ClosedTrade[];
  /** Compounded equity from 1: equity[0] = 1, equity[i + 1] = equity[i] · (1 + returns[i]). */
  readonly equity: Float64Array;
  /** Number of candidates tried per fold. */
  readonly trials: number;
}

/** Index of the largest finite value, first on ties; −1 when none is finite. */
export function argmaxFinite(values: ArrayLike<number>): number {
  let best = -1;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i] ?? Number.NaN;
    if (Number.isFinite(v) && (best < 0 || v > bestValue)) {
      best = i;
      bestValue = v;
    }
  }
  return best;
}

/** Runs the walk-forward optimisation (deterministic: candidates are scored in order). */
export function walkForwardOptimise<P>(problem: WalkForwardProblem<P>): WalkForwardResult<P> {
  const folds: WalkForwardFold<P>[] = [];
  for (const w of problem.windows) {
    const trainScores = Float64Array.from(problem.candidates, (p) => problem.score(p, w.train));
    const chosenIndex = argmaxFinite(trainScores);
    const chosen = chosenIndex >= 0 ? problem.candidates[chosenIndex] : undefined;
    let segment: ReturnSegment;
    if (chosen === undefined) segment = { returns: new Float64Array(Math.max(0, w.test.end - w.test.start)) };
    else segment = problem.evaluate(chosen, w.test);
    folds.push({
      fold: w.fold,
      train: w.train,
      test: w.test,
      chosenIndex,
      chosen,
      trainScore: chosenIndex >= 0 ? (trainScores[chosenIndex] ?? Number.NaN) : Number.NaN,
      trainScores,
      returns: segment.returns,
      timestamps: segment.timestamps,
      trades: segment.trades ?? [],
    });
  }
  return stitch(folds, problem.candidates.length);
}

function stitch<P>(folds: readonly WalkForwardFold<P>[], trials: number): WalkForwardResult<P> {
  const total = folds.reduce((s, f) => s + f.returns.length, 0);
  const returns = new Float64Array(total);
  const allTimed = folds.every((f) => f.timestamps !== undefined && f.timestamps.length === f.returns.length);
  const timestamps = allTimed ? new Float64Array(total) : undefined;
  let offset = 0;
  for (const f of folds) {
    returns.set(f.returns, offset);
    if (timestamps !== undefined && f.timestamps !== undefined) timestamps.set(f.timestamps, offset);
    offset += f.returns.length;
  }
  const equity = new Float64Array(total + 1);
  equity[0] = 1;
  for (let i = 0; i < total; i += 1) equity[i + 1] = (equity[i] ?? Number.NaN) * (1 + (returns[i] ?? Number.NaN));
  return { folds, returns, timestamps, equity, trials, trades: folds.flatMap((f) => f.trades) };
}
