/**
 * Training and honest evaluation of the ensemble (issue 7).
 *
 * Method, in time order of the rows:
 * 1. The last `holdoutFraction` of the rows is the HOLD-OUT, untouched until the end. Development
 *    rows whose label span reaches into the hold-out's first decision bar are purged (research's
 *    `purgeAround`), so no development label was decided with hold-out information.
 * 2. On the development rows, purged k-fold CV with an embargo (research's `purgedKFold`) gives every
 *    base model out-of-fold (OOF) probabilities.
 * 3. Soft-voting weights ∝ max(0, OOF AUC − 0.5) (equal weights when no model beats 0.5); a calibrator
 *    (Platt or isotonic) is fitted on the OOF soft vote; the stacking meta-learner (L2 logistic
 *    regression on the logits of the OOF probabilities) is fitted on the same OOF rows.
 * 4. Every base model is refitted on all development rows (uniqueness weights) and, with the weights,
 *    calibrator and meta-learner of step 3, predicts the hold-out once.
 * 5. Hold-out metrics with stationary-bootstrap intervals, next to two naive baselines whose only
 *    fitted numbers also come from the development rows.
 */
import { z } from 'zod';
import { purgeAround, purgedKFold } from '../research';
import { calibrate, CalibratorJsonSchema, fitCalibrator, type CalibrationMethod, type CalibratorJson } from './calibration';
import { takeRows, type Dataset, type LabelConfig } from './dataset';
import { classificationMetrics, metricsWithIntervals, type MetricInterval, type MetricName } from './evaluation';
import { FEATURE_LOOKBACK, FEATURE_NAMES, latestFeatures, type FeatureBar } from './features';
import { createModel, LogisticRegression, modelFromJSON, type ModelKernels, type ModelSpec } from './models';
import { logit, type BinaryClassifier, type ModelJson } from './types';

/** The seven base models with the defaults the `train` command uses. */
export const DEFAULT_MODEL_SPECS: readonly ModelSpec[] = [
  { kind: 'logistic', params: { l2: 0.01 } },
  { kind: 'ridge', params: { alpha: 0.01 } },
  { kind: 'naive-bayes' },
  { kind: 'knn', params: { k: 50 } },
  { kind: 'random-forest', params: { trees: 100, maxDepth: 6, minSamplesLeaf: 20 } },
  { kind: 'gradient-boosting', params: { estimators: 100, learningRate: 0.05, maxDepth: 3, minSamplesLeaf: 30 } },
  { kind: 'mlp', params: { hidden: 16, epochs: 30, l2: 0.001 } },
];

export interface EnsembleConfig {
  readonly models: readonly ModelSpec[];
  readonly folds: number;
  /** Embargo after each test fold as a fraction of the development rows. */
  readonly embargo: number;
  readonly holdoutFraction: number;
  readonly calibration: CalibrationMethod;
  readonly seed: number;
  readonly resamples: number;
  readonly level: number;
  /** Where the models compute (the MLP's training kernel); CPU float64 when absent. Not part of the report. */
  readonly kernels?: ModelKernels;
}

export const DEFAULT_ENSEMBLE_CONFIG: EnsembleConfig = {
  models: DEFAULT_MODEL_SPECS,
  folds: 5,
  embargo: 0.01,
  holdoutFraction: 0.2,
  calibration: 'isotonic',
  seed: 1,
  resamples: 1000,
  level: 0.95,
};

/** Called after each model fit: `done` of `total` fits. */
export type TrainProgress = (done: number, total: number) => void;

/** The serialised ensemble: everything the signal engine needs to turn bars into P(up). */
export interface EnsembleArtefact {
  readonly kind: 'tradeloop-ensemble';
  readonly version: 1;
  readonly featureNames: readonly string[];
  readonly lookback: number;
  readonly label: LabelConfig;
  /** Last decision date of the development rows the final models were fitted on. */
  readonly trainedThrough: string;
  readonly models: readonly { readonly name: string; readonly weight: number; readonly model: ModelJson }[];
  readonly calibrator: CalibratorJson;
  readonly meta: ModelJson;
}

/** One forecast of the ensemble for one bar. */
export interface EnsemblePrediction {
  /** The primary forecast: the calibrated soft vote. */
  readonly probability: number;
  readonly softVote: number;
  readonly stacked: number;
  readonly models: Readonly<Record<string, number>>;
}

export type MetricsWithIntervals = Readonly<Record<MetricName, MetricInterval>>;

