import type { BarClosedV1, SignalGeneratedV1 } from '../../contracts';
import * as money from '../money';
import { sizeOrderIntent, type SizingConfig, type SizingResult } from '../portfolio';
import type { Broker, Clock, EventPublisher, LimitsStore, OrderIntentQueue, SignalStore, StrategyStateStore } from '../ports';
import { currentQuantity, loadAccountRiskState } from '../risk';
import type { StrategySignal, StreamingStrategy } from '../strategies';
import { checkPositionExits, type PositionExitOutcome } from './positionExits';
import { pendingCallFor, recordSignalOutcomes, resolvePendingCalls, restorePendingCalls, type PendingCall, type SignalOutcome } from './signalOutcomes';

/** A strategy and the symbols it trades (all symbols when `symbols` is absent). */
export interface StrategyBinding {
  readonly strategy: StreamingStrategy<unknown>;
  readonly symbols?: readonly string[];
}

export interface SignalEngineConfig {
  readonly accountId: string;
  readonly sizing: SizingConfig;
  /** How long signal records live (DynamoDB TTL). */
  readonly signalTtlSeconds: number;
  /** Attempts at the optimistic state save before giving up (the invocation is retried). Default 5. */
  readonly maxStateSaveAttempts?: number;
  /**
   * The live hit-rate source (signalOutcomes.ts): each long/short signal is scored on the first bar of its
   * symbol starting `outcomeHorizonMs` after it, into the strategy's outcome ledger. Absent: nothing is scored.
   */
  readonly outcomeHorizonMs?: number;
}

export interface SignalEngineDeps {
  readonly clock: Clock;
  readonly strategies: readonly StrategyBinding[];
  readonly strategyState: StrategyStateStore;
  readonly signals: SignalStore;
  readonly events: EventPublisher;
  readonly broker: Broker;
  readonly intents: OrderIntentQueue;
  /** The account's risk policy, for its exit rules (RiskLimitsV1.exitRules); absent → no exit rules. */
  readonly limits?: Pick<LimitsStore, 'currentLimits'>;
  readonly config: SignalEngineConfig;
}

/** What happened for one strategy on the bar. */
export type StrategyOutcome =
  /** Duplicate or out-of-order bar: state unchanged, nothing emitted. */
  | { readonly strategyId: string; readonly kind: 'ignored' }
  /** Bar applied, view unchanged (or still warming up). */
  | { readonly strategyId: string; readonly kind: 'no-signal' }
  /** A new signal (or, with `replayed`, the signal of a re-delivered latest bar) went through the pipeline again. */
  | {
      readonly strategyId: string;
      readonly kind: 'signal';
      readonly replayed: boolean;
      readonly signal: SignalGeneratedV1;
      readonly stored: boolean;
      readonly sizing: SizingResult;
    };

export interface RunStrategiesResult {
  readonly symbol: string;
  readonly barStart: number;
  /** The exit rules' verdict on the account's position in the symbol, judged before the strategies. */
  readonly exit: PositionExitOutcome;
  readonly outcomes: readonly StrategyOutcome[];
  /** Earlier signals this bar scored for the live hit rate (empty when `outcomeHorizonMs` is not configured). */
  readonly scored: readonly SignalOutcome[];
}

/**
 * What the state store holds per strategy and symbol: the strategy's own state plus an outbox of
 * the signal the latest bar emitted. The state transition and the signal are committed in one
 * conditional write; the side effects follow. If the process dies after the write, the
 * re-delivered bar finds its own signal in the outbox and replays the (idempotent) effects.
 */
interface StateEnvelope {
  readonly strategyVersion: string;
  readonly strategy: unknown;
  readonly emitted?: SignalGeneratedV1;
  /** Directional calls of this strategy and symbol waiting for their horizon (signalOutcomes.ts). */
  readonly pending?: readonly PendingCall[];
  /** Outbox of the calls the latest bar scored: a re-delivered bar writes them to the ledger again (idempotent there). */
  readonly scored?: { readonly barStart: number; readonly outcomes: readonly SignalOutcome[] };
}

