import { mulberry32 } from '../../../../layers/core/analytics';
import {
  createModel,
  fitLogisticCoefficients,
  fitRidgeCoefficients,
  GaussianNaiveBayes,
  GradientBoosting,
  growTree,
  binFeatures,
  KNearestNeighbours,
  LogisticRegression,
  MODEL_KINDS,
  modelFromJSON,
  MultilayerPerceptron,
  RandomForest,
  RidgeClassifier,
  sigmoid,
  solveSpd,
  type BinaryClassifier,
  type Matrix,
} from '../../../../layers/core/ml';

const rows = (data: readonly (readonly number[])[]): Float64Array[] => data.map((r) => Float64Array.from(r));

/** SYNTHETIC: n rows of d uniform features in [−1, 1]. */
function uniformRows(n: number, d: number, seed: number): Float64Array[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => Float64Array.from({ length: d }, () => 2 * random() - 1));
}

const accuracyOf = (model: BinaryClassifier, X: Matrix, y: ArrayLike<number>): number => {
  const p = model.predictProba(X);
  let ok = 0;
  p.forEach((v, i) => (ok += (v >= 0.5 ? 1 : 0) === y[i] ? 1 : 0));
  return ok / X.length;
};

describe('linear algebra', () => {
  it('solves an SPD system (hand 2×2)', () => {
    // [[4, 2], [2, 3]] x = [2, 1] → x = [0.5, 0]
    expect(Array.from(solveSpd(Float64Array.of(4, 2, 2, 3), Float64Array.of(2, 1)))).toEqual([0.5, 0]);
  });
});

describe('logistic regression', () => {
  it('λ = 0 on a binary feature reproduces the closed-form MLE (the group frequencies)', () => {
    // x = 0: 3 of 10 up; x = 1: 7 of 10 up → intercept logit(0.3), slope logit(0.7) − logit(0.3)
    const X = rows([...Array.from({ length: 10 }, () => [0]), ...Array.from({ length: 10 }, () => [1])]);
    const y = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0];
    const c = fitLogisticCoefficients(X, y, new Float64Array(20).fill(1), 0);
    expect(c.intercept).toBeCloseTo(Math.log(0.3 / 0.7), 9);
    expect(c.coef[0]).toBeCloseTo(Math.log(0.7 / 0.3) - Math.log(0.3 / 0.7), 9);
    const m = new LogisticRegression({ l2: 0 }).fit(X, y);
    const p = m.predictProba(rows([[0], [1]]));
    expect(p[0]).toBeCloseTo(0.3, 9);
    expect(p[1]).toBeCloseTo(0.7, 9);
  });

  it('λ > 0: the gradient of the penalised weighted objective vanishes at the fit (KKT, computed independently)', () => {
    const X = uniformRows(200, 3, 11);
    const random = mulberry32(12);
    const y = X.map((r) => (random() < sigmoid(1.5 * (r[0] ?? 0) - (r[1] ?? 0)) ? 1 : 0));
    const w = Float64Array.from({ length: 200 }, () => 0.5 + random());
    const lambda = 0.05;
    const c = fitLogisticCoefficients(X, y, w, lambda);
    const W = w.reduce((a, b) => a + b, 0);
    const g = [0, 0, 0, 0];
    X.forEach((r, i) => {
      const p = sigmoid(c.intercept + c.coef.reduce((s, b, j) => s + b * (r[j] ?? 0), 0));
      const e = ((w[i] ?? 0) * (p - (y[i] ?? 0))) / W;
      g[0] = (g[0] ?? 0) + e;
      for (let j = 0; j < 3; j += 1) g[j + 1] = (g[j + 1] ?? 0) + e * (r[j] ?? 0);
    });
    for (let j = 0; j < 3; j += 1) g[j + 1] = (g[j + 1] ?? 0) + lambda * (c.coef[j] ?? 0);
    for (const v of g) expect(Math.abs(v)).toBeLessThan(1e-10);
  });

  it('integer weights equal duplicated rows; zero weights equal dropped rows', () => {
    const X = uniformRows(60, 2, 3);
    const y: number[] = X.map((r) => ((r[0] ?? 0) + 0.3 * (r[1] ?? 0) > 0.1 ? 1 : 0));
    y[0] = 1 - (y[0] ?? 0);
    y[1] = 1 - (y[1] ?? 0);
    const w = Float64Array.from({ length: 60 }, (_, i) => (i < 10 ? 2 : i < 20 ? 0 : 1));
    const dupX: Float64Array[] = [];
    const dupY: number[] = [];
    X.forEach((r, i) => {
      for (let k = 0; k < (w[i] ?? 0); k += 1) {
        dupX.push(r);
        dupY.push(y[i] ?? 0);
      }
    });
    const a = fitLogisticCoefficients(X, y, w, 0.01);
    const b = fitLogisticCoefficients(dupX, dupY, new Float64Array(dupX.length).fill(1), 0.01);
    expect(a.intercept).toBeCloseTo(b.intercept, 10);
    a.coef.forEach((v, j) => expect(v).toBeCloseTo(b.coef[j] ?? Number.NaN, 10));
  });
});

