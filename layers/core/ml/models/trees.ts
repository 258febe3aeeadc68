/**
 * Tree ensembles on binned features: a random forest of CART trees (weighted Gini, bootstrap rows,
 * √d features per split) and gradient-boosted trees on the logistic loss (second-order leaf values,
 * XGBoost-style gain, row subsampling). Both grow trees from per-node histograms over at most
 * `maxBins` quantile bins per feature (as LightGBM and scikit-learn's HistGradientBoosting do), so a
 * split costs O(rows in node × features) instead of a sort.
 */
import { mulberry32, type UniformRandom } from '../../analytics';
import { checkFitInput, logit, sigmoid, type BinaryClassifier, type Matrix, type ModelJson } from '../types';

/** A fitted tree as flat arrays (JSON-friendly): node i splits on feature[i] at threshold[i] (x ≤ t → left), or is a leaf (feature −1) of value[i]. */
export interface FlatTree {
  readonly feature: readonly number[];
  readonly threshold: readonly number[];
  readonly left: readonly number[];
  readonly right: readonly number[];
  readonly value: readonly number[];
}

/** The value of the leaf `row` falls into. */
export function treeValue(tree: FlatTree, row: Float64Array): number {
  let node = 0;
  for (;;) {
    const f = tree.feature[node] ?? -1;
    if (f < 0) return tree.value[node] ?? 0;
    node = (row[f] ?? 0) <= (tree.threshold[node] ?? 0) ? (tree.left[node] ?? 0) : (tree.right[node] ?? 0);
  }
}

/** Per-feature split thresholds and the rows' bin codes (column-major). */
export interface BinnedData {
  readonly thresholds: readonly Float64Array[];
  readonly bins: readonly Uint16Array[];
}

/**
 * Quantile bins: thresholds are (de-duplicated) values at the b/maxBins quantiles, or all distinct
 * values but the largest when there are few; bin(x) = #{thresholds < x}, so bin ≤ s ⇔ x ≤ thresholds[s].
 */
export function binFeatures(X: Matrix, maxBins: number): BinnedData {
  const n = X.length;
  const d = X[0]?.length ?? 0;
  const thresholds: Float64Array[] = [];
  const bins: Uint16Array[] = [];
  const column = new Float64Array(n);
  for (let j = 0; j < d; j += 1) {
    for (let i = 0; i < n; i += 1) column[i] = (X[i] as Float64Array)[j] ?? 0;
    const sorted = Float64Array.from(column).sort();
    const distinct: number[] = [];
    for (let i = 0; i < n; i += 1) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i] ?? 0);
    let th: number[];
    if (distinct.length <= maxBins) th = distinct.slice(0, -1);
    else {
      th = [];
      for (let b = 1; b < maxBins; b += 1) {
        const v = sorted[Math.floor((b * n) / maxBins)] ?? 0;
        if (th.length === 0 || v > (th[th.length - 1] ?? 0)) th.push(v);
      }
      if (th.length > 0 && th[th.length - 1] === sorted[n - 1]) th.pop();
    }
    const t = Float64Array.from(th);
    thresholds.push(t);
    const code = new Uint16Array(n);
    for (let i = 0; i < n; i += 1) {
      const x = column[i] ?? 0;
      let lo = 0;
      let hi = t.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((t[mid] ?? 0) < x) lo = mid + 1;
        else hi = mid;
      }
      code[i] = lo;
    }
    bins.push(code);
  }
  return { thresholds, bins };
}

/** How a tree grows. */
export interface GrowOptions {
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  /** L2 on leaf values (0 for a plain CART). */
  readonly lambda: number;
  /** Features tried per split (all when ≥ d). */
  readonly featuresPerSplit: number;
}

/**
 * Grows one tree on per-row statistics g (e.g. w·y or a negative gradient) and h (e.g. w or a
 * Hessian): a split maximises G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ) (with g = w·y, h = w and λ = 0
 * this is the weighted Gini / squared-error criterion of CART); a leaf's value is G/(H+λ).
 */
