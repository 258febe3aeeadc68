/**
 * Prediction (issue 7): features from bars (one definition for training and live inference), labels
 * with spans and uniqueness weights, seven base classifiers behind one interface, probability
 * calibration, soft-voting and stacked ensembles validated by purged k-fold CV with an embargo and a
 * final untouched hold-out, metrics with bootstrap intervals next to naive baselines. Pure: no I/O,
 * no clock, seeded randomness only; every fitted model serialises to JSON.
 */
export { barsToColumns, FEATURE_COUNT, FEATURE_LOOKBACK, FEATURE_NAMES, featureMatrix, featureRowOfWindow, latestFeatures } from './features';
export type { FeatureBar, FeatureColumns, FeatureMatrix, FeatureName } from './features';
export { averageUniqueness, directionLabels, tripleBarrierLabels } from './labels';
export type { LabelSet, TripleBarrierOptions } from './labels';
export { buildDataset, takeRows } from './dataset';
export type { Dataset, LabelConfig, LabelKind } from './dataset';
export { checkFitInput, logit, sigmoid } from './types';
export type { BinaryClassifier, Matrix, ModelJson } from './types';
export * from './models';
export { calibrate, CalibratorJsonSchema, fitCalibrator, fitIsotonic, fitPlatt } from './calibration';
export type { CalibrationMethod, CalibratorJson } from './calibration';
export { accuracy, balancedAccuracy, brierScore, classificationMetrics, logLoss, METRIC_NAMES, metricsWithIntervals, rocAuc } from './evaluation';
export type { IntervalOptions, MetricInterval, MetricName } from './evaluation';
export { permutationImportance } from './importance';
export type { FeatureImportance, PermutationImportance, PermutationImportanceInput } from './importance';
export { DEFAULT_ENSEMBLE_CONFIG, DEFAULT_MODEL_SPECS, loadEnsemble, trainEnsemble } from './ensemble';
export type {
  EnsembleArtefact,
  EnsembleConfig,
  EnsemblePrediction,
  EnsemblePredictor,
  MetricsWithIntervals,
  TrainingReport,
  TrainingResult,
  TrainProgress,
} from './ensemble';
