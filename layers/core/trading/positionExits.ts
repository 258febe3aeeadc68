import type { BarClosedV1, OrderIntentV1, RiskLimitsV1 } from '../../contracts';
import * as money from '../money';
import type { Broker, Clock, LimitsStore, OrderIntentQueue, SignalStore, StrategyStateStore } from '../ports';
import { evaluateExitRules, exitIntent, type ExitBar, type ExitPositionState, type ExitRule, type ExitRules } from '../risk';

/** The strategy id exit intents and exit signal records carry. */
export const EXIT_STRATEGY_ID = 'risk-exit';

/** The strategy-state key of one account's exit tracking (strategyId; the bar's symbol is the "symbol"). */
export const exitStateKey = (accountId: string): string => `risk#exit#${accountId}`;

/** The exit that fired for the tracked position; kept until the position changes, so a rule fires once per position. */
export interface FiredExit {
  readonly barStart: number;
  readonly rule: ExitRule;
  readonly level: number;
  readonly reason: string;
  /** The broker quantity the exit closes: a different quantity is a changed position and re-arms the rules. */
  readonly quantity: string;
  readonly intent: OrderIntentV1;
}

/**
 * What the strategy-state table holds per account and symbol (versioned conditional writes, like
 * the strategy state): the open position as the rules see it (entry from the broker position,
 * opened at the first bar it was seen on, watermark ratcheted per bar) and the exit already fired.
 */
export interface PositionExitState {
  /** The latest bar applied; an older or equal bar is a duplicate. */
  readonly lastBarStart: number;
  readonly position?: ExitPositionState;
  readonly fired?: FiredExit;
}

export interface PositionExitDeps {
  readonly clock: Clock;
  readonly broker: Pick<Broker, 'positions'>;
  readonly strategyState: StrategyStateStore;
  readonly signals: SignalStore;
  readonly intents: OrderIntentQueue;
  /** The account's risk policy; absent → exit rules off. */
  readonly limits?: Pick<LimitsStore, 'currentLimits'>;
  readonly config: { readonly accountId: string; readonly signalTtlSeconds: number; readonly maxStateSaveAttempts?: number };
}

export type PositionExitOutcome =
  /** The policy configures no exit rule: nothing read or written. */
  | { readonly kind: 'off' }
  /** Duplicate or out-of-order bar: state unchanged, nothing emitted. */
  | { readonly kind: 'ignored' }
  /** No position in the bar's symbol. */
  | { readonly kind: 'flat' }
  /** Position tracked, no rule fired. */
  | { readonly kind: 'held'; readonly position: ExitPositionState }
  /** A rule fired on an earlier bar and the position has not changed since: no new exit. */
  | { readonly kind: 'exit-pending'; readonly fired: FiredExit }
  /** A rule fired on this bar (or, with `replayed`, on this re-delivered bar): the exit intent was enqueued. */
  | { readonly kind: 'exit'; readonly fired: FiredExit; readonly replayed: boolean; readonly stored: boolean };

/** The policy's exit rules in the evaluator's terms; undefined when none is on. */
export function exitRulesOf(policy: RiskLimitsV1): ExitRules | undefined {
  const r = policy.exitRules;
  if (r === undefined) return undefined;
  const rules: ExitRules = {
    ...(r.stopLossPct === undefined ? {} : { stopLossPct: r.stopLossPct }),
    ...(r.takeProfitPct === undefined ? {} : { takeProfitPct: r.takeProfitPct }),
    ...(r.trailingStopPct === undefined ? {} : { trailingStopPct: r.trailingStopPct }),
    ...(r.maxHoldingMinutes === undefined ? {} : { maxHoldingMs: r.maxHoldingMinutes * 60_000 }),
  };
  return Object.keys(rules).length === 0 ? undefined : rules;
}

const isExitState = (raw: unknown): raw is PositionExitState =>
  typeof raw === 'object' && raw !== null && typeof (raw as { lastBarStart?: unknown }).lastBarStart === 'number';

const sign = (quantity: string): number => (money.isNegative(quantity) ? -1 : money.isPositive(quantity) ? 1 : 0);

/**
 * Evaluates the account's exit rules on one closed bar for the position in the bar's symbol, before
 * the strategies run. The position comes from the broker (signed quantity, average entry price); it
 * is "opened" at the first bar it is seen on (the broker does not say when), keeps its open time and
 * watermark while it stays on the same side, and starts afresh after flat or a flip. When a rule
 * fires, the state (with the fired exit as its outbox) is committed in one conditional write, then
 * the exit is recorded in the signal store and its intent enqueued (deterministic ids from account,
 * rule, symbol and bar start). A re-delivered bar replays those idempotent effects with the same
 * intent. A fired exit suppresses further exits until the broker position changes (filled, partly
 * filled, flipped): the exit order in flight is not sent twice.
 */
