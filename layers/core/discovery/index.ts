/**
 * Strategy discovery (issue 6): declared parameter spaces of the catalogue strategies, Latin hypercube
 * sampling, a seeded NSGA-II (non-dominated sorting, crowding distance) and the discovery pipeline that judges
 * every candidate out of sample by walk-forward and gates the finalists on deflated Sharpe and PBO.
 * Pure: no I/O, no clock, seeded randomness only.
 */
export { annualisedReturn, candidateEvaluator, discover, discoverInRounds, discoverOnPlan, discoverySearch, planDiscovery, planUniverseDiscovery, roundTrips, DiscoveryConfigError } from './discover';
export type { CandidateEvaluation, CandidateObjectives, CandidateRequest, DiscoveryPlan, DiscoveryConfig, DiscoveryResult, FamilySearch, Finalist, Params, TrialSummary } from './discover';
export { nsga2, nsga2Steps } from './genetic';
export type { Evaluated, GeneticOptions, GeneticSpace, GeneticProblem, GeneticResult } from './genetic';
export { crowdedCompare, crowdingDistance, dominates, nonDominatedSort, rankAndCrowding } from './pareto';
export { collectRound, DiscoveryShardError, replayDiscovery, shardBounds } from './rounds';
export type { DiscoveryReplay, ShardEvaluations } from './rounds';
export { latinHypercube } from './sampling';
export { DISCOVERY_PREFIX, discoveryRunId, discoveryRunLayout, discoveryRunPrefix, discoveryShardIndexOf, discoverySpecHash } from './runs';
export type { DiscoveryLaunch, DiscoveryLauncher, DiscoveryRunRecord, DiscoveryRunStore, RoundSubmitter } from './runs';
export { decodeParameters, isPortfolioFamily, PARAMETER_SPACES, parameterKey, parameterSpaceOf, PORTFOLIO_PARAMETER_SPACES, portfolioWarmupBars, warmupBars } from './spaces';
export type { DiscoveryFamily, ParameterDimension, ParameterSpace } from './spaces';