const isEnvelope = (raw: unknown): raw is StateEnvelope =>
  typeof raw === 'object' && raw !== null && typeof (raw as { strategyVersion?: unknown }).strategyVersion === 'string';

/** The deterministic signal id: one signal per strategy, symbol and bar. */
export const signalIdFor = (strategyId: string, symbol: string, barStart: number): string => `${strategyId}:${symbol}:${barStart}`;

/**
 * Runs every strategy bound to the bar's symbol: load state, apply the bar, save with an
 * optimistic version (reload and re-apply on a lost race), then for a signal: store it once,
 * publish signal.generated, size it against the broker account and position, and enqueue the
 * OrderIntentV1. Safe under duplicate deliveries: the strategy ignores a bar it has seen, and a
 * re-delivery of the latest bar replays its signal's effects, each of which is idempotent
 * (putOnce; intent id deterministic, deduplicated by the FIFO queue and by the order store).
 * signal.generated is therefore published at least once per signal id. Throws only on failures
 * worth retrying (store, broker or queue errors; a state save that keeps losing races).
 */
export async function runStrategiesOnBar(deps: SignalEngineDeps, bar: BarClosedV1): Promise<RunStrategiesResult> {
  // Exit rules first (see checkPositionExits): on the bar an exit fires, the strategies still apply
  // the bar and record their signals, but nothing is sized against the position being closed.
  const exit = await checkPositionExits(deps, bar);
  const holdSizing = exit.kind === 'exit' ? `position exit on this bar (${exit.fired.rule}): ${exit.fired.intent.intentId}` : undefined;
  const outcomes: StrategyOutcome[] = [];
  const scored: SignalOutcome[] = [];
  for (const binding of deps.strategies) {
    if (binding.symbols !== undefined && !binding.symbols.includes(bar.symbol)) continue;
    outcomes.push(await runOne(deps, binding.strategy, bar, holdSizing, scored));
  }
  return { symbol: bar.symbol, barStart: bar.start, exit, outcomes, scored };
}

async function runOne(
  deps: SignalEngineDeps,
  strategy: StreamingStrategy<unknown>,
  bar: BarClosedV1,
  holdSizing: string | undefined,
  scored: SignalOutcome[],
): Promise<StrategyOutcome> {
  const horizon = deps.config.outcomeHorizonMs;
  const attempts = deps.config.maxStateSaveAttempts ?? 5;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const record = await deps.strategyState.load<unknown>(strategy.id, bar.symbol);
    const version = record?.version ?? 0;
    const envelope = isEnvelope(record?.state) ? record.state : undefined;
    const restored = envelope !== undefined && envelope.strategyVersion === strategy.version ? strategy.restoreState(envelope.strategy) : undefined;
    const state = restored ?? strategy.initialState();

    const step = strategy.onBar(state, { symbol: bar.symbol, start: bar.start, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume });
    if (step.kind === 'ignored') {
      // A re-delivered latest bar: the state was saved, its effects may not have happened; repeat them (each is idempotent).
      const outbox = envelope?.scored;
      if (outbox !== undefined && outbox.barStart === bar.start) scored.push(...(await scoreCalls(deps, outbox.outcomes)));
      const pending = envelope?.emitted;
      if (pending !== undefined && pending.barStart === bar.start) return act(deps, strategy.id, pending, true, holdSizing);
      return { strategyId: strategy.id, kind: 'ignored' };
    }
    const signal = step.signal === undefined ? undefined : toSignalEvent(deps, strategy, bar, step.signal, await deps.clock.now());
    // Calls kept from before a strategy version change are still scored: they were real signals.
    const resolution = horizon === undefined ? undefined : resolvePendingCalls(restorePendingCalls(envelope?.pending), bar);
    const opened = signal === undefined || horizon === undefined ? undefined : pendingCallFor(signal, horizon);
    const pending = [...(resolution?.pending ?? []), ...(opened === undefined ? [] : [opened])];
    const newlyScored = resolution?.outcomes ?? [];
    const next: StateEnvelope = {
      strategyVersion: strategy.version,
      strategy: step.state,
      ...(signal === undefined ? {} : { emitted: signal }),
      ...(pending.length === 0 ? {} : { pending }),
      ...(newlyScored.length === 0 ? {} : { scored: { barStart: bar.start, outcomes: newlyScored } }),
    };
    const saved = await deps.strategyState.save({ strategyId: strategy.id, symbol: bar.symbol, state: next, version }, version);
    if (!saved) continue; // another invocation moved the state on: reload and judge the bar again
    if (newlyScored.length > 0) scored.push(...(await scoreCalls(deps, newlyScored)));
    if (signal === undefined) return { strategyId: strategy.id, kind: 'no-signal' };
    return act(deps, strategy.id, signal, false, holdSizing);
  }
  throw new Error(`strategy state ${strategy.id}/${bar.symbol}: lost the optimistic save ${attempts} times`);
}