export interface TrainingReport {
  readonly method: readonly string[];
  readonly rows: { readonly total: number; readonly development: number; readonly holdout: number; readonly purgedBeforeHoldout: number };
  readonly periods: {
    readonly development: { readonly from: string; readonly to: string };
    readonly holdout: { readonly from: string; readonly to: string };
  };
  readonly upRate: { readonly development: number; readonly holdout: number };
  readonly cv: {
    readonly folds: readonly { readonly fold: number; readonly train: number; readonly test: number; readonly purged: number; readonly embargoed: number }[];
    /** Point OOF metrics of each base model on the development rows. */
    readonly outOfFold: Readonly<Record<string, Readonly<Record<MetricName, number>>>>;
  };
  readonly weights: Readonly<Record<string, number>>;
  /** The baselines' numbers fitted on the development rows. */
  readonly baselines: { readonly alwaysUpProbability: number; readonly lastReturnSignHitRate: number; readonly lastReturnSignProbability: number };
  /** Hold-out metrics with intervals: each base model, the ensembles and the baselines. */
  readonly holdout: Readonly<Record<string, MetricsWithIntervals>>;
  readonly intervals: { readonly method: string; readonly resamples: number; readonly level: number; readonly meanBlockLength: number; readonly seed: number };
  readonly config: { readonly folds: number; readonly embargo: number; readonly holdoutFraction: number; readonly calibration: CalibrationMethod; readonly seed: number; readonly models: readonly ModelSpec[] };
}

export interface TrainingResult {
  readonly artefact: EnsembleArtefact;
  readonly report: TrainingReport;
  /** Hold-out probabilities by forecast name (same names as report.holdout), and the labels. */
  readonly holdoutPredictions: Readonly<Record<string, Float64Array>>;
  readonly holdoutLabels: Uint8Array;
}

/** Names of base models in an ensemble: the kind, suffixed when a kind appears twice. */
function modelNames(specs: readonly ModelSpec[]): string[] {
  const seen = new Map<string, number>();
  return specs.map((s) => {
    const k = (seen.get(s.kind) ?? 0) + 1;
    seen.set(s.kind, k);
    return k === 1 ? s.kind : `${s.kind}-${k}`;
  });
}

const clip = (p: number): number => Math.min(1 - 1e-6, Math.max(1e-6, p));

/** Soft vote of per-model probabilities with weights summing to 1. */
function softVote(probs: readonly ArrayLike<number>[], weights: readonly number[], i: number): number {
  let s = 0;
  probs.forEach((p, m) => (s += (weights[m] ?? 0) * (p[i] ?? 0.5)));
  return s;
}