export async function checkPositionExits(deps: PositionExitDeps, bar: BarClosedV1): Promise<PositionExitOutcome> {
  if (deps.limits === undefined) return { kind: 'off' };
  const { accountId } = deps.config;
  const rules = exitRulesOf((await deps.limits.currentLimits(accountId)).limits);
  if (rules === undefined) return { kind: 'off' };

  const positions = await deps.broker.positions();
  const held = positions.find((p) => p.symbol === bar.symbol && !money.isZero(p.quantity));
  const exitBar: ExitBar = { symbol: bar.symbol, start: bar.start, high: bar.high, low: bar.low, close: bar.close };
  const key = exitStateKey(accountId);
  const attempts = deps.config.maxStateSaveAttempts ?? 5;

  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const record = await deps.strategyState.load<unknown>(key, bar.symbol);
    const version = record?.version ?? 0;
    const prior = isExitState(record?.state) ? record.state : undefined;
    if (prior !== undefined && bar.start <= prior.lastBarStart) {
      if (prior.fired !== undefined && prior.fired.barStart === bar.start) return act(deps, prior.fired, true);
      return { kind: 'ignored' };
    }

    let next: PositionExitState;
    let outcome: PositionExitOutcome;
    if (held === undefined) {
      next = { lastBarStart: bar.start };
      outcome = { kind: 'flat' };
    } else {
      const tracked = prior?.position;
      const sameSide = tracked !== undefined && sign(tracked.quantity) === sign(held.quantity);
      const position: ExitPositionState = sameSide
        ? { ...tracked, quantity: held.quantity, averageEntryPrice: held.averageEntryPrice }
        : { symbol: bar.symbol, quantity: held.quantity, averageEntryPrice: held.averageEntryPrice, openedAt: bar.start };
      const pending = sameSide && prior?.fired !== undefined && money.compare(prior.fired.quantity, held.quantity) === 0 ? prior.fired : undefined;
      const evaluation = evaluateExitRules(position, exitBar, rules);
      if (pending !== undefined) {
        next = { lastBarStart: bar.start, position: evaluation.state, fired: pending };
        outcome = { kind: 'exit-pending', fired: pending };
      } else if (evaluation.exit !== undefined) {
        // Tagged as an exit: an engaged kill switch lets it through while it is reduce-only (killSwitchCheck).
        const intent: OrderIntentV1 = { ...exitIntent(position, exitBar, evaluation.exit, { accountId, strategyId: EXIT_STRATEGY_ID, now: await deps.clock.now() }), exit: { source: 'exit-rule', attempt: 1 } };
        const fired: FiredExit = { barStart: bar.start, ...evaluation.exit, quantity: held.quantity, intent };
        next = { lastBarStart: bar.start, position: evaluation.state, fired };
        outcome = { kind: 'exit', fired, replayed: false, stored: false };
      } else {
        next = { lastBarStart: bar.start, position: evaluation.state };
        outcome = { kind: 'held', position: evaluation.state };
      }
    }
    const saved = await deps.strategyState.save({ strategyId: key, symbol: bar.symbol, state: next, version }, version);
    if (!saved) continue; // another invocation moved the state on: reload and judge the bar again
    if (outcome.kind === 'exit') return act(deps, outcome.fired, false);
    return outcome;
  }
  throw new Error(`exit state ${key}/${bar.symbol}: lost the optimistic save ${attempts} times`);
}

/** The exit's side effects, each idempotent: record it once in the signal store, enqueue the intent. */
async function act(deps: PositionExitDeps, fired: FiredExit, replayed: boolean): Promise<PositionExitOutcome> {
  const { intent } = fired;
  const stored = await deps.signals.putOnce(
    {
      signalId: intent.signalId,
      strategyId: EXIT_STRATEGY_ID,
      symbol: intent.symbol,
      direction: 'flat',
      strength: 1,
      referencePrice: intent.referencePrice ?? '0',
      barStart: fired.barStart,
      generatedAt: intent.createdAt,
      reason: `${fired.rule}: ${fired.reason}`.slice(0, 500),
    },
    deps.config.signalTtlSeconds,
  );
  await deps.intents.send(intent);
  return { kind: 'exit', fired, replayed, stored };
}