/** Writes scored calls to the strategies' outcome ledgers (idempotent per signal id). */
async function scoreCalls(deps: SignalEngineDeps, outcomes: readonly SignalOutcome[]): Promise<readonly SignalOutcome[]> {
  await recordSignalOutcomes(deps.strategyState, outcomes, deps.config.maxStateSaveAttempts ?? 5);
  return outcomes;
}

function toSignalEvent(
  deps: SignalEngineDeps,
  strategy: StreamingStrategy<unknown>,
  bar: BarClosedV1,
  s: StrategySignal,
  now: number,
): SignalGeneratedV1 {
  return {
    schema: 'SignalGeneratedV1',
    signalId: signalIdFor(strategy.id, bar.symbol, bar.start),
    accountId: deps.config.accountId,
    strategyId: strategy.id,
    strategyVersion: strategy.version,
    symbol: bar.symbol,
    direction: s.direction,
    strength: Math.max(0, Math.min(1, s.strength)),
    // The bar close as an exact price: 4 places is a cent's hundredth, enough for US equities.
    referencePrice: money.fromNumber(s.referencePrice, 4),
    barStart: bar.start,
    generatedAt: now,
    reason: s.reason.slice(0, 500),
  };
}

/** The signal's side effects, each idempotent: store once, publish, size and enqueue. */
async function act(deps: SignalEngineDeps, strategyId: string, signal: SignalGeneratedV1, replayed: boolean, holdSizing?: string): Promise<StrategyOutcome> {
  const stored = await deps.signals.putOnce(
    {
      signalId: signal.signalId,
      strategyId: signal.strategyId,
      symbol: signal.symbol,
      direction: signal.direction,
      strength: signal.strength,
      referencePrice: signal.referencePrice,
      barStart: signal.barStart,
      generatedAt: signal.generatedAt,
      reason: signal.reason,
    },
    deps.config.signalTtlSeconds,
  );
  await deps.events.publish('signal.generated', signal);
  // The exit closes the position: the target is flat, and the exit intent is already on its way.
  if (holdSizing !== undefined) return { strategyId, kind: 'signal', replayed, signal, stored, sizing: { kind: 'no-trade', reason: holdSizing, targetQuantity: '0' } };
  const [account, positions, now, riskState] = await Promise.all([
    deps.broker.account(),
    deps.broker.positions(),
    deps.clock.now(),
    loadAccountRiskState(deps.strategyState, deps.config.accountId),
  ]);
  // Drawdown de-risking: reconcile keeps the multiplier from the policy's drawdownDeRisking band.
  const exposureMultiplier = riskState?.state.exposureMultiplier;
  const sizing = sizeOrderIntent({
    signal,
    currentQuantity: currentQuantity(positions, signal.symbol),
    account: { accountId: deps.config.accountId, equity: account.equity, buyingPower: account.buyingPower },
    config: deps.config.sizing,
    now,
    ...(exposureMultiplier === undefined ? {} : { exposureMultiplier }),
  });
  if (sizing.kind === 'intent') await deps.intents.send(sizing.intent);
  return { strategyId, kind: 'signal', replayed, signal, stored, sizing };
}
