/**
 * The options correlator: maps a stock signal (direction, strength, volatility view, regime) and the IV rank to
 * an option structure through a data table (./table), chooses its contracts from a live chain snapshot by DTE,
 * target delta and liquidity (./select), sizes it by max loss against a risk budget and emits the order intent
 * with its legs and the describeStrategy analysis (./propose). Pure: no I/O, no clock.
 */
export * from './table';
export * from './config';
export { decideStructure, ivBucket, signalView, type Decision, type SignalInput } from './decide';
export { candidatesOf, daysToExpiry, eligibleExpiries, legsFor, selectStructure, type CandidateContract, type SelectedLeg, type SelectedStructure, type Selection } from './select';
export { proposeOptionsStructure, proposalIdFor, strategyOf, type CorrelatorSignal, type OptionsProposal, type ProposalInputs, type ProposalOutcome, type ProposedLeg, type SizingResult } from './propose';
export { atmImpliedVolatility, ivRankFromHistory, withTodaysIv, IV_HISTORY_MAX_POINTS } from './iv-history';
