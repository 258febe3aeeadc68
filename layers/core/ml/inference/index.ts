/**
 * Live inference (issue 7): minute bars folded into the daily window the models were trained on,
 * one forecast per session from the champion (traded) and the challenger (shadow, recorded only).
 * Pure; the registry, artefacts and prediction store are adapters (layers/adapters/aws/ml-models.ts).
 */
export { applyMinuteBar, DAILY_WINDOW_CAPACITY, emptyDailyWindow, seedDailyWindow } from './daily-window';
export type { DailyWindowState, OpenSession, WindowMinuteBar, WindowStep } from './daily-window';
export { liveHitRate } from './live-hit-rate';
export type { LiveHitRate, ScoredPrediction } from './live-hit-rate';
export { ML_STRATEGY_VERSION, mlDirectionStrategy, MlStrategyParams, mlStrategyId } from './strategy';
export type { MlStrategyInput, MlStrategyState } from './strategy';
export { ModelRole, predictionKeyOf, PredictionRecordV1 } from './types';
export type { LoadedModel, PredictionStore } from './types';
