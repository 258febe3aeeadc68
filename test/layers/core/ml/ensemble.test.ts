import { mulberry32 } from '../../../../layers/core/analytics';
import { buildDataset, loadEnsemble, trainEnsemble, type Dataset, type EnsembleConfig, type ModelSpec } from '../../../../layers/core/ml';
import { syntheticBars } from './synthetic';

/** Small models so a test trains in seconds under Jest (the CLI uses DEFAULT_MODEL_SPECS). */
const FAST_MODELS: readonly ModelSpec[] = [
  { kind: 'logistic' },
  { kind: 'ridge' },
  { kind: 'naive-bayes' },
  { kind: 'knn', params: { k: 25 } },
  { kind: 'random-forest', params: { trees: 20, maxDepth: 4, minSamplesLeaf: 20 } },
  { kind: 'gradient-boosting', params: { estimators: 30, learningRate: 0.1, maxDepth: 2, minSamplesLeaf: 20 } },
  { kind: 'mlp', params: { hidden: 8, epochs: 8 } },
];
const CONFIG: Partial<EnsembleConfig> = { models: FAST_MODELS, folds: 4, resamples: 300, seed: 3 };

function shuffledLabels(d: Dataset, seed: number): Dataset {
  const random = mulberry32(seed);
  const y = Uint8Array.from(d.y);
  for (let i = y.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const t = y[i] ?? 0;
    y[i] = y[j] ?? 0;
    y[j] = t;
  }
  return { ...d, y };
}

describe('ensemble training and evaluation (SYNTHETIC data)', () => {
  const planted = buildDataset(syntheticBars(900, 11, { signal: 0.6, signalSpan: 5 }), { kind: 'direction', horizon: 3 });

  it('finds a planted signal: every ensemble well above chance on the untouched hold-out, and above always-up', () => {
    const progress: number[] = [];
    const { report, artefact } = trainEnsemble(planted, CONFIG, (done, total) => progress.push(done / total));
    expect(progress).toHaveLength(FAST_MODELS.length * 5);
    expect(progress[progress.length - 1]).toBe(1);
    for (const name of ['ensemble-soft-vote', 'ensemble-soft-vote-calibrated', 'ensemble-stacked']) {
      const acc = report.holdout[name]?.accuracy;
      expect(acc?.estimate ?? 0).toBeGreaterThan(0.65);
      expect(acc?.lower ?? 0).toBeGreaterThan(0.55);
      expect(report.holdout[name]?.auc.lower ?? 0).toBeGreaterThan(0.6);
    }
    expect(report.holdout['ensemble-soft-vote']?.accuracy.estimate ?? 0).toBeGreaterThan((report.holdout['baseline-always-up']?.accuracy.estimate ?? 1) + 0.1);
    // the report is complete and honest about its split
    expect(report.rows.development + report.rows.holdout + report.rows.purgedBeforeHoldout).toBe(report.rows.total);
    expect(report.periods.development.to < report.periods.holdout.from).toBe(true);
    expect(report.cv.folds).toHaveLength(4);
    for (const f of report.cv.folds) expect(f.purged).toBeGreaterThan(0);
    expect(Object.values(report.weights).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(artefact.models).toHaveLength(7);
    for (const m of Object.values(report.holdout)) {
      for (const v of Object.values(m)) {
        expect(v.lower).toBeLessThanOrEqual(v.estimate + 1e-12);
        expect(v.upper).toBeGreaterThanOrEqual(v.estimate - 1e-12);
      }
    }
  });

  it('on shuffled labels the ensembles are indistinguishable from chance (95 % intervals contain 0.5)', () => {
    // a driftless walk with its labels shuffled in time. Chance accuracy is ½ only where the hold-out's
    // up-rate is near ½ (this seed: 0.52); on a lopsided hold-out (seed 13: 0.42) a forecast that
    // learnt nothing but the base rate scores its majority share, and balanced accuracy and AUC are the
    // chance-level checks. A constant forecast has the degenerate interval [0.5, 0.5]: it contains 0.5.
    const noise = shuffledLabels(buildDataset(syntheticBars(900, 14), { kind: 'direction', horizon: 3 }), 5);
    const { report } = trainEnsemble(noise, CONFIG);
    for (const name of ['ensemble-soft-vote', 'ensemble-soft-vote-calibrated', 'ensemble-stacked']) {
      const m = report.holdout[name];
      for (const metric of ['accuracy', 'balancedAccuracy', 'auc'] as const) {
        expect(m?.[metric].lower ?? 1).toBeLessThanOrEqual(0.5);
        expect(m?.[metric].upper ?? 0).toBeGreaterThanOrEqual(0.5);
      }
    }
  });

  it('the artefact survives JSON and predicts the hold-out as training did; live bars give the same forecast', () => {
    const bars = syntheticBars(500, 12, { signal: 0.6 });
    const d = buildDataset(bars, { kind: 'triple-barrier', horizon: 5 });
    const result = trainEnsemble(d, { ...CONFIG, calibration: 'platt', resamples: 50 });
    const predictor = loadEnsemble(JSON.parse(JSON.stringify(result.artefact)));
    const n = d.X.length;
    const h0 = n - result.report.rows.holdout;
    for (const k of [0, 7, result.report.rows.holdout - 1]) {
      const row = d.X[h0 + k] as Float64Array;
      const p = predictor.predictRow(row);
      expect(p.softVote).toBeCloseTo(result.holdoutPredictions['ensemble-soft-vote']?.[k] ?? Number.NaN, 12);
      expect(p.probability).toBeCloseTo(result.holdoutPredictions['ensemble-soft-vote-calibrated']?.[k] ?? Number.NaN, 12);
      expect(p.stacked).toBeCloseTo(result.holdoutPredictions['ensemble-stacked']?.[k] ?? Number.NaN, 12);
      expect(p.models['knn']).toBe(result.holdoutPredictions['knn']?.[k]);
      const t = d.start[h0 + k] ?? 0;
      expect(predictor.predictLatest(bars.slice(0, t + 1))).toEqual(p);
    }
    expect(() => loadEnsemble({ ...result.artefact, featureNames: ['x'] })).toThrow(/other features/);
    expect(() => loadEnsemble({ ...result.artefact, kind: 'other' })).toThrow();
  });
});
