/**
 * Linear classifiers on standardised features: L2-regularised logistic regression (Newton's method)
 * and a ridge classifier (least squares on ±1 targets, closed form) whose scores are mapped to
 * probabilities by a Platt sigmoid fitted on its training scores.
 */
import { checkFitInput, sigmoid, type BinaryClassifier, type Matrix, type ModelJson } from '../types';
import { solveSpd } from './linalg';
import { fitScaler, scaleRow, type ScalerState } from './scaler';

/** Intercept and coefficients of a linear score b + w·x. */
export interface LinearCoefficients {
  readonly intercept: number;
  readonly coef: readonly number[];
}

const dot = (coef: readonly number[], row: Float64Array): number => {
  let s = 0;
  for (let j = 0; j < coef.length; j += 1) s += (coef[j] ?? 0) * (row[j] ?? 0);
  return s;
};

/**
 * Minimises (1/Σw)·Σ w_i·logloss(y_i, σ(b + β·x_i)) + (λ/2)·‖β‖² (intercept not penalised) by damped
 * Newton steps; stops when the largest step component is below `tolerance` or after `maxIterations`.
 * With λ = 0 this is the maximum-likelihood fit (finite only when the classes are not separable).
 */
export function fitLogisticCoefficients(
  X: Matrix,
  y: ArrayLike<number>,
  w: ArrayLike<number>,
  lambda: number,
  maxIterations = 100,
  tolerance = 1e-10,
): LinearCoefficients {
  const n = X.length;
  const d = X[0]?.length ?? 0;
  const m = d + 1;
  let totalW = 0;
  for (let i = 0; i < n; i += 1) totalW += w[i] ?? 0;
  if (!(totalW > 0)) throw new RangeError('sample weights sum to zero');
  const theta = new Float64Array(m); // [intercept, β…]
  const objective = (th: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < n; i += 1) {
      const row = X[i] as Float64Array;
      let z = th[0] ?? 0;
      for (let j = 0; j < d; j += 1) z += (th[j + 1] ?? 0) * (row[j] ?? 0);
      // log(1 + e^z) − y z, stably
      const softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
      s += (w[i] ?? 0) * (softplus - (y[i] ?? 0) * z);
    }
    let pen = 0;
    for (let j = 1; j < m; j += 1) pen += (th[j] ?? 0) ** 2;
    return s / totalW + 0.5 * lambda * pen;
  };
  let current = objective(theta);
  const grad = new Float64Array(m);
  const H = new Float64Array(m * m);
  const x1 = new Float64Array(m);
  for (let iter = 0; iter < maxIterations; iter += 1) {
    grad.fill(0);
    H.fill(0);
    for (let i = 0; i < n; i += 1) {
      const row = X[i] as Float64Array;
      x1[0] = 1;
      for (let j = 0; j < d; j += 1) x1[j + 1] = row[j] ?? 0;
      let z = 0;
      for (let j = 0; j < m; j += 1) z += (theta[j] ?? 0) * (x1[j] ?? 0);
      const p = sigmoid(z);
      const wi = (w[i] ?? 0) / totalW;
      const r = wi * (p - (y[i] ?? 0));
      const h = wi * p * (1 - p);
      for (let a = 0; a < m; a += 1) {
        const xa = x1[a] ?? 0;
        grad[a] = (grad[a] ?? 0) + r * xa;
        const ha = h * xa;
        for (let b = 0; b <= a; b += 1) H[a * m + b] = (H[a * m + b] ?? 0) + ha * (x1[b] ?? 0);
      }
    }
    for (let a = 1; a < m; a += 1) {
      grad[a] = (grad[a] ?? 0) + lambda * (theta[a] ?? 0);
      H[a * m + a] = (H[a * m + a] ?? 0) + lambda;
    }
    for (let a = 0; a < m; a += 1) for (let b = a + 1; b < m; b += 1) H[a * m + b] = H[b * m + a] ?? 0;
    const step = solveSpd(H, grad);
    // damped Newton: halve the step until the objective does not increase
    let t = 1;
    let next = theta.map((v, j) => v - (step[j] ?? 0));
    let value = objective(next);
    while (value > current + 1e-15 && t > 1e-6) {
      t /= 2;
      next = theta.map((v, j) => v - t * (step[j] ?? 0));
      value = objective(next);
    }
    let maxStep = 0;
    for (let j = 0; j < m; j += 1) maxStep = Math.max(maxStep, Math.abs(t * (step[j] ?? 0)));
    theta.set(next);
    current = value;
    if (maxStep < tolerance) break;
  }
  return { intercept: theta[0] ?? 0, coef: Array.from(theta.subarray(1)) };
}

export interface LogisticParams {
  /** L2 penalty λ on standardised coefficients (objective averaged over the weights). */
  readonly l2: number;
  readonly maxIterations: number;
}

/** L2-regularised logistic regression on standardised features. */
export class LogisticRegression implements BinaryClassifier {
  readonly kind = 'logistic';
  readonly params: LogisticParams;
  private scaler: ScalerState | undefined;
  private coefficients: LinearCoefficients | undefined;

  constructor(params: Partial<LogisticParams> = {}) {
    this.params = { l2: params.l2 ?? 0.01, maxIterations: params.maxIterations ?? 50 };
  }

