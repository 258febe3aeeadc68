import { DateTime } from 'luxon';
import type { OptionsStrategyProposedV1, SignalGeneratedV1 } from '../../contracts';
import type { TradingCalendar } from '../market';
import type { DailyIv } from '../options';
import {
  atmImpliedVolatility,
  ivRankFromHistory,
  proposeOptionsStructure,
  signalView,
  withTodaysIv,
  type CorrelatorConfig,
  type Decision,
  type OptionsProposal,
} from '../options/correlator';
import type { Broker, Clock, EventPublisher, OrderIntentQueue, StrategyStateStore } from '../ports';
import type { OptionsMarketData } from '../ports/optionsMarket';
import type { CurrentRegimeReader } from '../ports/regime';

/** The strategy-state key under which each underlying's daily ATM IV series is kept (symbol = the underlying). */
export const IV_HISTORY_KEY = 'iv-history';

export interface IvHistoryState {
  readonly series: readonly DailyIv[];
}

export interface ProposeOptionsDeps {
  readonly clock: Clock;
  readonly calendar: TradingCalendar;
  readonly options: OptionsMarketData;
  /** Account equity and the shares held (covered calls). */
  readonly broker: Pick<Broker, 'account' | 'positions'>;
  /** Daily ATM IV series per underlying (IV rank). */
  readonly ivHistory: StrategyStateStore;
  readonly events: EventPublisher;
  readonly intents: OrderIntentQueue;
  /** The regime detector's current regime per symbol (rows naming a regime); absent, or no recent record: regime unknown, generic rows. */
  readonly regimes?: CurrentRegimeReader;
  readonly config: {
    readonly accountId: string;
    readonly correlator: CorrelatorConfig;
    /** Enqueue the proposal's intent on order-intents (it then meets verify-trade); false: only publish the proposal. */
    readonly autoSubmit: boolean;
  };
}

export type ProposeOptionsOutcome =
  /** The signal gives no view or its row trades nothing: the chain was not read. */
  | { readonly kind: 'no-view'; readonly reason: string }
  /** The underlying has no listed contracts in the DTE window (or no price). */
  | { readonly kind: 'no-chain'; readonly reason: string }
  /** The chain was read; no structure of the row could be carried (reasons per structure). */
  | { readonly kind: 'none'; readonly decision: Decision; readonly reason: string }
  | { readonly kind: 'proposed'; readonly event: OptionsStrategyProposedV1; readonly proposal: OptionsProposal };

const DAY_MS = 86_400_000;

/**
 * The options correlator for one stock signal: reads the live chain of the signal's symbol (expiries in the DTE
 * window only), records today's ATM IV in the underlying's IV history and ranks it (unknown until the history
 * covers the configured weeks), picks the structure by the decision table, its contracts by delta and liquidity,
 * sizes it against a fraction of equity and publishes options.strategy.proposed with the analysis and the intent.
 * The intent is enqueued only when `autoSubmit` is on.
 *
 * Idempotency: the proposal id and the intent id are the signal id + `:opt`, whatever the structure. A redelivered
 * signal can meet a moved chain and propose a different structure, but it is the same intent: the queue
 * de-duplicates it, verify-trade's first decision on it is final and execute-order claims one order per intent.
 * Proposal events are at-least-once, like every event (consumers key on proposalId).
 */
export async function proposeOptionsStrategy(deps: ProposeOptionsDeps, signal: SignalGeneratedV1): Promise<ProposeOptionsOutcome> {
  const { correlator } = deps.config;
  const signalInput = { direction: signal.direction, strength: signal.strength };
  const view = signalView(signalInput, correlator.table);
  if (view.view === undefined) return { kind: 'no-view', reason: view.why };
  if (!correlator.table.rows.some((r) => r.view === view.view && r.structures.length > 0)) return { kind: 'no-view', reason: `${view.why}: no row of the table trades the ${view.view} view` };

  const now = await deps.clock.now();
  const today = deps.calendar.sessionDate(now);
  const { dte } = correlator.selection;
  const day = (offset: number): string => DateTime.fromMillis(Date.parse(`${today}T00:00:00Z`) + offset * DAY_MS, { zone: 'utc' }).toISODate() ?? today;
  const snapshot = await deps.options.chainSnapshot(signal.symbol, { expiryFrom: day(dte.min), expiryTo: day(dte.max) });
  if (snapshot.entries.length === 0) return { kind: 'no-chain', reason: `no ${signal.symbol} contracts expiring ${day(dte.min)}..${day(dte.max)}` };
  if (snapshot.underlyingPrice === undefined) return { kind: 'no-chain', reason: `no price for ${signal.symbol}` };

  const ivRank = await rankToday(deps, signal.symbol, snapshot, today);
  const regime = await currentRegimeLabel(deps.regimes, signal.symbol, today);
  const [account, positions] = await Promise.all([deps.broker.account(), deps.broker.positions()]);
  const shares = Number(positions.find((p) => p.symbol === signal.symbol)?.quantity ?? '0');
  const outcome = proposeOptionsStructure(
    {
      signal: { ...signalInput, ...(regime === undefined ? {} : { regime }), signalId: signal.signalId, accountId: deps.config.accountId, strategyId: signal.strategyId, symbol: signal.symbol },
      ...(ivRank.rank === undefined ? {} : { ivRank: ivRank.rank }),
      ivRankNote: ivRank.note,
      snapshot,
      equity: account.equity,
      sharesHeld: Math.max(0, shares),
      now,
    },
    correlator,
    deps.calendar,
  );
  if (outcome.kind === 'none') return { kind: 'none', decision: outcome.decision, reason: outcome.reason };

  const event = proposalEvent(signal, outcome.decision, outcome.proposal, outcome.intent, { submitted: deps.config.autoSubmit, now, accountId: deps.config.accountId, marketDataAt: snapshot.asOf });
  // Enqueue before publishing: a crash in between re-runs the signal, and the queue de-duplicates the intent id.
  if (deps.config.autoSubmit) await deps.intents.send(outcome.intent);
  await deps.events.publish('options.strategy.proposed', event);
  return { kind: 'proposed', event, proposal: outcome.proposal };
}

