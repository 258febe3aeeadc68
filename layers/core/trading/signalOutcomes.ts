/**
 * The live hit-rate source (issue 6): every directional signal the engine emits is scored once its horizon
 * has passed, and the outcomes are kept per strategy for the selector's binomial demotion test.
 *
 * The rule (deterministic, from bars only):
 * - a `long` call is a hit when the close of the first bar of the same symbol starting at or after
 *   `barStart + horizonMs` is above the signal's reference price (the close it was computed on), a `short`
 *   call when it is below;
 * - an unchanged price scores nothing (a tie says nothing about direction; counting it as a miss would demote
 *   strategies on low-priced symbols for tick size alone), and neither does a `flat` signal (it makes no call);
 * - the horizon is market time, not a bar count, so a feed gap or the overnight break resolves the call on the
 *   next bar that exists (a signal at 15:58 with a 15-minute horizon is scored on the next session's first bar).
 *
 * Why price direction and not realised round-trip P&L: every signal is scored, including the ones sizing turned
 * into no trade (already long, kill switch, rejected by a check), so the test measures the strategy's calls and
 * not the risk layer; and it needs nothing but the bars the engine already reads.
 *
 * Where the calls wait: in the strategy's own state envelope (runStrategiesOnBar), which the engine loads and
 * saves on every bar anyway, so tracking costs no extra read and one ledger write per scored call.
 */
import type { SignalDirection } from '../../contracts';
import * as money from '../money';
import type { StrategyStateStore } from '../ports';

/** A directional call waiting for its horizon. */
export interface PendingCall {
  readonly signalId: string;
  readonly strategyId: string;
  readonly symbol: string;
  readonly direction: 'long' | 'short';
  /** Exact decimal string (SignalGeneratedV1.referencePrice). */
  readonly referencePrice: string;
  readonly barStart: number;
  /** The call is scored on the first bar with start ≥ resolveAt. */
  readonly resolveAt: number;
}

/** A scored call. */
export interface SignalOutcome {
  readonly signalId: string;
  readonly strategyId: string;
  readonly symbol: string;
  readonly direction: 'long' | 'short';
  readonly barStart: number;
  /** Start of the bar whose close scored the call. */
  readonly scoredBarStart: number;
  readonly referencePrice: string;
  readonly scoredPrice: string;
  readonly hit: boolean;
}

/** What the engine emitted, as far as scoring needs it. */
export interface EmittedCall {
  readonly signalId: string;
  readonly strategyId: string;
  readonly symbol: string;
  readonly direction: SignalDirection;
  readonly referencePrice: string;
  readonly barStart: number;
}

/** The pending call a signal opens, or undefined for `flat` (no directional call). */
export function pendingCallFor(signal: EmittedCall, horizonMs: number): PendingCall | undefined {
  if (signal.direction === 'flat') return undefined;
  return {
    signalId: signal.signalId,
    strategyId: signal.strategyId,
    symbol: signal.symbol,
    direction: signal.direction,
    referencePrice: signal.referencePrice,
    barStart: signal.barStart,
    resolveAt: signal.barStart + horizonMs,
  };
}

export interface Resolution {
  /** Calls this bar scored (ties are dropped: they score nothing). */
  readonly outcomes: readonly SignalOutcome[];
  /** Calls still waiting. */
  readonly pending: readonly PendingCall[];
}

/** Scores the pending calls whose horizon this bar reaches; the others keep waiting. */
export function resolvePendingCalls(pending: readonly PendingCall[], bar: { readonly symbol: string; readonly start: number; readonly close: number }): Resolution {
  const outcomes: SignalOutcome[] = [];
  const waiting: PendingCall[] = [];
  const scoredPrice = money.fromNumber(bar.close, 4);
  for (const call of pending) {
    if (call.symbol !== bar.symbol || bar.start < call.resolveAt) {
      waiting.push(call);
      continue;
    }
    const move = money.compare(scoredPrice, call.referencePrice);
    if (move === 0) continue;
    outcomes.push({
      signalId: call.signalId,
      strategyId: call.strategyId,
      symbol: call.symbol,
      direction: call.direction,
      barStart: call.barStart,
      scoredBarStart: bar.start,
      referencePrice: call.referencePrice,
      scoredPrice,
      hit: call.direction === 'long' ? move > 0 : move < 0,
    });
  }
  return { outcomes, pending: waiting };
}

