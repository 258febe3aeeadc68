/** Gaussian naive Bayes and k-nearest neighbours. */
import { checkFitInput, type BinaryClassifier, type Matrix, type ModelJson } from '../types';
import { fitScaler, scaleRow, type ScalerState } from './scaler';

export interface NaiveBayesParams {
  /** Added to every variance: this fraction of the largest feature variance (scikit-learn's var_smoothing). */
  readonly varSmoothing: number;
}

interface NaiveBayesState {
  /** log prior of class 0 and class 1 */
  readonly logPrior: readonly [number, number];
  readonly mean: readonly [readonly number[], readonly number[]];
  readonly variance: readonly [readonly number[], readonly number[]];
}

/**
 * Gaussian naive Bayes: per class, weighted prior, mean and (population) variance of each feature;
 * P(y = 1 | x) from the sum of log-densities by a stable log-sum-exp.
 */
export class GaussianNaiveBayes implements BinaryClassifier {
  readonly kind = 'naive-bayes';
  readonly params: NaiveBayesParams;
  private state: NaiveBayesState | undefined;

  constructor(params: Partial<NaiveBayesParams> = {}) {
    this.params = { varSmoothing: params.varSmoothing ?? 1e-9 };
  }

  fit(X: Matrix, y: ArrayLike<number>, weights?: ArrayLike<number>): this {
    const w = checkFitInput(X, y, weights);
    const d = X[0]?.length ?? 0;
    const W = [0, 0];
    const mean = [new Array<number>(d).fill(0), new Array<number>(d).fill(0)] as const;
    const variance = [new Array<number>(d).fill(0), new Array<number>(d).fill(0)] as const;
    X.forEach((row, i) => {
      const c = y[i] === 1 ? 1 : 0;
      const wi = w[i] ?? 0;
      W[c] = (W[c] ?? 0) + wi;
      for (let j = 0; j < d; j += 1) mean[c][j] = (mean[c][j] ?? 0) + wi * (row[j] ?? 0);
    });
    if (!((W[0] ?? 0) > 0 && (W[1] ?? 0) > 0)) throw new RangeError('naive Bayes needs weight in both classes');
    for (const c of [0, 1] as const) for (let j = 0; j < d; j += 1) mean[c][j] = (mean[c][j] ?? 0) / (W[c] ?? 1);
    X.forEach((row, i) => {
      const c = y[i] === 1 ? 1 : 0;
      const wi = w[i] ?? 0;
      for (let j = 0; j < d; j += 1) variance[c][j] = (variance[c][j] ?? 0) + wi * ((row[j] ?? 0) - (mean[c][j] ?? 0)) ** 2;
    });
    // smoothing: a fraction of the largest overall feature variance
    const all = fitScaler(X);
    const maxVar = Math.max(...all.scale.map((s) => s * s));
    const eps = this.params.varSmoothing * maxVar;
    for (const c of [0, 1] as const) for (let j = 0; j < d; j += 1) variance[c][j] = (variance[c][j] ?? 0) / (W[c] ?? 1) + eps;
    const total = (W[0] ?? 0) + (W[1] ?? 0);
    this.state = { logPrior: [Math.log((W[0] ?? 0) / total), Math.log((W[1] ?? 0) / total)], mean, variance };
    return this;
  }

  /** log P(class) + Σ_j log N(x_j; μ_cj, σ²_cj) for both classes. */
  jointLogLikelihood(row: Float64Array): [number, number] {
    const s = this.fitted();
    const out: [number, number] = [s.logPrior[0], s.logPrior[1]];
    for (const c of [0, 1] as const) {
      let ll = out[c];
      for (let j = 0; j < row.length; j += 1) {
        const v = s.variance[c][j] ?? 1;
        const diff = (row[j] ?? 0) - (s.mean[c][j] ?? 0);
        ll -= 0.5 * Math.log(2 * Math.PI * v) + (diff * diff) / (2 * v);
      }
      out[c] = ll;
    }
    return out;
  }

  predictProba(X: Matrix): Float64Array {
    return Float64Array.from(X, (row) => {
      const [l0, l1] = this.jointLogLikelihood(row);
      const mx = Math.max(l0, l1);
      const e0 = Math.exp(l0 - mx);
      const e1 = Math.exp(l1 - mx);
      return e1 / (e0 + e1);
    });
  }

