/** Shapes of live inference (issue 7): a loaded model version, one recorded prediction, and the port that keeps them. */
import { z } from 'zod';
import type { EnsemblePredictor } from '../ensemble';

/** A registry version loaded for inference. */
export interface LoadedModel {
  /** Registry id "SYMBOL#family". */
  readonly modelId: string;
  readonly version: string;
  readonly predictor: EnsemblePredictor;
}

export const ModelRole = z.enum(['champion', 'challenger']);
export type ModelRole = z.infer<typeof ModelRole>;

/**
 * One model's forecast for one session, as the signal engine made it: the features of the daily
 * window through `sessionDate`'s close and the probabilities. Champion records are the live hit-rate
 * input for drift; challenger records are its shadow track record (never traded). The same model
 * version on the same session always computes the same record, so its identity is
 * (modelId, version, sessionDate) and a re-delivery writes nothing new.
 */
export const PredictionRecordV1 = z.object({
  schema: z.literal('PredictionRecordV1'),
  modelId: z.string().min(1),
  version: z.string().min(1),
  role: ModelRole,
  symbol: z.string().min(1),
  /** The session whose close the features end at (the decision date of the training rows). */
  sessionDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Start of the minute bar that completed the session and triggered the forecast (UTC epoch ms). */
  barStart: z.number().int().nonnegative(),
  /** The calibrated soft vote: P(close of session + horizon > close of session). */
  probability: z.number().min(0).max(1),
  softVote: z.number().min(0).max(1),
  stacked: z.number().min(0).max(1),
  features: z.array(z.number()),
});
export type PredictionRecordV1 = z.infer<typeof PredictionRecordV1>;

/** The key a prediction is stored under (one per model version and session). */
export const predictionKeyOf = (r: Pick<PredictionRecordV1, 'modelId' | 'version' | 'sessionDate'>): string => `${r.modelId}|${r.version}|${r.sessionDate}`;

/** Where predictions are kept (adapters: DynamoPredictionStore on the models table; MemoryPredictionStore). */
export interface PredictionStore {
  /** Stores a prediction once; false when it was already stored (the first record stands). */
  recordOnce(record: PredictionRecordV1): Promise<boolean>;
  /** A version's predictions, by session date ascending. */
  list(modelId: string, version: string): Promise<PredictionRecordV1[]>;
}
