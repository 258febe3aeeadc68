/** The base models behind one interface, and their artefact registry (`modelFromJSON`). */
import { z } from 'zod';
import type { BinaryClassifier, ModelJson } from '../types';
import { GaussianNaiveBayes, KNearestNeighbours } from './bayes-knn';
import { LogisticRegression, RidgeClassifier } from './linear';
import { MultilayerPerceptron } from './mlp';
import type { MlpKernel } from './mlp-kernel';
import { GradientBoosting, RandomForest } from './trees';

export { GaussianNaiveBayes, KNearestNeighbours } from './bayes-knn';
export type { KnnParams, NaiveBayesParams } from './bayes-knn';
export { fitLogisticCoefficients, fitRidgeCoefficients, LogisticRegression, RidgeClassifier } from './linear';
export type { LinearCoefficients, LogisticParams, RidgeParams } from './linear';
export { MultilayerPerceptron } from './mlp';
export type { MlpParams } from './mlp';
export { checkTrainingPlan, cpuMlpKernel, mlpParameterCount } from './mlp-kernel';
export type { MlpKernel, MlpShape, MlpTrainingPlan } from './mlp-kernel';
export { binFeatures, GradientBoosting, growTree, RandomForest, treeValue } from './trees';
export type { BinnedData, FlatTree, GradientBoostingParams, GrowOptions, RandomForestParams } from './trees';
export { solveSpd } from './linalg';
export { fitScaler, scaleMatrix, scaleRow } from './scaler';
export type { ScalerState } from './scaler';

/** The model kinds, as their artefacts name them. */
export const MODEL_KINDS = ['logistic', 'ridge', 'naive-bayes', 'knn', 'random-forest', 'gradient-boosting', 'mlp'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/** A model to train: its kind and (partial) parameters. */
export interface ModelSpec {
  readonly kind: ModelKind;
  readonly params?: Readonly<Record<string, number>>;
}

/** Where models compute: the MLP's training kernel (default: the float64 CPU kernel). */
export interface ModelKernels {
  readonly mlp?: MlpKernel;
}

/** A fresh, unfitted model of a kind. */
export function createModel(spec: ModelSpec, kernels: ModelKernels = {}): BinaryClassifier {
  const p = spec.params ?? {};
  switch (spec.kind) {
    case 'logistic':
      return new LogisticRegression(p);
    case 'ridge':
      return new RidgeClassifier(p);
    case 'naive-bayes':
      return new GaussianNaiveBayes(p);
    case 'knn':
      return new KNearestNeighbours(p);
    case 'random-forest':
      return new RandomForest(p);
    case 'gradient-boosting':
      return new GradientBoosting(p);
    case 'mlp':
      return new MultilayerPerceptron(p, kernels.mlp);
  }
}

const num = z.number().refine(Number.isFinite, 'must be finite');
const nums = z.array(num);
const scaler = z.object({ mean: nums, scale: nums });
const linear = z.object({ intercept: num, coef: nums });
const tree = z.object({ feature: z.array(z.number().int()), threshold: nums, left: z.array(z.number().int()), right: z.array(z.number().int()), value: nums });
const envelope = z.object({ kind: z.enum(MODEL_KINDS), version: z.literal(1), params: z.record(z.string(), num), state: z.unknown() });

const STATES = {
  logistic: z.object({ scaler, intercept: num, coef: nums }),
  ridge: z.object({ scaler, intercept: num, coef: nums, platt: linear }),
  'naive-bayes': z.object({ logPrior: z.tuple([num, num]), mean: z.tuple([nums, nums]), variance: z.tuple([nums, nums]) }),
  knn: z.object({ scaler, rows: nums, dims: z.number().int().nonnegative(), y: z.array(z.union([z.literal(0), z.literal(1)])), weights: nums }),
  'random-forest': z.object({ trees: z.array(tree).min(1) }),
  'gradient-boosting': z.object({ base: num, trees: z.array(tree) }),
  mlp: z.object({ scaler, inputs: z.number().int().positive(), w1: nums, b1: nums, w2: nums, b2: num }),
} as const;

/** Restores a fitted model from its artefact (validated: a malformed artefact throws a ZodError). */
export function modelFromJSON(json: unknown): BinaryClassifier {
  const e = envelope.parse(json);
  switch (e.kind) {
    case 'logistic': {
      const m = new LogisticRegression(e.params);
      return LogisticRegression.restore(m.params, STATES.logistic.parse(e.state));
    }
    case 'ridge': {
      const m = new RidgeClassifier(e.params);
      return RidgeClassifier.restore(m.params, STATES.ridge.parse(e.state));
    }
    case 'naive-bayes': {
      const m = new GaussianNaiveBayes(e.params);
      return GaussianNaiveBayes.restore(m.params, STATES['naive-bayes'].parse(e.state));
    }
    case 'knn': {
      const m = new KNearestNeighbours(e.params);
      const s = STATES.knn.parse(e.state);
      if (s.rows.length !== s.y.length * s.dims || s.weights.length !== s.y.length) throw new RangeError('kNN artefact: rows, labels and weights disagree');
      return KNearestNeighbours.restore(m.params, s);
    }
    case 'random-forest': {
      const m = new RandomForest(e.params);
      return RandomForest.restore(m.params, STATES['random-forest'].parse(e.state));
    }
    case 'gradient-boosting': {
      const m = new GradientBoosting(e.params);
      return GradientBoosting.restore(m.params, STATES['gradient-boosting'].parse(e.state));
    }
    case 'mlp': {
      const m = new MultilayerPerceptron(e.params);
      return MultilayerPerceptron.restore(m.params, STATES.mlp.parse(e.state));
    }
  }
}

/** Serialises a fitted model (the same as `model.toJSON()`, typed). */
export const modelToJSON = (model: BinaryClassifier): ModelJson => model.toJSON();
