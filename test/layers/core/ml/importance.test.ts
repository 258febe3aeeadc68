import { mulberry32 } from '../../../../layers/core/analytics';
import { LogisticRegression, permutationImportance, type Matrix } from '../../../../layers/core/ml';

/**
 * SYNTHETIC data (not market data): 4 standard-normal-ish features; only column 2 ("signal") decides the
 * label (y = 1 when signal + small noise > 0); the others are pure noise.
 */
function synthetic(n: number, seed: number): { X: Float64Array[]; y: Uint8Array } {
  const random = mulberry32(seed);
  const X: Float64Array[] = [];
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i += 1) {
    const row = Float64Array.from({ length: 4 }, () => random() * 2 - 1);
    X.push(row);
    y[i] = (row[2] ?? 0) + 0.2 * (random() * 2 - 1) > 0 ? 1 : 0;
  }
  return { X, y };
}

const NAMES = ['noise_a', 'noise_b', 'signal', 'noise_c'];

describe('permutationImportance', () => {
  const train = synthetic(300, 1);
  const test = synthetic(200, 2);
  const model = new LogisticRegression({ l2: 0.01 }).fit(train.X, train.y);
  const predict = (X: Matrix): Float64Array => model.predictProba(X);

  it('ranks the one planted informative feature first, by a wide margin', () => {
    const r = permutationImportance({ X: test.X, y: test.y, predict, featureNames: NAMES, repeats: 3, seed: 5 });
    expect(r.metric).toBe('logLoss');
    expect(r.lowerIsBetter).toBe(true);
    expect(r.features.map((f) => f.feature)[0]).toBe('signal');
    const signal = r.features[0];
    expect(signal?.mean ?? 0).toBeGreaterThan(0.3); // log loss rises a lot when the signal is shuffled
    for (const f of r.features.slice(1)) expect(Math.abs(f.mean)).toBeLessThan(0.05 * (signal?.mean ?? 0));
    expect(r.baseline).toBeLessThan(Math.log(2));
  });

  it('a feature the model ignores changes the score by exactly 0', () => {
    // a predictor that reads column 2 only: shuffling any other column cannot change a probability
    const onlySignal = (X: Matrix): Float64Array => Float64Array.from(X, (row) => 1 / (1 + Math.exp(-8 * (row[2] ?? 0))));
    const r = permutationImportance({ X: test.X, y: test.y, predict: onlySignal, featureNames: NAMES, repeats: 2, seed: 1, metric: 'auc' });
    expect(r.lowerIsBetter).toBe(false);
    for (const f of r.features.filter((x) => x.feature !== 'signal')) {
      expect(f.mean).toBe(0);
      expect(f.std).toBe(0);
    }
    expect(r.features[0]?.feature).toBe('signal');
    expect(r.features[0]?.mean ?? 0).toBeGreaterThan(0.3); // AUC falls from ~0.97 towards 0.5
  });

  it('is deterministic with a seed, differs with another, and leaves the input rows untouched', () => {
    const before = test.X.map((row) => Array.from(row));
    const a = permutationImportance({ X: test.X, y: test.y, predict, featureNames: NAMES, repeats: 2, seed: 9 });
    const b = permutationImportance({ X: test.X, y: test.y, predict, featureNames: NAMES, repeats: 2, seed: 9 });
    const c = permutationImportance({ X: test.X, y: test.y, predict, featureNames: NAMES, repeats: 2, seed: 10 });
    expect(b).toEqual(a);
    expect(c.features.find((f) => f.feature === 'signal')?.drops).not.toEqual(a.features.find((f) => f.feature === 'signal')?.drops);
    expect(test.X.map((row) => Array.from(row))).toEqual(before);
  });

  it('refuses bad input', () => {
    expect(() => permutationImportance({ X: test.X, y: test.y, predict, featureNames: ['a'], seed: 1 })).toThrow(/feature names/);
    expect(() => permutationImportance({ X: test.X, y: test.y, predict, featureNames: NAMES, seed: 1, repeats: 0 })).toThrow(/repeats/);
    expect(() => permutationImportance({ X: [], y: [], predict, featureNames: NAMES, seed: 1 })).toThrow(/no rows/);
  });
});