describe('ridge classifier', () => {
  it('λ = 0 is ordinary least squares on ±1 targets (closed form, one feature)', () => {
    const X = rows([[0], [1], [2], [3], [4]]);
    const y = [0, 0, 1, 0, 1];
    const t = y.map((v) => 2 * v - 1);
    const mx = 2;
    const mt = t.reduce((a, b) => a + b, 0) / 5;
    const slope = X.reduce((s, r, i) => s + ((r[0] ?? 0) - mx) * ((t[i] ?? 0) - mt), 0) / 10;
    const c = fitRidgeCoefficients(X, y, new Float64Array(5).fill(1), 0);
    expect(c.coef[0]).toBeCloseTo(slope, 12);
    expect(c.intercept).toBeCloseTo(mt - slope * mx, 12);
  });

  it('λ > 0 matches the 2 × 2 normal equations solved by Cramer’s rule', () => {
    const X = rows([[1], [2], [4], [7]]);
    const y = [0, 1, 0, 1];
    const lambda = 3;
    // [[n, Σx], [Σx, Σx² + λ]] [b, β] = [Σt, Σxt]
    const t = y.map((v) => 2 * v - 1);
    const sx = 14;
    const sxx = 1 + 4 + 16 + 49 + lambda;
    const st = t.reduce((a, b) => a + b, 0);
    const sxt = X.reduce((s, r, i) => s + (r[0] ?? 0) * (t[i] ?? 0), 0);
    const det = 4 * sxx - sx * sx;
    const c = fitRidgeCoefficients(X, y, new Float64Array(4).fill(1), lambda);
    expect(c.intercept).toBeCloseTo((st * sxx - sx * sxt) / det, 12);
    expect(c.coef[0]).toBeCloseTo((4 * sxt - sx * st) / det, 12);
  });

  it('separates a linearly separable set; probabilities are monotone in the score', () => {
    const X = uniformRows(300, 3, 5);
    const y = X.map((r) => ((r[0] ?? 0) - (r[2] ?? 0) > 0 ? 1 : 0));
    const m = new RidgeClassifier().fit(X, y);
    expect(accuracyOf(m, X, y)).toBeGreaterThan(0.95);
    const s = m.decision(X);
    const p = m.predictProba(X);
    const order = Array.from(s.keys()).sort((a, b) => (s[a] ?? 0) - (s[b] ?? 0));
    for (let k = 1; k < order.length; k += 1) expect(p[order[k] ?? 0] ?? 0).toBeGreaterThanOrEqual(p[order[k - 1] ?? 0] ?? 0);
  });
});