/** Trains every base model, the soft vote and the stack, and evaluates all on the untouched hold-out. */
export function trainEnsemble(dataset: Dataset, options: Partial<EnsembleConfig> = {}, onProgress?: TrainProgress): TrainingResult {
  const cfg: EnsembleConfig = { ...DEFAULT_ENSEMBLE_CONFIG, ...options };
  const n = dataset.X.length;
  if (!(cfg.holdoutFraction > 0 && cfg.holdoutFraction < 1)) throw new RangeError(`holdoutFraction must be in (0, 1), got ${cfg.holdoutFraction}`);
  const holdoutSize = Math.round(n * cfg.holdoutFraction);
  const h0 = n - holdoutSize;
  if (holdoutSize < 20 || h0 < 10 * cfg.folds) throw new RangeError(`too few rows (${n}) for a hold-out of ${cfg.holdoutFraction} and ${cfg.folds} folds`);
  const spans = { start: dataset.start, end: dataset.end };
  const holdoutIdx = Array.from({ length: holdoutSize }, (_, k) => h0 + k);
  const split = purgeAround(spans, holdoutIdx, 0);
  const dev = split.train;
  const devSpans = { start: Int32Array.from(dev, (i) => dataset.start[i] ?? 0), end: Int32Array.from(dev, (i) => dataset.end[i] ?? 0) };
  const devData = takeRows(dataset, dev);
  const holdData = takeRows(dataset, holdoutIdx);
  const folds = purgedKFold(devSpans, { folds: cfg.folds, embargo: cfg.embargo });
  const names = modelNames(cfg.models);
  const M = cfg.models.length;
  const totalFits = M * (cfg.folds + 1);
  let fits = 0;
  const tick = (): void => {
    fits += 1;
    onProgress?.(fits, totalFits);
  };

  // 2. out-of-fold probabilities on the development rows
  const oof = names.map(() => new Float64Array(dev.length).fill(Number.NaN));
  for (const fold of folds) {
    const train = takeRows(devData, fold.train);
    const testX = fold.test.map((i) => devData.X[i] as Float64Array);
    cfg.models.forEach((spec, m) => {
      const model = createModel(spec, cfg.kernels).fit(train.X, train.y, train.weights, cfg.seed + 1000 * (fold.fold + 1) + m);
      const p = model.predictProba(testX);
      fold.test.forEach((i, k) => ((oof[m] as Float64Array)[i] = p[k] ?? Number.NaN));
      tick();
    });
  }
  // every development row is in exactly one test fold, so every OOF entry is set
  const outOfFold: Record<string, Record<MetricName, number>> = {};
  names.forEach((name, m) => (outOfFold[name] = classificationMetrics(devData.y, oof[m] as Float64Array)));

  // 3. soft-voting weights, calibrator and meta-learner from the OOF probabilities
  const skill = names.map((name) => Math.max(0, (outOfFold[name]?.auc ?? 0.5) - 0.5));
  const skillSum = skill.reduce((a, b) => a + b, 0);
  const weights = skillSum > 0 ? skill.map((s) => s / skillSum) : names.map(() => 1 / M);
  const oofVote = Float64Array.from({ length: dev.length }, (_, i) => softVote(oof, weights, i));
  const calibrator = fitCalibrator(cfg.calibration, oofVote, devData.y, devData.weights);
  const metaX = Array.from({ length: dev.length }, (_, i) => Float64Array.from(oof, (p) => logit(clip(p[i] ?? 0.5))));
  const meta = new LogisticRegression({ l2: 0.01 }).fit(metaX, devData.y, devData.weights);

  // 4. final base models on all development rows; one pass over the hold-out
  const finals: BinaryClassifier[] = cfg.models.map((spec, m) => {
    const model = createModel(spec, cfg.kernels).fit(devData.X, devData.y, devData.weights, cfg.seed + m);
    tick();
    return model;
  });
  const holdProbs = finals.map((model) => model.predictProba(holdData.X));
  const vote = Float64Array.from({ length: holdoutSize }, (_, i) => softVote(holdProbs, weights, i));
  const voteCalibrated = vote.map((p) => calibrate(calibrator, p));
  const stacked = meta.predictProba(Array.from({ length: holdoutSize }, (_, i) => Float64Array.from(holdProbs, (p) => logit(clip(p[i] ?? 0.5)))));

  // 5. baselines, fitted on development rows only
  const devUp = devData.y.reduce((a, b) => a + b, 0) / dev.length;
  const alwaysUp = new Float64Array(holdoutSize).fill(Math.max(0.5, devUp));
  const ret1 = dataset.featureNames.indexOf('ret_1');
  const signCall = (row: Float64Array): number => ((row[ret1] ?? 0) > 0 ? 1 : 0);
  let signHits = 0;
  devData.X.forEach((row, i) => (signHits += signCall(row) === devData.y[i] ? 1 : 0));
  const signHitRate = signHits / dev.length;
  const q = Math.min(0.999, Math.max(0.501, signHitRate));
  const lastSign = Float64Array.from(holdData.X, (row) => (signCall(row) === 1 ? q : 1 - q));

  const predictions: Record<string, Float64Array> = {};
  names.forEach((name, m) => (predictions[name] = holdProbs[m] as Float64Array));
  predictions['ensemble-soft-vote'] = vote;
  predictions['ensemble-soft-vote-calibrated'] = voteCalibrated;
  predictions['ensemble-stacked'] = stacked;
  predictions['baseline-always-up'] = alwaysUp;
  predictions['baseline-last-return-sign'] = lastSign;
  const meanBlockLength = Math.max(dataset.label.horizon, Math.round(Math.cbrt(holdoutSize)));
  const intervalOptions = { resamples: cfg.resamples, seed: cfg.seed, level: cfg.level, meanBlockLength };
  const holdout: Record<string, MetricsWithIntervals> = {};
  for (const [name, p] of Object.entries(predictions)) holdout[name] = metricsWithIntervals(holdData.y, p, intervalOptions);

  const date = (i: number | undefined): string => (i === undefined ? '' : (dataset.dates[i] ?? ''));
  const artefact: EnsembleArtefact = {
    kind: 'tradeloop-ensemble',
    version: 1,
    featureNames: [...dataset.featureNames],
    lookback: FEATURE_LOOKBACK,
    label: dataset.label,
    trainedThrough: date(dev[dev.length - 1]),
    models: names.map((name, m) => ({ name, weight: weights[m] ?? 0, model: (finals[m] as BinaryClassifier).toJSON() })),
    calibrator,
    meta: meta.toJSON(),
  };
  const report: TrainingReport = {
    method: [
      `hold-out: the last ${holdoutSize} of ${n} rows (${(cfg.holdoutFraction * 100).toFixed(0)} %), untouched until the final evaluation; ${split.purged.length} development rows whose label span reaches the hold-out purged`,
      `development: purged ${cfg.folds}-fold CV with a ${(cfg.embargo * 100).toFixed(1)} % embargo (label spans = decision bar … deciding bar) → out-of-fold probabilities of every base model`,
      'soft vote: weights ∝ max(0, out-of-fold AUC − 0.5); calibrated by ' + cfg.calibration + ' regression on the out-of-fold soft vote',
      'stacking: L2 logistic regression (λ 0.01) on the logits of the out-of-fold probabilities',
      'final base models refitted on all development rows with average-uniqueness sample weights, then one prediction of the hold-out',
      `baselines: always-up (P = max(0.5, development up-rate)); last-return sign (up when the last 1-bar return > 0, P = its development hit rate clipped to [0.501, 0.999]: ${signHitRate.toFixed(3)} → ${q.toFixed(3)})`,
      `intervals: stationary bootstrap over hold-out rows in time order, mean block ${meanBlockLength} rows, ${cfg.resamples} resamples, ${(cfg.level * 100).toFixed(0)} % percentile`,
    ],
    rows: { total: n, development: dev.length, holdout: holdoutSize, purgedBeforeHoldout: split.purged.length },
    periods: {
      development: { from: date(dev[0]), to: date(dev[dev.length - 1]) },
      holdout: { from: date(h0), to: date(n - 1) },
    },
    upRate: { development: devUp, holdout: holdData.y.reduce((a, b) => a + b, 0) / holdoutSize },
    cv: {
      folds: folds.map((f) => ({ fold: f.fold, train: f.train.length, test: f.test.length, purged: f.purged.length, embargoed: f.embargoed.length })),
      outOfFold,
    },
    weights: Object.fromEntries(names.map((name, m) => [name, weights[m] ?? 0])),
    baselines: { alwaysUpProbability: Math.max(0.5, devUp), lastReturnSignHitRate: signHitRate, lastReturnSignProbability: q },
    holdout,
    intervals: { method: 'stationary-bootstrap-percentile', resamples: cfg.resamples, level: cfg.level, meanBlockLength, seed: cfg.seed },
    config: { folds: cfg.folds, embargo: cfg.embargo, holdoutFraction: cfg.holdoutFraction, calibration: cfg.calibration, seed: cfg.seed, models: cfg.models },
  };
  return { artefact, report, holdoutPredictions: predictions, holdoutLabels: holdData.y };
}