  fit(X: Matrix, y: ArrayLike<number>, weights?: ArrayLike<number>): this {
    const w = checkFitInput(X, y, weights);
    this.scaler = fitScaler(X);
    const s = this.scaler;
    this.coefficients = fitLogisticCoefficients(X.map((r) => scaleRow(s, r)), y, w, this.params.l2, this.params.maxIterations);
    return this;
  }

  /** The fitted intercept and coefficients (on standardised features). */
  get fitted(): LinearCoefficients & { readonly scaler: ScalerState } {
    if (this.scaler === undefined || this.coefficients === undefined) throw new Error('logistic regression is not fitted');
    return { ...this.coefficients, scaler: this.scaler };
  }

  predictProba(X: Matrix): Float64Array {
    const { scaler, intercept, coef } = this.fitted;
    const buf = new Float64Array(coef.length);
    return Float64Array.from(X, (row) => sigmoid(intercept + dot(coef, scaleRow(scaler, row, buf))));
  }

  toJSON(): ModelJson {
    const f = this.fitted;
    return { kind: this.kind, version: 1, params: { ...this.params }, state: { scaler: f.scaler, intercept: f.intercept, coef: f.coef } };
  }

  static restore(params: LogisticParams, state: { scaler: ScalerState; intercept: number; coef: number[] }): LogisticRegression {
    const m = new LogisticRegression(params);
    m.scaler = state.scaler;
    m.coefficients = { intercept: state.intercept, coef: state.coef };
    return m;
  }
}

/**
 * Weighted ridge regression of t = 2y − 1 on standardised features, closed form:
 * minimises Σ w_i (t_i − b − β·x_i)² + λ‖β‖² (intercept free) via the normal equations.
 */
export function fitRidgeCoefficients(X: Matrix, y: ArrayLike<number>, w: ArrayLike<number>, lambda: number): LinearCoefficients {
  const n = X.length;
  const d = X[0]?.length ?? 0;
  const m = d + 1;
  const A = new Float64Array(m * m);
  const b = new Float64Array(m);
  const x1 = new Float64Array(m);
  for (let i = 0; i < n; i += 1) {
    const row = X[i] as Float64Array;
    x1[0] = 1;
    for (let j = 0; j < d; j += 1) x1[j + 1] = row[j] ?? 0;
    const wi = w[i] ?? 0;
    const t = 2 * (y[i] ?? 0) - 1;
    for (let a = 0; a < m; a += 1) {
      const wa = wi * (x1[a] ?? 0);
      b[a] = (b[a] ?? 0) + wa * t;
      for (let c = 0; c <= a; c += 1) A[a * m + c] = (A[a * m + c] ?? 0) + wa * (x1[c] ?? 0);
    }
  }
  for (let a = 1; a < m; a += 1) A[a * m + a] = (A[a * m + a] ?? 0) + lambda;
  for (let a = 0; a < m; a += 1) for (let c = a + 1; c < m; c += 1) A[a * m + c] = A[c * m + a] ?? 0;
  const theta = solveSpd(A, b);
  return { intercept: theta[0] ?? 0, coef: Array.from(theta.subarray(1)) };
}

export interface RidgeParams {
  /** Ridge penalty λ as a fraction of the total sample weight (λ_abs = alpha · Σw). */
  readonly alpha: number;
}

/** Ridge classifier (least-squares linear classifier); P(y = 1) by a Platt sigmoid of its training scores. */
export class RidgeClassifier implements BinaryClassifier {
  readonly kind = 'ridge';
  readonly params: RidgeParams;
  private state: { scaler: ScalerState; intercept: number; coef: readonly number[]; platt: LinearCoefficients } | undefined;

  constructor(params: Partial<RidgeParams> = {}) {
    this.params = { alpha: params.alpha ?? 0.01 };
  }

  fit(X: Matrix, y: ArrayLike<number>, weights?: ArrayLike<number>): this {
    const w = checkFitInput(X, y, weights);
    const scaler = fitScaler(X);
    const Xs = X.map((r) => scaleRow(scaler, r));
    const totalW = w.reduce((a, v) => a + v, 0);
    const { intercept, coef } = fitRidgeCoefficients(Xs, y, w, this.params.alpha * totalW);
    const scores = Xs.map((r) => Float64Array.of(intercept + dot(coef, r)));
    const platt = fitLogisticCoefficients(scores, y, w, 0, 50);
    this.state = { scaler, intercept, coef, platt };
    return this;
  }

  /** Raw decision scores b + β·x (positive → class 1). */
  decision(X: Matrix): Float64Array {
    const s = this.fitted();
    const buf = new Float64Array(s.coef.length);
    return Float64Array.from(X, (row) => s.intercept + dot(s.coef, scaleRow(s.scaler, row, buf)));
  }

  predictProba(X: Matrix): Float64Array {
    const { platt } = this.fitted();
    return this.decision(X).map((z) => sigmoid(platt.intercept + (platt.coef[0] ?? 0) * z));
  }

  private fitted(): NonNullable<RidgeClassifier['state']> {
    if (this.state === undefined) throw new Error('ridge classifier is not fitted');
    return this.state;
  }

  toJSON(): ModelJson {
    return { kind: this.kind, version: 1, params: { ...this.params }, state: this.fitted() };
  }

  static restore(params: RidgeParams, state: NonNullable<RidgeClassifier['state']>): RidgeClassifier {
    const m = new RidgeClassifier(params);
    m.state = state;
    return m;
  }
}