describe('Gaussian naive Bayes', () => {
  it('matches a hand computation', () => {
    // class 0: x ∈ {0, 2} (mean 1, var 1); class 1: x ∈ {4, 6} (mean 5, var 1); equal priors
    const m = new GaussianNaiveBayes({ varSmoothing: 0 }).fit(rows([[0], [2], [4], [6]]), [0, 0, 1, 1]);
    const p = m.predictProba(rows([[3], [4], [1]]));
    expect(p[0]).toBeCloseTo(0.5, 14);
    // log-odds at 4: ((4 − 1)² − (4 − 5)²)/2 = 4
    expect(p[1]).toBeCloseTo(sigmoid(4), 14);
    // at 1: (0 − 16)/2 = −8
    expect(p[2]).toBeCloseTo(sigmoid(-8), 14);
  });

  it('weights act as priors and moments; two features multiply', () => {
    // class 1 weighted 3×: prior 3/4 → at the midpoint the odds are 3
    const m = new GaussianNaiveBayes({ varSmoothing: 0 }).fit(rows([[0, 0], [2, 2], [4, 0], [6, 2]]), [0, 0, 1, 1], [1, 1, 3, 3]);
    const p = m.predictProba(rows([[3, 1]]));
    expect(p[0]).toBeCloseTo(0.75, 14);
  });
});

describe('k-nearest neighbours', () => {
  it('neighbours and probabilities equal a brute-force sort', () => {
    const X = uniformRows(120, 4, 21);
    const y = X.map((r) => ((r[1] ?? 0) > 0 ? 1 : 0));
    const k = 7;
    const m = new KNearestNeighbours({ k }).fit(X, y);
    const mean = [0, 1, 2, 3].map((j) => X.reduce((s, r) => s + (r[j] ?? 0), 0) / X.length);
    const sd = [0, 1, 2, 3].map((j) => Math.sqrt(X.reduce((s, r) => s + ((r[j] ?? 0) - (mean[j] ?? 0)) ** 2, 0) / X.length));
    const z = (r: Float64Array): number[] => Array.from(r, (v, j) => (v - (mean[j] ?? 0)) / (sd[j] ?? 1));
    for (const q of uniformRows(15, 4, 22)) {
      const zq = z(q);
      const brute = X.map((r, i) => ({ i, d: z(r).reduce((s, v, j) => s + (v - (zq[j] ?? 0)) ** 2, 0) }))
        .sort((a, b) => a.d - b.d || a.i - b.i)
        .slice(0, k)
        .map((e) => e.i);
      expect(m.neighbours(q)).toEqual(brute);
      expect(m.predictProba([q])[0]).toBeCloseTo(brute.filter((i) => y[i] === 1).length / k, 14);
    }
  });
});

describe('trees', () => {
  it('a single tree finds the separating threshold on a separable case', () => {
    const X = rows([[0.1, 5], [0.2, 1], [0.3, 4], [0.7, 2], [0.8, 3], [0.9, 0]]);
    const y = Float64Array.of(0, 0, 0, 1, 1, 1);
    const data = binFeatures(X, 32);
    const tree = growTree(data, y, new Float64Array(6).fill(1), Int32Array.of(0, 1, 2, 3, 4, 5), { maxDepth: 3, minSamplesLeaf: 1, lambda: 0, featuresPerSplit: 2 }, mulberry32(1));
    expect(tree.feature[0]).toBe(0);
    expect(tree.threshold[0]).toBe(0.3);
    expect(tree.value[tree.left[0] ?? 0]).toBe(0);
    expect(tree.value[tree.right[0] ?? 0]).toBe(1);
    expect(tree.feature).toHaveLength(3);
  });

  it('random forest and gradient boosting separate a separable set and an XOR', () => {
    const X = uniformRows(400, 3, 31);
    const yLine = X.map((r) => ((r[0] ?? 0) > 0.3 ? 1 : 0));
    const yXor = X.map((r) => ((r[0] ?? 0) > 0 !== (r[1] ?? 0) > 0 ? 1 : 0));
    const test = uniformRows(200, 3, 32);
    const tLine = test.map((r) => ((r[0] ?? 0) > 0.3 ? 1 : 0));
    const tXor = test.map((r) => ((r[0] ?? 0) > 0 !== (r[1] ?? 0) > 0 ? 1 : 0));
    const rf = new RandomForest({ trees: 30, minSamplesLeaf: 2, maxFeatures: 3 }).fit(X, yLine, undefined, 1);
    expect(accuracyOf(rf, test, tLine)).toBeGreaterThan(0.97);
    const gb = new GradientBoosting({ estimators: 60, learningRate: 0.3, minSamplesLeaf: 5 }).fit(X, yXor, undefined, 1);
    expect(accuracyOf(gb, test, tXor)).toBeGreaterThan(0.95);
    const rfXor = new RandomForest({ trees: 40, minSamplesLeaf: 2, maxFeatures: 3 }).fit(X, yXor, undefined, 2);
    expect(accuracyOf(rfXor, test, tXor)).toBeGreaterThan(0.93);
  });
});

