/** A supervised data set from a bar series: feature rows at t, labels decided after t, spans and weights. */
import { barsToColumns, featureMatrix, type FeatureBar } from './features';
import { averageUniqueness, directionLabels, tripleBarrierLabels, type TripleBarrierOptions } from './labels';
import type { Matrix } from './types';

export type LabelKind = 'direction' | 'triple-barrier';

/** How to label a series. */
export interface LabelConfig {
  readonly kind: LabelKind;
  readonly horizon: number;
  /** Triple-barrier multiples and volatility window (ignored for direction labels). */
  readonly barriers?: Omit<TripleBarrierOptions, 'horizon'>;
}

/** Rows in time order; row i is bar `start[i]`'s features with the label decided at bar `end[i]`. */
export interface Dataset {
  readonly featureNames: readonly string[];
  readonly X: Matrix;
  readonly y: Uint8Array;
  /** Decision bar (bar index in the input series), ascending. */
  readonly start: Int32Array;
  /** Bar at which the label was decided. */
  readonly end: Int32Array;
  /** Sample weights: average uniqueness (AFML §4.4) scaled to mean 1. */
  readonly weights: Float64Array;
  /** Date of the decision bar. */
  readonly dates: readonly string[];
  readonly label: LabelConfig;
}

/** Features and labels joined on the decision bar; bars lacking either are left out. */
export function buildDataset(bars: readonly FeatureBar[], label: LabelConfig): Dataset {
  const cols = barsToColumns(bars);
  const features = featureMatrix(cols);
  const labels =
    label.kind === 'direction'
      ? directionLabels(cols.close, label.horizon)
      : tripleBarrierLabels(cols.close, { horizon: label.horizon, ...label.barriers });
  const labelAt = new Map<number, number>();
  labels.index.forEach((t, i) => labelAt.set(t, i));
  const X: Float64Array[] = [];
  const y: number[] = [];
  const start: number[] = [];
  const end: number[] = [];
  const dates: string[] = [];
  features.index.forEach((t, i) => {
    const j = labelAt.get(t);
    if (j === undefined) return;
    X.push(features.rows[i] as Float64Array);
    y.push(labels.y[j] ?? 0);
    start.push(t);
    end.push(labels.end[j] ?? t);
    dates.push(cols.date[t] ?? '');
  });
  const uniqueness = averageUniqueness(start, end);
  const meanU = uniqueness.reduce((a, b) => a + b, 0) / Math.max(1, uniqueness.length);
  const weights = uniqueness.map((u) => u / meanU);
  return { featureNames: features.names, X, y: Uint8Array.from(y), start: Int32Array.from(start), end: Int32Array.from(end), weights, dates, label };
}

/** The rows `idx` of a data set's X, y and weights. */
export function takeRows(d: Pick<Dataset, 'X' | 'y' | 'weights'>, idx: readonly number[]): { X: Float64Array[]; y: Uint8Array; weights: Float64Array } {
  return {
    X: idx.map((i) => d.X[i] as Float64Array),
    y: Uint8Array.from(idx, (i) => d.y[i] ?? 0),
    weights: Float64Array.from(idx, (i) => d.weights[i] ?? 1),
  };
}