export function growTree(data: BinnedData, g: Float64Array, h: Float64Array, rows: Int32Array, options: GrowOptions, random: UniformRandom): FlatTree {
  const d = data.bins.length;
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const { lambda } = options;
  const featureOrder = Int32Array.from({ length: d }, (_, j) => j);
  const tries = Math.max(1, Math.min(d, options.featuresPerSplit));
  const maxBins = Math.max(1, ...data.thresholds.map((t) => t.length + 1));
  const histG = new Float64Array(maxBins);
  const histH = new Float64Array(maxBins);
  const histC = new Int32Array(maxBins);

  const grow = (idx: Int32Array, depth: number): number => {
    const node = feature.length;
    let G = 0;
    let H = 0;
    for (const i of idx) {
      G += g[i] ?? 0;
      H += h[i] ?? 0;
    }
    feature.push(-1);
    threshold.push(0);
    left.push(-1);
    right.push(-1);
    value.push(H + lambda > 0 ? G / (H + lambda) : 0);
    if (depth >= options.maxDepth || idx.length < 2 * options.minSamplesLeaf) return node;
    const parentScore = H + lambda > 0 ? (G * G) / (H + lambda) : 0;
    let bestGain = 1e-12;
    let bestFeature = -1;
    let bestBin = -1;
    // partial Fisher–Yates: the first `tries` entries of featureOrder are this split's features
    for (let a = 0; a < tries; a += 1) {
      const b = a + Math.floor(random() * (d - a));
      const tmp = featureOrder[a] ?? 0;
      featureOrder[a] = featureOrder[b] ?? 0;
      featureOrder[b] = tmp;
    }
    for (let a = 0; a < tries; a += 1) {
      const j = featureOrder[a] ?? 0;
      const nb = (data.thresholds[j]?.length ?? 0) + 1;
      if (nb < 2) continue;
      const code = data.bins[j] as Uint16Array;
      histG.fill(0, 0, nb);
      histH.fill(0, 0, nb);
      histC.fill(0, 0, nb);
      for (const i of idx) {
        const c = code[i] ?? 0;
        histG[c] = (histG[c] ?? 0) + (g[i] ?? 0);
        histH[c] = (histH[c] ?? 0) + (h[i] ?? 0);
        histC[c] = (histC[c] ?? 0) + 1;
      }
      let gl = 0;
      let hl = 0;
      let cl = 0;
      for (let s = 0; s < nb - 1; s += 1) {
        gl += histG[s] ?? 0;
        hl += histH[s] ?? 0;
        cl += histC[s] ?? 0;
        const cr = idx.length - cl;
        if (cl < options.minSamplesLeaf) continue;
        if (cr < options.minSamplesLeaf) break;
        const hr = H - hl;
        if (!(hl + lambda > 0 && hr + lambda > 0)) continue;
        const gr = G - gl;
        const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parentScore;
        if (gain > bestGain) {
          bestGain = gain;
          bestFeature = j;
          bestBin = s;
        }
      }
    }
    if (bestFeature < 0) return node;
    const code = data.bins[bestFeature] as Uint16Array;
    let nl = 0;
    for (const i of idx) if ((code[i] ?? 0) <= bestBin) nl += 1;
    const li = new Int32Array(nl);
    const ri = new Int32Array(idx.length - nl);
    let a = 0;
    let b = 0;
    for (const i of idx) {
      if ((code[i] ?? 0) <= bestBin) li[a++] = i;
      else ri[b++] = i;
    }
    feature[node] = bestFeature;
    threshold[node] = data.thresholds[bestFeature]?.[bestBin] ?? 0;
    left[node] = grow(li, depth + 1);
    right[node] = grow(ri, depth + 1);
    return node;
  };
  grow(rows, 0);
  return { feature, threshold, left, right, value };
}

export interface RandomForestParams {
  readonly trees: number;
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  /** Features tried per split; 0 means round(√d). */
  readonly maxFeatures: number;
  readonly maxBins: number;
}

/**
 * Random forest (Breiman 2001): each tree on a bootstrap sample (row counts multiply the sample
 * weights), Gini splits over a random subset of features; P(y = 1) is the mean over trees of the
 * leaf's weighted share of class 1.
 */
export class RandomForest implements BinaryClassifier {
  readonly kind = 'random-forest';
  readonly params: RandomForestParams;
  private trees: FlatTree[] | undefined;

  constructor(params: Partial<RandomForestParams> = {}) {
    this.params = {
      trees: params.trees ?? 100,
      maxDepth: params.maxDepth ?? 6,
      minSamplesLeaf: params.minSamplesLeaf ?? 10,
      maxFeatures: params.maxFeatures ?? 0,
      maxBins: params.maxBins ?? 32,
    };
  }

  fit(X: Matrix, y: ArrayLike<number>, weights?: ArrayLike<number>, seed = 1): this {
    const w = checkFitInput(X, y, weights);
    const n = X.length;
    const d = X[0]?.length ?? 0;
    const data = binFeatures(X, this.params.maxBins);
    const random = mulberry32(seed);
    const counts = new Float64Array(n);
    const g = new Float64Array(n);
    const h = new Float64Array(n);
    const featuresPerSplit = this.params.maxFeatures > 0 ? this.params.maxFeatures : Math.max(1, Math.round(Math.sqrt(d)));
    const trees: FlatTree[] = [];
    for (let t = 0; t < this.params.trees; t += 1) {
      counts.fill(0);
      for (let k = 0; k < n; k += 1) {
        const i = Math.floor(random() * n);
        counts[i] = (counts[i] ?? 0) + 1;
      }
      const rows: number[] = [];
      for (let i = 0; i < n; i += 1) {
        const c = (counts[i] ?? 0) * (w[i] ?? 0);
        h[i] = c;
        g[i] = c * (y[i] ?? 0);
        if (c > 0) rows.push(i);
      }
      trees.push(growTree(data, g, h, Int32Array.from(rows), { maxDepth: this.params.maxDepth, minSamplesLeaf: this.params.minSamplesLeaf, lambda: 0, featuresPerSplit }, random));
    }
    this.trees = trees;
    return this;
  }

