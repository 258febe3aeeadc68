/** Standardisation of features (z-scores with the training set's mean and standard deviation). */
import type { Matrix } from '../types';

/** Fitted per-feature mean and scale (population std; 1 where a feature is constant). */
export interface ScalerState {
  readonly mean: readonly number[];
  readonly scale: readonly number[];
}

export function fitScaler(X: Matrix): ScalerState {
  const n = X.length;
  const d = X[0]?.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (const row of X) for (let j = 0; j < d; j += 1) mean[j] = (mean[j] ?? 0) + (row[j] ?? 0) / n;
  for (const row of X) for (let j = 0; j < d; j += 1) scale[j] = (scale[j] ?? 0) + ((row[j] ?? 0) - (mean[j] ?? 0)) ** 2 / n;
  for (let j = 0; j < d; j += 1) {
    const s = Math.sqrt(scale[j] ?? 0);
    scale[j] = s > 1e-12 ? s : 1;
  }
  return { mean, scale };
}

/** Writes the standardised row into `out` (allocated when absent). */
export function scaleRow(s: ScalerState, row: Float64Array, out: Float64Array = new Float64Array(row.length)): Float64Array {
  for (let j = 0; j < row.length; j += 1) out[j] = ((row[j] ?? 0) - (s.mean[j] ?? 0)) / (s.scale[j] ?? 1);
  return out;
}

export function scaleMatrix(s: ScalerState, X: Matrix): Float64Array[] {
  return X.map((row) => scaleRow(s, row));
}
