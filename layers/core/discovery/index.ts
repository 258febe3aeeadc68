/**
 * Strategy discovery (issue 6): declared parameter spaces of the catalogue strategies, Latin hypercube
 * sampling, a seeded NSGA-II (non-dominated sorting, crowding distance) and the discovery pipeline that judges
 * every candidate out of sample by walk-forward and gates the finalists on deflated Sharpe and PBO.
 * Pure: no I/O, no clock, seeded randomness only.
 */
export { annualisedReturn, discover, roundTrips, DiscoveryConfigError } from './discover';
export type { CandidateObjectives, DiscoveryConfig, DiscoveryResult, FamilySearch, Finalist, Params, TrialSummary } from './discover';
export { nsga2 } from './genetic';
export type { Evaluated, GeneticOptions, GeneticProblem, GeneticResult } from './genetic';
export { crowdedCompare, crowdingDistance, dominates, nonDominatedSort, rankAndCrowding } from './pareto';
export { latinHypercube } from './sampling';
export { decodeParameters, PARAMETER_SPACES, parameterKey, warmupBars } from './spaces';
export type { ParameterDimension, ParameterSpace } from './spaces';