const ArtefactSchema = z.object({
  kind: z.literal('tradeloop-ensemble'),
  version: z.literal(1),
  featureNames: z.array(z.string()),
  lookback: z.number().int().positive(),
  label: z.object({
    kind: z.enum(['direction', 'triple-barrier']),
    horizon: z.number().int().positive(),
    barriers: z.object({ upper: z.number().optional(), lower: z.number().optional(), volatilityWindow: z.number().optional() }).optional(),
  }),
  trainedThrough: z.string(),
  models: z.array(z.object({ name: z.string(), weight: z.number().min(0), model: z.unknown() })).min(1),
  calibrator: CalibratorJsonSchema,
  meta: z.unknown(),
});

/** A loaded ensemble, ready for one bar at a time (the signal engine's path). */
export interface EnsemblePredictor {
  readonly artefact: EnsembleArtefact;
  /** Forecast from one feature row (FEATURE_NAMES order). */
  predictRow(row: Float64Array): EnsemblePrediction;
  /** Forecast for the last of `bars` (at least `lookback` bars); undefined when features are unavailable. */
  predictLatest(bars: readonly FeatureBar[]): EnsemblePrediction | undefined;
}

/**
 * Loads an ensemble artefact (validated; an artefact whose features differ from this build's
 * FEATURE_NAMES or lookback is refused, since its models would read the wrong columns).
 */
export function loadEnsemble(json: unknown): EnsemblePredictor {
  const parsed = ArtefactSchema.parse(json);
  if (parsed.lookback !== FEATURE_LOOKBACK || parsed.featureNames.join(',') !== FEATURE_NAMES.join(',')) {
    throw new RangeError('ensemble artefact was trained on other features than this build computes; retrain it');
  }
  const models = parsed.models.map((m) => ({ name: m.name, weight: m.weight, model: modelFromJSON(m.model) }));
  const meta = modelFromJSON(parsed.meta);
  const artefact = parsed as unknown as EnsembleArtefact;
  const predictRow = (row: Float64Array): EnsemblePrediction => {
    const per: Record<string, number> = {};
    let vote = 0;
    const logits = new Float64Array(models.length);
    models.forEach((m, k) => {
      const p = m.model.predictProba([row])[0] ?? 0.5;
      per[m.name] = p;
      vote += m.weight * p;
      logits[k] = logit(clip(p));
    });
    return { probability: calibrate(parsed.calibrator, vote), softVote: vote, stacked: meta.predictProba([logits])[0] ?? 0.5, models: per };
  };
  return {
    artefact,
    predictRow,
    predictLatest: (bars) => {
      const row = latestFeatures(bars);
      return row === undefined ? undefined : predictRow(row);
    },
  };
}

