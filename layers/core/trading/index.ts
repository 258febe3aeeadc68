/**
 * Trading use cases: orchestration over ports, one per Lambda. Each takes a `deps` object
 * (ports, clock, config) and returns a result value; only failures worth retrying throw.
 */
export { runStrategiesOnBar, signalIdFor } from './runStrategiesOnBar';
export type { RunStrategiesResult, SignalEngineConfig, SignalEngineDeps, StrategyBinding, StrategyOutcome } from './runStrategiesOnBar';
export { checkPositionExits, EXIT_STRATEGY_ID, exitRulesOf, exitStateKey } from './positionExits';
export type { FiredExit, PositionExitDeps, PositionExitOutcome, PositionExitState } from './positionExits';
export { marketSnapshot, MAX_ACTIVITY_ORDERS, verifyOrderIntent } from './verifyOrderIntent';
export type { VerifyDeps, VerifyOutcome } from './verifyOrderIntent';
export { executeApprovedOrder } from './executeApprovedOrder';
export type { ExecuteDeps, ExecuteOutcome } from './executeApprovedOrder';
export { AUTOMATIC_KILL_SWITCH_ACTOR, protectAgainstLosses, reconcileAccount } from './reconcileAccount';
export type { LossProtectionDeps, LossProtectionSummary, ReconcileConfig, ReconcileDeps, ReconcileSummary } from './reconcileAccount';
export { scheduledRoutine } from './scheduledRoutine';
export type { RoutineDecision } from './scheduledRoutine';
export { publishClosedBars } from './publishClosedBars';
export type { PublishClosedBarsConfig, PublishClosedBarsDeps, PublishClosedBarsResult } from './publishClosedBars';
export { IV_HISTORY_KEY, MAX_REGIME_AGE_DAYS, proposalEvent, proposeOptionsStrategy } from './proposeOptionsStrategy';
export type { IvHistoryState, ProposeOptionsDeps, ProposeOptionsOutcome } from './proposeOptionsStrategy';
export { closedSessions, detectRegime, REGIME_HISTORY_DAYS } from './detectRegime';
export type { DetectRegimeConfig, DetectRegimeDeps, DetectRegimeResult, SymbolRegimeOutcome } from './detectRegime';
export { MIN_RISK_RETURNS, reportPortfolioRisk, RISK_HISTORY_DAYS, RISK_LOOKBACK_RETURNS, RISK_REPORT_KEY_PREFIX, riskReportKey } from './reportPortfolioRisk';
export type { PortfolioRiskLevel, PortfolioRiskReport, PositionRisk, ReportPortfolioRiskConfig, ReportPortfolioRiskDeps, ReportPortfolioRiskResult, RiskFigure, StressFigure } from './reportPortfolioRisk';
export { ACTIVE_SET_KEY, ACTIVE_SET_SCOPE, ActiveStrategySetV1, ActiveStrategyV1, activeSetBindings, bindingsFromActiveSet, cachedBindings, combineBindingProviders, loadActiveSet, saveActiveSet } from './activeStrategySet';
export type { BindingProvider, SkippedStrategy, StoredActiveSet } from './activeStrategySet';
export { selectActiveStrategies } from './selectActiveStrategies';
export type { AppliedDemotion, SelectActiveStrategiesConfig, SelectActiveStrategiesDeps, SelectActiveStrategiesResult } from './selectActiveStrategies';
export { liveHitSeries, OUTCOME_LEDGER_CAPACITY, pendingCallFor, recordSignalOutcomes, resolvePendingCalls, SIGNAL_OUTCOMES_KEY } from './signalOutcomes';
export type { EmittedCall, LedgerOutcome, PendingCall, Resolution, SignalOutcome } from './signalOutcomes';