/** A recorded regime older than this (calendar days before today's session) is treated as unknown: the detector has stopped running. */
export const MAX_REGIME_AGE_DAYS = 7;

/** The symbol's current regime label when the detector recorded one recently; undefined (unknown) otherwise. */
async function currentRegimeLabel(regimes: CurrentRegimeReader | undefined, symbol: string, today: string): Promise<string | undefined> {
  if (regimes === undefined) return undefined;
  const current = await regimes.currentRegime(symbol);
  if (current === undefined) return undefined;
  const ageDays = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${current.asOf}T00:00:00Z`)) / DAY_MS;
  return ageDays >= 0 && ageDays <= MAX_REGIME_AGE_DAYS ? current.label : undefined;
}

/** Adds today's ATM IV to the stored series (a lost write race is harmless: both writers read the same chain) and ranks it. */
async function rankToday(deps: ProposeOptionsDeps, symbol: string, snapshot: Parameters<typeof atmImpliedVolatility>[0], today: string): Promise<{ rank?: number; note: string }> {
  const atm = atmImpliedVolatility(snapshot, deps.calendar, deps.config.correlator.selection);
  const stored = await deps.ivHistory.load<IvHistoryState>(IV_HISTORY_KEY, symbol);
  const series = stored?.state.series ?? [];
  if (atm.iv === undefined) return { note: `no ATM IV today (${atm.why})` };
  const updated = withTodaysIv(series, { date: today, iv: atm.iv });
  await deps.ivHistory.save<IvHistoryState>({ strategyId: IV_HISTORY_KEY, symbol, state: { series: updated }, version: (stored?.version ?? 0) + 1 }, stored?.version ?? 0);
  const ranked = ivRankFromHistory(updated, today, deps.config.correlator.ivHistoryWeeks);
  return ranked.rank === undefined ? { note: `${atm.why}; ${ranked.note}` } : { rank: ranked.rank, note: `${atm.why}; ${ranked.note}` };
}

const finiteOrNull = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : x);
const decimal = (x: number, places: number): string => {
  const text = x.toFixed(places);
  return /^-0(\.0+)?$/.test(text) ? '0' : text;
};

/** The event of a proposal (JSON-safe, bounded sizes). */
export function proposalEvent(
  signal: SignalGeneratedV1,
  decision: Decision,
  proposal: OptionsProposal,
  intent: OptionsStrategyProposedV1['intent'],
  meta: { readonly submitted: boolean; readonly now: number; readonly accountId: string; readonly marketDataAt: number },
): OptionsStrategyProposedV1 {
  const d = proposal.description;
  const row = decision.row === undefined ? 'none' : `${decision.row.view} × ${decision.row.iv}${decision.row.regime === undefined ? '' : ` × ${decision.row.regime}`}`;
  return {
    schema: 'OptionsStrategyProposedV1',
    proposalId: intent.intentId,
    accountId: meta.accountId,
    signalId: signal.signalId,
    strategyId: signal.strategyId,
    symbol: signal.symbol,
    decision: {
      direction: signal.direction,
      strength: signal.strength,
      view: decision.view ?? 'none',
      ivBucket: decision.ivBucket,
      ...(decision.ivRank === undefined ? {} : { ivRank: Math.min(1, Math.max(0, decision.ivRank)) }),
      row,
      reason: decision.reason.slice(0, 1000),
    },
    structure: proposal.structure,
    quantity: proposal.quantity,
    expiry: proposal.expiry,
    daysToExpiry: proposal.daysToExpiry,
    underlyingPrice: decimal(proposal.underlyingPrice, 4).replace(/\.?0+$/, ''),
    legs: proposal.legs.map((l) => ({
      contractSymbol: l.contractSymbol,
      right: l.right,
      strike: l.strike,
      ratio: l.ratio,
      side: l.side,
      positionIntent: l.positionIntent,
      bid: String(l.bid),
      ask: String(l.ask),
      iv: l.iv,
      delta: Math.max(-1, Math.min(1, l.delta)),
      ...(l.openInterest === undefined ? {} : { openInterest: l.openInterest }),
    })),
    netMid: decimal(proposal.netMid, 4),
    limitPrice: decimal(proposal.limitPrice, 2),
    summary: {
      entryCost: d.entry.cost,
      maxProfit: finiteOrNull(d.payoff.maxProfit),
      maxLoss: finiteOrNull(d.payoff.maxLoss),
      breakevens: d.payoff.breakevens.slice(0, 8),
      probabilityOfProfit: Math.min(1, Math.max(0, d.probabilityOfProfit.value)),
      greeks: { delta: d.greeks.delta, gamma: d.greeks.gamma, vega: d.greeks.vega, thetaPerDay: d.greeks.thetaPerDay },
      marginRequirement: Math.max(0, d.margin.requirement),
    },
    sizing: {
      equity: proposal.sizing.equity,
      riskFraction: proposal.sizing.riskFraction,
      budget: decimal(proposal.sizing.budget, 2),
      maxLossPerUnit: decimal(proposal.sizing.maxLossPerUnit, 2),
      reason: proposal.sizing.reason.slice(0, 300),
    },
    intent,
    submitted: meta.submitted,
    proposedAt: meta.now,
    marketDataAt: meta.marketDataAt,
  };
}
