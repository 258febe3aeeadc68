/** Model lifecycle (issue 7): drift detection, champion/challenger promotion, artefact manifests and the registry port. Pure. */
export { binomialCdf, binomialPmf, binomialTest, kolmogorovQ, logGamma } from './stats';
export type { Alternative } from './stats';
export { assessDrift, DEFAULT_DRIFT_THRESHOLDS, hitRateTest, ksTwoSample, populationStabilityIndex, quantileSorted, retrainRequest } from './drift';
export type { DriftInput, DriftReport, DriftThresholds, HitRateResult, KsResult, PsiOptions, PsiResult, RetrainRequestV1 } from './drift';
export { decidePromotion, DEFAULT_PROMOTION_POLICY, mcnemarExact, sharedOutOfSampleRows } from './promotion';
export type { McNemarResult, PairedEvaluation, PromotionDecision, PromotionPolicy } from './promotion';
export { ArtefactManifestV1, artefactLayout, artefactVersion, canonicalJson, ModelFamily, modelIdOf, sha256Hex } from './manifest';
export type { DecisionRecord, ModelPointers, ModelRegistry, RegisterResult } from './manifest';
