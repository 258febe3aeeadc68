/** Shared shapes of the ML room: matrices as row arrays, the one classifier interface, artefacts. */

/** Rows of features (each row one observation), all of one length. */
export type Matrix = readonly Float64Array[];

/** The serialised form of a fitted model: plain JSON, safe to store in S3 and load in a Lambda. */
export interface ModelJson {
  readonly kind: string;
  readonly version: 1;
  readonly params: Readonly<Record<string, unknown>>;
  readonly state: unknown;
}

/**
 * A binary classifier (classes 0 and 1). `fit` learns from rows X, labels y ∈ {0, 1}, optional
 * non-negative sample weights (default 1) and a seed for any randomness (same seed, same model);
 * `predictProba` gives P(y = 1) per row; `toJSON` serialises the fitted model (`modelFromJSON`
 * in ./models restores it, predicting bit-identically).
 */
export interface BinaryClassifier {
  readonly kind: string;
  fit(X: Matrix, y: ArrayLike<number>, weights?: ArrayLike<number>, seed?: number): this;
  predictProba(X: Matrix): Float64Array;
  toJSON(): ModelJson;
}

/** Checks fit inputs; returns weights (1 where none are given). */
export function checkFitInput(X: Matrix, y: ArrayLike<number>, weights?: ArrayLike<number>): Float64Array {
  const n = X.length;
  if (n === 0) throw new RangeError('cannot fit on zero rows');
  if (y.length !== n) throw new RangeError(`${n} rows vs ${y.length} labels`);
  const d = X[0]?.length ?? 0;
  for (let i = 0; i < n; i += 1) {
    const row = X[i] as Float64Array;
    if (row.length !== d) throw new RangeError(`row ${i} has ${row.length} features, expected ${d}`);
    const label = y[i];
    if (label !== 0 && label !== 1) throw new RangeError(`label ${i} is ${String(label)}, expected 0 or 1`);
  }
  if (weights !== undefined && weights.length !== n) throw new RangeError(`${n} rows vs ${weights.length} weights`);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    const v = weights === undefined ? 1 : (weights[i] ?? Number.NaN);
    if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`weight ${i} is ${v}, expected finite ≥ 0`);
    w[i] = v;
  }
  return w;
}

/** Logistic function, stable for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(p / (1 − p)) with p clipped to [eps, 1 − eps]. */
export function logit(p: number, eps = 1e-6): number {
  const q = Math.min(1 - eps, Math.max(eps, p));
  return Math.log(q / (1 - q));
}