describe('MLP', () => {
  it('learns a non-linear boundary (a disc) that no linear model can', () => {
    const X = uniformRows(400, 2, 41);
    const y = X.map((r) => ((r[0] ?? 0) ** 2 + (r[1] ?? 0) ** 2 < 0.5 ? 1 : 0));
    const test = uniformRows(200, 2, 42);
    const ty = test.map((r) => ((r[0] ?? 0) ** 2 + (r[1] ?? 0) ** 2 < 0.5 ? 1 : 0));
    const mlp = new MultilayerPerceptron({ hidden: 8, epochs: 150, batchSize: 32, learningRate: 0.02, l2: 0 }).fit(X, y, undefined, 3);
    expect(accuracyOf(mlp, test, ty)).toBeGreaterThan(0.9);
    const linear = new LogisticRegression().fit(X, y);
    expect(accuracyOf(linear, test, ty)).toBeLessThan(0.75);
  });
});

describe('every model', () => {
  const X = uniformRows(150, 4, 51);
  const random = mulberry32(52);
  const y = X.map((r) => (random() < sigmoid(3 * (r[0] ?? 0)) ? 1 : 0));
  const w = Float64Array.from({ length: 150 }, () => 0.2 + random());
  const fast: Record<(typeof MODEL_KINDS)[number], Record<string, number>> = {
    logistic: {},
    ridge: {},
    'naive-bayes': {},
    knn: { k: 9 },
    'random-forest': { trees: 10 },
    'gradient-boosting': { estimators: 10 },
    mlp: { epochs: 40 },
  };

  it.each(MODEL_KINDS)('%s: probabilities in [0, 1], seeded determinism, JSON round trip predicts bit-identically', (kind) => {
    const a = createModel({ kind, params: fast[kind] }).fit(X, y, w, 7);
    const b = createModel({ kind, params: fast[kind] }).fit(X, y, w, 7);
    const pa = a.predictProba(X);
    expect(Array.from(b.predictProba(X))).toEqual(Array.from(pa));
    for (const p of pa) expect(p >= 0 && p <= 1).toBe(true);
    const restored = modelFromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect(restored.kind).toBe(kind);
    expect(Array.from(restored.predictProba(X))).toEqual(Array.from(pa));
    // better than chance in sample on a strong signal
    expect(accuracyOf(a, X, y)).toBeGreaterThan(0.6);
  });

  it('rejects malformed artefacts and bad input', () => {
    expect(() => modelFromJSON({ kind: 'logistic', version: 1, params: {}, state: { intercept: 'x' } })).toThrow();
    expect(() => modelFromJSON({ kind: 'svm', version: 1, params: {}, state: {} })).toThrow();
    expect(() => new LogisticRegression().fit(X, [2, ...y.slice(1)])).toThrow(/expected 0 or 1/);
    expect(() => new LogisticRegression().predictProba(X)).toThrow(/not fitted/);
  });
});