  private fitted(): NaiveBayesState {
    if (this.state === undefined) throw new Error('naive Bayes is not fitted');
    return this.state;
  }

  toJSON(): ModelJson {
    return { kind: this.kind, version: 1, params: { ...this.params }, state: this.fitted() };
  }

  static restore(params: NaiveBayesParams, state: NaiveBayesState): GaussianNaiveBayes {
    const m = new GaussianNaiveBayes(params);
    m.state = state;
    return m;
  }
}

export interface KnnParams {
  readonly k: number;
}

interface KnnState {
  readonly scaler: ScalerState;
  /** Standardised training rows, flattened row-major. */
  readonly rows: readonly number[];
  readonly dims: number;
  readonly y: readonly number[];
  readonly weights: readonly number[];
}

/**
 * k-nearest neighbours on standardised features (Euclidean, brute force): P(y = 1) is the
 * sample-weighted share of class 1 among the k nearest training rows (ties in distance broken by
 * the earlier training row). Stores its training set, so the artefact grows with it.
 */
export class KNearestNeighbours implements BinaryClassifier {
  readonly kind = 'knn';
  readonly params: KnnParams;
  private state: (KnnState & { flat: Float64Array }) | undefined;

  constructor(params: Partial<KnnParams> = {}) {
    this.params = { k: params.k ?? 25 };
    if (!Number.isInteger(this.params.k) || this.params.k < 1) throw new RangeError(`k must be a whole number ≥ 1, got ${this.params.k}`);
  }

  fit(X: Matrix, y: ArrayLike<number>, weights?: ArrayLike<number>): this {
    const w = checkFitInput(X, y, weights);
    const scaler = fitScaler(X);
    const dims = X[0]?.length ?? 0;
    const flat = new Float64Array(X.length * dims);
    X.forEach((row, i) => flat.set(scaleRow(scaler, row), i * dims));
    this.state = { scaler, rows: Array.from(flat), dims, y: Array.from(y as ArrayLike<number>), weights: Array.from(w), flat };
    return this;
  }

  /** Indices of the k nearest training rows to `row` (raw features), nearest first. */
  neighbours(row: Float64Array): number[] {
    const s = this.fitted();
    const q = scaleRow(s.scaler, row);
    const n = s.y.length;
    const k = Math.min(this.params.k, n);
    // a sorted top-k list by (distance, index)
    const bestD = new Float64Array(k).fill(Number.POSITIVE_INFINITY);
    const bestI = new Int32Array(k).fill(-1);
    for (let i = 0; i < n; i += 1) {
      let dist = 0;
      const base = i * s.dims;
      for (let j = 0; j < s.dims; j += 1) {
        const diff = (s.flat[base + j] ?? 0) - (q[j] ?? 0);
        dist += diff * diff;
      }
      if (!(dist < (bestD[k - 1] ?? Number.POSITIVE_INFINITY))) continue;
      let pos = k - 1;
      while (pos > 0 && dist < (bestD[pos - 1] ?? 0)) {
        bestD[pos] = bestD[pos - 1] ?? 0;
        bestI[pos] = bestI[pos - 1] ?? -1;
        pos -= 1;
      }
      bestD[pos] = dist;
      bestI[pos] = i;
    }
    return Array.from(bestI).filter((i) => i >= 0);
  }

  predictProba(X: Matrix): Float64Array {
    const s = this.fitted();
    return Float64Array.from(X, (row) => {
      let pos = 0;
      let total = 0;
      for (const i of this.neighbours(row)) {
        const wi = s.weights[i] ?? 0;
        total += wi;
        if (s.y[i] === 1) pos += wi;
      }
      return total > 0 ? pos / total : 0.5;
    });
  }

  private fitted(): KnnState & { flat: Float64Array } {
    if (this.state === undefined) throw new Error('kNN is not fitted');
    return this.state;
  }

  toJSON(): ModelJson {
    const { flat: _flat, ...state } = this.fitted();
    return { kind: this.kind, version: 1, params: { ...this.params }, state };
  }

  static restore(params: KnnParams, state: KnnState): KNearestNeighbours {
    const m = new KNearestNeighbours(params);
    m.state = { ...state, flat: Float64Array.from(state.rows) };
    return m;
  }
}