/** Validates pending calls read back from a stored envelope (foreign or older shapes are dropped, not trusted). */
export function restorePendingCalls(raw: unknown): PendingCall[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter((c: unknown): c is PendingCall => {
    if (typeof c !== 'object' || c === null) return false;
    const r = c as Record<string, unknown>;
    return (
      typeof r['signalId'] === 'string' &&
      typeof r['strategyId'] === 'string' &&
      typeof r['symbol'] === 'string' &&
      (r['direction'] === 'long' || r['direction'] === 'short') &&
      typeof r['referencePrice'] === 'string' &&
      typeof r['barStart'] === 'number' &&
      typeof r['resolveAt'] === 'number'
    );
  });
}

// ---------------------------------------------------------------- the per-strategy ledger

/** Items of the strategy-state table: strategyId = this key, symbol = the scored strategy's id. */
export const SIGNAL_OUTCOMES_KEY = 'signal-outcomes';

/** Outcomes kept per strategy (the most recent by scoring time); the selector tests at most its window (100 by default). */
export const OUTCOME_LEDGER_CAPACITY = 250;

/** One scored call as the ledger keeps it. */
export interface LedgerOutcome {
  readonly signalId: string;
  readonly symbol: string;
  readonly scoredBarStart: number;
  readonly hit: boolean;
}

interface OutcomeLedger {
  readonly outcomes: readonly LedgerOutcome[];
}

const byScoringTime = (a: LedgerOutcome, b: LedgerOutcome): number =>
  a.scoredBarStart - b.scoredBarStart || (a.signalId < b.signalId ? -1 : a.signalId > b.signalId ? 1 : 0);

function ledgerOf(raw: unknown): LedgerOutcome[] {
  const list = typeof raw === 'object' && raw !== null ? (raw as { outcomes?: unknown }).outcomes : undefined;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (o: unknown): o is LedgerOutcome =>
      typeof o === 'object' &&
      o !== null &&
      typeof (o as LedgerOutcome).signalId === 'string' &&
      typeof (o as LedgerOutcome).symbol === 'string' &&
      typeof (o as LedgerOutcome).scoredBarStart === 'number' &&
      typeof (o as LedgerOutcome).hit === 'boolean',
  );
}

/**
 * Adds scored calls to their strategies' ledgers. Idempotent: a signal id already in the ledger is not added
 * again (a re-delivered bar scores the same calls). The ledger is ordered by scoring bar then signal id, so
 * the series does not depend on which symbol's invocation wrote first; writes are version-conditioned and
 * retried on a lost race (symbols run in parallel). Throws after `maxAttempts` lost races (the bar is retried).
 */
export async function recordSignalOutcomes(store: StrategyStateStore, outcomes: readonly SignalOutcome[], maxAttempts = 5): Promise<number> {
  const byStrategy = new Map<string, SignalOutcome[]>();
  for (const o of outcomes) byStrategy.set(o.strategyId, [...(byStrategy.get(o.strategyId) ?? []), o]);
  let added = 0;
  for (const [strategyId, scored] of byStrategy) {
    let saved = false;
    for (let attempt = 0; attempt < maxAttempts && !saved; attempt += 1) {
      const record = await store.load<OutcomeLedger>(SIGNAL_OUTCOMES_KEY, strategyId);
      const current = ledgerOf(record?.state);
      const known = new Set(current.map((o) => o.signalId));
      const fresh = scored.filter((o) => !known.has(o.signalId)).map((o): LedgerOutcome => ({ signalId: o.signalId, symbol: o.symbol, scoredBarStart: o.scoredBarStart, hit: o.hit }));
      if (fresh.length === 0) {
        saved = true;
        break;
      }
      const next = [...current, ...fresh].sort(byScoringTime).slice(-OUTCOME_LEDGER_CAPACITY);
      const version = record?.version ?? 0;
      saved = await store.save<OutcomeLedger>({ strategyId: SIGNAL_OUTCOMES_KEY, symbol: strategyId, state: { outcomes: next }, version }, version);
      if (saved) added += fresh.length;
    }
    if (!saved) throw new Error(`signal outcomes of ${strategyId}: lost the optimistic save ${maxAttempts} times`);
  }
  return added;
}

/** The strategy's scored calls, oldest first (true = hit): the selector's live hit series. */
export async function liveHitSeries(store: Pick<StrategyStateStore, 'load'>, strategyId: string): Promise<boolean[]> {
  const record = await store.load<OutcomeLedger>(SIGNAL_OUTCOMES_KEY, strategyId);
  return ledgerOf(record?.state).map((o) => o.hit);
}
