import type { BarClosedV1, OrderIntentV1, RiskLimitsV1 } from '../../contracts';
import { clientOrderIdFor, isTerminalOrderStatus } from '../execution';
import * as money from '../money';
import type { Broker, Clock, LimitsStore, OrderIntentQueue, SignalStore, StrategyStateStore } from '../ports';
import { evaluateExitRules, exitIntent, type ExitBar, type ExitPositionState, type ExitRule, type ExitRules } from '../risk';

/** The strategy id exit intents and exit signal records carry. */
export const EXIT_STRATEGY_ID = 'risk-exit';

/** The strategy-state key of one account's exit tracking (strategyId; the bar's symbol is the "symbol"). */
export const exitStateKey = (accountId: string): string => `risk#exit#${accountId}`;

/** One order sent for a fired exit: the first (1) or a retry. */
export interface ExitAttempt {
  readonly attempt: number;
  /** The bar the attempt's intent was built on (its id carries it). */
  readonly barStart: number;
  readonly intentId: string;
}

/**
 * The exit that fired for the tracked position; kept until the position changes, so a rule fires once per
 * position. While the position stays unchanged, a later bar retries it (see EXIT_RETRY).
 */
export interface FiredExit {
  /** The bar the rule fired on. */
  readonly barStart: number;
  readonly rule: ExitRule;
  readonly level: number;
  readonly reason: string;
  /** The broker quantity the exit closes: a different quantity is a changed position and re-arms the rules. */
  readonly quantity: string;
  /** The latest attempt's intent. */
  readonly intent: OrderIntentV1;
  /** Every attempt, oldest first; absent in state stored before retries existed (= the first attempt only). */
  readonly attempts?: readonly ExitAttempt[];
}

/**
 * Retries of an exit whose position did not change: the next attempt goes out on the first bar at least
 * `delayMs(k)` after attempt k, and only while attempt k's order is not working or filled at the broker
 * (absent: rejected by verification, halted, or still queued; rejected, canceled or expired unfilled).
 * The delay doubles from 2 minutes up to 16 (2, 4, 8, 16), so a rejection for a passing reason (stale
 * data, a collar, the order rate) is retried soon while a standing one is not hammered; after
 * `maxAttempts` orders (30 minutes of trying) the exit waits for the position to change. An attempt that
 * was only still queued and meets a retry cannot close twice: execution stops an exit that is no longer
 * reduce-only against the broker's position net of working orders.
 */
export const EXIT_RETRY = {
  maxAttempts: 5,
  delayMs: (attempt: number): number => Math.min(2 * 60_000 * 2 ** (attempt - 1), 16 * 60_000),
} as const;

/** How far back broker orders are read to find the fill that opened a position. */
const ENTRY_LOOKBACK_MS = 7 * 24 * 60 * 60_000;

/**
 * What the strategy-state table holds per account and symbol (versioned conditional writes, like
 * the strategy state): the open position as the rules see it (entry from the broker position,
 * opened at the first bar it was seen on, watermark ratcheted per bar) and the exit already fired.
 */
export interface PositionExitState {
  /** The latest bar applied; an older or equal bar is a duplicate. */
  readonly lastBarStart: number;
  readonly position?: ExitPositionState;
  /** Where `position.openedAt` came from: the broker fill that opened it, or the first bar it was seen on. */
  readonly openedFrom?: 'broker-fill' | 'first-bar';
  readonly fired?: FiredExit;
}

