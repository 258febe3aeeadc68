/**
 * Strategy registry (issue 6): the candidate → paper → live → retired state machine with the evidence of
 * every transition, its persistence port and use case, the live hit-rate demotion test and the adaptive
 * selector. Pure: no I/O, no clock.
 */
export { applyTransition, DEFAULT_REGISTRY_POLICY, isAllowedTransition, registerCandidate, STRATEGY_STATES, transitionStrategy } from './registry';
export type {
  RecordedEvidence,
  RegistryEntry,
  RegistryPolicy,
  StrategyRegistry,
  StrategyState,
  TransitionEvidence,
  TransitionOutcome,
  TransitionRecord,
  TransitionRequest,
  TransitionStrategyResult,
} from './registry';
export { binomialCdf, DEFAULT_HIT_RATE_POLICY, SEED_HIT_RATE_THRESHOLD, testHitRate } from './hit-rate';
export type { HitRatePolicy, HitRateTest } from './hit-rate';
export { DEFAULT_SELECTOR_POLICY, selectStrategies } from './selector';
export type { Demotion, ExcludedStrategy, SelectedStrategy, Selection, SelectorInput, SelectorPolicy } from './selector';
export { recentOutOfSampleMetrics, symbolsOf } from './selector-inputs';
