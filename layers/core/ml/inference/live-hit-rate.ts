/**
 * The live hit rate of recorded forecasts (issue 7): the champion's PredictionRecordV1s scored against
 * what the market then did, with the training label's own definition (directionLabels: up when the
 * close h sessions later is above the decision session's close), ready for the drift detector's
 * binomial test (hitRateTest). Pure.
 */
import type { FeatureBar } from '../features';
import { directionLabels } from '../labels';
import type { PredictionRecordV1 } from './types';

export interface ScoredPrediction {
  readonly sessionDate: string;
  readonly probability: number;
  readonly label: 0 | 1;
  readonly hit: boolean;
}

export interface LiveHitRate {
  readonly hits: number;
  readonly trials: number;
  readonly scored: readonly ScoredPrediction[];
  /** Forecasts whose label is not decided yet (fewer than h later sessions in `daily`) or whose session is missing. */
  readonly pending: number;
}

/**
 * Scores forecasts against daily bars (ascending by date, the sessions after the forecasts included).
 * A forecast is a hit when (p > 0.5) equals the realised label. Labels h sessions long overlap when
 * forecasts are daily, and overlapping trials are not independent (the binomial test would be
 * overconfident), so only every `stride`-th scored forecast counts; the default stride is h, which
 * keeps the trials' label spans disjoint.
 */
export function liveHitRate(records: readonly PredictionRecordV1[], daily: readonly FeatureBar[], horizon: number, stride: number = horizon): LiveHitRate {
  if (!Number.isInteger(stride) || stride < 1) throw new RangeError(`stride must be a positive integer, got ${stride}`);
  const labels = directionLabels(Float64Array.from(daily, (b) => b.close), horizon);
  const labelOf = new Map<string, 0 | 1>();
  labels.index.forEach((t, i) => {
    const date = daily[t]?.date;
    if (date !== undefined) labelOf.set(date, labels.y[i] === 1 ? 1 : 0);
  });
  const ordered = [...records].sort((a, b) => (a.sessionDate < b.sessionDate ? -1 : a.sessionDate > b.sessionDate ? 1 : 0));
  const decided: ScoredPrediction[] = [];
  let pending = 0;
  for (const r of ordered) {
    const label = labelOf.get(r.sessionDate);
    if (label === undefined) {
      pending += 1;
      continue;
    }
    decided.push({ sessionDate: r.sessionDate, probability: r.probability, label, hit: r.probability > 0.5 === (label === 1) });
  }
  const scored = decided.filter((_, i) => i % stride === 0);
  return { hits: scored.filter((s) => s.hit).length, trials: scored.length, scored, pending };
}