export interface PositionExitDeps {
  readonly clock: Clock;
  /** Positions; orders for the entry fill and for the outcome of an exit attempt. */
  readonly broker: Pick<Broker, 'positions' | 'orderByClientId' | 'ordersSince'>;
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
  /** A rule fired on an earlier bar and the position has not changed since: no new order (in flight, backing off, or retries used up). */
  | { readonly kind: 'exit-pending'; readonly fired: FiredExit; readonly exhausted: boolean }
  /**
   * A rule fired on this bar, or an earlier exit is retried on it (`attempt` > 1), or (with `replayed`) this
   * is a re-delivered bar of either: the exit intent was enqueued.
   */
  | { readonly kind: 'exit'; readonly fired: FiredExit; readonly attempt: number; readonly replayed: boolean; readonly stored: boolean };

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

const attemptsOf = (fired: FiredExit): readonly ExitAttempt[] => fired.attempts ?? [{ attempt: 1, barStart: fired.barStart, intentId: fired.intent.intentId }];

/**
 * When the position was opened, from the broker's fills: walking back from the current quantity through
 * the symbol's filled orders, newest first, the fill before which the position was flat or on the other
 * side opened it (its order's last update is the fill time). Undefined when the history read does not
 * reach that fill (a position older than the lookback, or fills the broker no longer lists).
 */
async function entryFillTime(broker: Pick<Broker, 'ordersSince'>, symbol: string, quantity: string, now: number): Promise<number | undefined> {
  const fills = (await broker.ordersSince(now - ENTRY_LOOKBACK_MS)).filter((o) => o.symbol === symbol && money.isPositive(o.filledQuantity)).sort((a, b) => a.updatedAt - b.updatedAt);
  let position = quantity;
  for (let i = fills.length - 1; i >= 0; i -= 1) {
    const fill = fills[i];
    if (fill === undefined) continue;
    const before = money.sub(position, fill.side === 'buy' ? fill.filledQuantity : money.neg(fill.filledQuantity));
    if (sign(before) !== sign(quantity)) return fill.updatedAt;
    position = before;
  }
  return undefined;
}

/** Whether the order of an attempt is working or (partly) filled at the broker: then the exit is in progress, not failed. */
async function attemptInProgress(broker: Pick<Broker, 'orderByClientId'>, attempt: ExitAttempt): Promise<boolean> {
  const order = await broker.orderByClientId(clientOrderIdFor(attempt.intentId));
  return order !== undefined && (!isTerminalOrderStatus(order.status) || money.isPositive(order.filledQuantity));
}

/**
 * Evaluates the account's exit rules on one closed bar for the position in the bar's symbol, before
 * the strategies run. The position comes from the broker (signed quantity, average entry price); it is
 * opened at the broker fill that opened it when the broker's recent orders show it, else at the first
 * bar it is seen on; it keeps its open time and watermark while it stays on the same side, and starts
 * afresh after flat or a flip. When a rule fires, the state (with the fired exit as its outbox) is
 * committed in one conditional write, then the exit is recorded in the signal store and its intent
 * enqueued (deterministic ids from account, rule, symbol and bar start). A re-delivered bar replays those
 * idempotent effects with the same intent. A fired exit suppresses new rule firings until the broker
 * position changes (filled, partly filled, flipped); while it does not change, a failed attempt is
 * retried on a later bar with a bounded backoff (EXIT_RETRY), each attempt a new deterministic intent
 * built on that bar and recorded in the state and the signal store.
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
  // Read once per bar, outside the save loop: broker reads are not part of the optimistic write.
  let entry: { at: number | undefined } | undefined;
  let inProgress: { at: ExitAttempt; busy: boolean } | undefined;

  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const record = await deps.strategyState.load<unknown>(key, bar.symbol);
    const version = record?.version ?? 0;
    const prior = isExitState(record?.state) ? record.state : undefined;
    if (prior !== undefined && bar.start <= prior.lastBarStart) {
      const last = prior.fired === undefined ? undefined : attemptsOf(prior.fired).at(-1);
      if (prior.fired !== undefined && last !== undefined && last.barStart === bar.start) return act(deps, prior.fired, last, true);
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
      let openedFrom = prior?.openedFrom ?? 'first-bar';
      let position: ExitPositionState;
      if (sameSide) position = { ...tracked, quantity: held.quantity, averageEntryPrice: held.averageEntryPrice };
      else {
        entry ??= { at: await entryFillTime(deps.broker, bar.symbol, held.quantity, bar.start + 60_000) };
        openedFrom = entry.at === undefined ? 'first-bar' : 'broker-fill';
        position = { symbol: bar.symbol, quantity: held.quantity, averageEntryPrice: held.averageEntryPrice, openedAt: entry.at ?? bar.start };
      }
      const pending = sameSide && prior?.fired !== undefined && money.compare(prior.fired.quantity, held.quantity) === 0 ? prior.fired : undefined;
      const evaluation = evaluateExitRules(position, exitBar, rules);
      const base = { lastBarStart: bar.start, position: evaluation.state, openedFrom } as const;
      if (pending !== undefined) {
        const tried = attemptsOf(pending);
        const last = tried.at(-1);
        const due = last !== undefined && tried.length < EXIT_RETRY.maxAttempts && bar.start >= last.barStart + EXIT_RETRY.delayMs(last.attempt);
        if (due && inProgress?.at !== last) inProgress = { at: last, busy: await attemptInProgress(deps.broker, last) };
        if (due && inProgress?.busy === false) {
          const number = last.attempt + 1;
          const built = exitIntent(position, exitBar, { rule: pending.rule, level: pending.level, reason: pending.reason }, { accountId, strategyId: EXIT_STRATEGY_ID, now: await deps.clock.now() });
          const retry: OrderIntentV1 = { ...built, signalId: `${built.signalId}:a${number}`, intentId: `${built.intentId}:a${number}`, exit: { source: 'exit-rule', attempt: number } };
          const fired: FiredExit = { ...pending, intent: retry, attempts: [...tried, { attempt: number, barStart: bar.start, intentId: retry.intentId }] };
          next = { ...base, fired };
          outcome = { kind: 'exit', fired, attempt: number, replayed: false, stored: false };
        } else {
          next = { ...base, fired: pending };
          outcome = { kind: 'exit-pending', fired: pending, exhausted: tried.length >= EXIT_RETRY.maxAttempts };
        }
      } else if (evaluation.exit !== undefined) {
        // Tagged as an exit: an engaged kill switch lets it through while it is reduce-only (killSwitchCheck).
        const intent: OrderIntentV1 = { ...exitIntent(position, exitBar, evaluation.exit, { accountId, strategyId: EXIT_STRATEGY_ID, now: await deps.clock.now() }), exit: { source: 'exit-rule', attempt: 1 } };
        const fired: FiredExit = { barStart: bar.start, ...evaluation.exit, quantity: held.quantity, intent, attempts: [{ attempt: 1, barStart: bar.start, intentId: intent.intentId }] };
        next = { ...base, fired };
        outcome = { kind: 'exit', fired, attempt: 1, replayed: false, stored: false };
      } else {
        next = base;
        outcome = { kind: 'held', position: evaluation.state };
      }
    }
    const saved = await deps.strategyState.save({ strategyId: key, symbol: bar.symbol, state: next, version }, version);
    if (!saved) continue; // another invocation moved the state on: reload and judge the bar again
    if (outcome.kind === 'exit') {
      const last = attemptsOf(outcome.fired).at(-1);
      if (last !== undefined) return act(deps, outcome.fired, last, false);
    }
    return outcome;
  }
  throw new Error(`exit state ${key}/${bar.symbol}: lost the optimistic save ${attempts} times`);
}

/** The attempt's side effects, each idempotent: record it once in the signal store, enqueue its intent. */
async function act(deps: PositionExitDeps, fired: FiredExit, attempt: ExitAttempt, replayed: boolean): Promise<PositionExitOutcome> {
  const { intent } = fired;
  const stored = await deps.signals.putOnce(
    {
      signalId: intent.signalId,
      strategyId: EXIT_STRATEGY_ID,
      symbol: intent.symbol,
      direction: 'flat',
      strength: 1,
      referencePrice: intent.referencePrice ?? '0',
      barStart: attempt.barStart,
      generatedAt: intent.createdAt,
      reason: `${fired.rule}${attempt.attempt > 1 ? ` (attempt ${attempt.attempt})` : ''}: ${fired.reason}`.slice(0, 500),
    },
    deps.config.signalTtlSeconds,
  );
  await deps.intents.send(intent);
  return { kind: 'exit', fired, attempt: attempt.attempt, replayed, stored };
}