  predictProba(X: Matrix): Float64Array {
    const trees = this.fitted();
    return Float64Array.from(X, (row) => {
      let s = 0;
      for (const tree of trees) s += treeValue(tree, row);
      return s / trees.length;
    });
  }

  private fitted(): FlatTree[] {
    if (this.trees === undefined) throw new Error('random forest is not fitted');
    return this.trees;
  }

  toJSON(): ModelJson {
    return { kind: this.kind, version: 1, params: { ...this.params }, state: { trees: this.fitted() } };
  }

  static restore(params: RandomForestParams, state: { trees: FlatTree[] }): RandomForest {
    const m = new RandomForest(params);
    m.trees = state.trees;
    return m;
  }
}

export interface GradientBoostingParams {
  readonly estimators: number;
  readonly learningRate: number;
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  /** L2 on leaf values (XGBoost's λ). */
  readonly lambda: number;
  /** Fraction of rows drawn (without replacement) for each tree. */
  readonly subsample: number;
  readonly maxBins: number;
}

/**
 * Gradient-boosted trees on the weighted logistic loss (Friedman 2001; second-order leaves as in
 * XGBoost, Chen & Guestrin 2016): F₀ = logit of the weighted base rate; each tree fits
 * g = w·(y − p), h = w·p·(1 − p) and adds learningRate · G/(H + λ) per leaf; P(y = 1) = σ(F).
 */
export class GradientBoosting implements BinaryClassifier {
  readonly kind = 'gradient-boosting';
  readonly params: GradientBoostingParams;
  private state: { base: number; trees: FlatTree[] } | undefined;

  constructor(params: Partial<GradientBoostingParams> = {}) {
    this.params = {
      estimators: params.estimators ?? 100,
      learningRate: params.learningRate ?? 0.05,
      maxDepth: params.maxDepth ?? 3,
      minSamplesLeaf: params.minSamplesLeaf ?? 20,
      lambda: params.lambda ?? 1,
      subsample: params.subsample ?? 0.8,
      maxBins: params.maxBins ?? 32,
    };
  }

  fit(X: Matrix, y: ArrayLike<number>, weights?: ArrayLike<number>, seed = 1): this {
    const w = checkFitInput(X, y, weights);
    const n = X.length;
    const d = X[0]?.length ?? 0;
    const data = binFeatures(X, this.params.maxBins);
    const random = mulberry32(seed);
    let sw = 0;
    let swy = 0;
    for (let i = 0; i < n; i += 1) {
      sw += w[i] ?? 0;
      swy += (w[i] ?? 0) * (y[i] ?? 0);
    }
    const base = logit(swy / sw);
    const F = new Float64Array(n).fill(base);
    const g = new Float64Array(n);
    const h = new Float64Array(n);
    const perm = Int32Array.from({ length: n }, (_, i) => i);
    const take = Math.max(1, Math.round(this.params.subsample * n));
    const trees: FlatTree[] = [];
    for (let t = 0; t < this.params.estimators; t += 1) {
      for (let i = 0; i < n; i += 1) {
        const p = sigmoid(F[i] ?? 0);
        g[i] = (w[i] ?? 0) * ((y[i] ?? 0) - p);
        h[i] = (w[i] ?? 0) * p * (1 - p);
      }
      for (let a = 0; a < take; a += 1) {
        const b = a + Math.floor(random() * (n - a));
        const tmp = perm[a] ?? 0;
        perm[a] = perm[b] ?? 0;
        perm[b] = tmp;
      }
      const rows = Int32Array.from(perm.subarray(0, take)).sort();
      const raw = growTree(data, g, h, rows, { maxDepth: this.params.maxDepth, minSamplesLeaf: this.params.minSamplesLeaf, lambda: this.params.lambda, featuresPerSplit: d }, random);
      const tree: FlatTree = { ...raw, value: raw.value.map((v) => v * this.params.learningRate) };
      trees.push(tree);
      for (let i = 0; i < n; i += 1) F[i] = (F[i] ?? 0) + treeValue(tree, X[i] as Float64Array);
    }
    this.state = { base, trees };
    return this;
  }

  /** The additive score F(x) (log-odds). */
  decision(X: Matrix): Float64Array {
    const s = this.fitted();
    return Float64Array.from(X, (row) => {
      let f = s.base;
      for (const tree of s.trees) f += treeValue(tree, row);
      return f;
    });
  }

  predictProba(X: Matrix): Float64Array {
    return this.decision(X).map(sigmoid);
  }

  private fitted(): { base: number; trees: FlatTree[] } {
    if (this.state === undefined) throw new Error('gradient boosting is not fitted');
    return this.state;
  }

  toJSON(): ModelJson {
    return { kind: this.kind, version: 1, params: { ...this.params }, state: this.fitted() };
  }

  static restore(params: GradientBoostingParams, state: { base: number; trees: FlatTree[] }): GradientBoosting {
    const m = new GradientBoosting(params);
    m.state = state;
    return m;
  }
}
