/**
 * Protection proposals for held long stock positions: a protective put or a collar chosen from the live chain
 * (layers/core/options/protection.ts), published as options.strategy.proposed with purpose `protection`. On an
 * operator's request (POST /positions/{symbol}/protect) and, when the policy's `protection` is enabled, from the
 * close risk-report run for positions whose unrealised loss, or a book whose VaR, crosses the policy's threshold.
 * Proposals are never enqueued: the intent in the event is for a person (or a later service) to submit, through
 * the same verify-trade checks as every order.
 */
import { DateTime } from 'luxon';
import type { OptionsStrategyProposedV1, OrderIntentV1, ProtectionPolicyV1, RiskLimitsV1 } from '../../contracts';
import type { TradingCalendar } from '../market';
import * as money from '../money';
import { proposeProtection, type ProtectionConfigInput, type ProtectionProposal } from '../options/protection';
import type { Broker, Clock, EventPublisher, LimitsStore } from '../ports';
import type { OptionsMarketData } from '../ports/optionsMarket';
import type { PortfolioRiskReport } from './reportPortfolioRisk';

const DAY_MS = 86_400_000;
/** The strategy id protection proposals and their intents carry (the audit and rejections group by it). */
export const PROTECTION_STRATEGY_ID = 'protection';

export type ProtectionTrigger = NonNullable<OptionsStrategyProposedV1['protection']>['trigger'];

export interface ProtectPositionDeps {
  readonly accountId: string;
  readonly clock: Clock;
  readonly calendar: TradingCalendar;
  readonly broker: Pick<Broker, 'positions'>;
  readonly options: OptionsMarketData;
  readonly events: EventPublisher;
}

export interface ProtectPositionRequest {
  readonly symbol: string;
  /** Shares to protect (default and at most: the long position). */
  readonly shares?: number;
  readonly trigger: ProtectionTrigger;
  /** Selection settings (defaults: the policy's protection settings, else ProtectionPolicyV1's defaults). */
  readonly settings: Omit<ProtectionPolicyV1, 'enabled' | 'unrealisedLossPct' | 'varUsage'>;
}

export type ProtectPositionOutcome =
  | { readonly kind: 'proposed'; readonly event: OptionsStrategyProposedV1; readonly proposal: ProtectionProposal }
  | { readonly kind: 'none'; readonly symbol: string; readonly reason: string; readonly attempts: readonly string[] };

/** The core's selection config from the contract's settings (the policy's or a request's). */
export function protectionConfigOf(settings: ProtectPositionRequest['settings']): ProtectionConfigInput {
  return {
    structure: settings.structure,
    put: settings.floorPctOtm !== undefined ? { floorPctOtm: settings.floorPctOtm } : { delta: settings.putDelta },
    call: settings.capPctOtm !== undefined ? { capPctOtm: settings.capPctOtm } : { delta: settings.callDelta },
    dte: settings.dte,
    maxPremiumPct: settings.maxPremiumPct,
  };
}

/**
 * One protection proposal: the long position from the broker, the chain over the DTE window, the selection, then
 * options.strategy.proposed. Deterministic ids (symbol, session date, structure): a repeated request on the same
 * day names the same proposal and intent, so verify-trade and execution treat a double submit as one order.
 */
export async function protectPosition(deps: ProtectPositionDeps, request: ProtectPositionRequest): Promise<ProtectPositionOutcome> {
  const symbol = request.symbol.toUpperCase();
  const none = (reason: string, attempts: readonly string[] = []): ProtectPositionOutcome => ({ kind: 'none', symbol, reason, attempts });
  const [now, positions] = await Promise.all([deps.clock.now(), deps.broker.positions()]);
  const held = positions.find((p) => p.symbol === symbol);
  const heldShares = held === undefined ? 0 : Math.trunc(Number(held.quantity));
  if (held === undefined || !(heldShares > 0)) return none(`no long ${symbol} position to protect`);
  if (request.shares !== undefined && request.shares > heldShares) return none(`${request.shares} shares asked, ${heldShares} held`);
  const shares = request.shares ?? heldShares;

  const today = deps.calendar.sessionDate(now);
  const day = (offset: number): string => DateTime.fromMillis(Date.parse(`${today}T00:00:00Z`) + offset * DAY_MS, { zone: 'utc' }).toISODate() ?? today;
  const { dte } = request.settings;
  const chain = await deps.options.chainSnapshot(symbol, { expiryFrom: day(dte.min), expiryTo: day(dte.max) });
  if (chain.entries.length === 0) return none(`no ${symbol} contracts expiring ${day(dte.min)}..${day(dte.max)}`);

  const outcome = proposeProtection({ symbol, shares, costBasis: held.averageEntryPrice, price: held.currentPrice }, chain, deps.calendar, protectionConfigOf(request.settings));
  if (outcome.kind === 'none') return none(outcome.reason, outcome.attempts);
  const event = protectionEvent(deps.accountId, outcome.proposal, { trigger: request.trigger, costBasis: held.averageEntryPrice, now, today, marketDataAt: chain.asOf });
  await deps.events.publish('options.strategy.proposed', event);
  return { kind: 'proposed', event, proposal: outcome.proposal };
}

/**
 * The long stock positions the close run should protect under the policy: every one whose unrealised loss is at
 * least `unrealisedLossPct` of its cost, or every long one when the report's VaR usage is at least `varUsage`.
 */
export function positionsNeedingProtection(
  policy: RiskLimitsV1['protection'],
  positions: readonly { readonly symbol: string; readonly quantity: string; readonly averageEntryPrice: string; readonly unrealizedPl: string }[],
  report: Pick<PortfolioRiskReport, 'limit'>,
): readonly { readonly symbol: string; readonly trigger: ProtectionTrigger; readonly why: string }[] {
  if (policy === undefined || !policy.enabled) return [];
  const longs = positions.filter((p) => !/\d{6}[CP]\d{8}$/.test(p.symbol) && Number(p.quantity) >= 100);
  const usage = report.limit.usage;
  if (policy.varUsage !== undefined && usage !== null && usage >= policy.varUsage) {
    return longs.map((p) => ({ symbol: p.symbol, trigger: 'var-limit' as const, why: `book VaR99 at ${(usage * 100).toFixed(1)} % of its limit (threshold ${(policy.varUsage ?? 0) * 100} %)` }));
  }
  const lossPct = policy.unrealisedLossPct;
  if (lossPct === undefined) return [];
  return longs.flatMap((p) => {
    const cost = money.mul(p.quantity, p.averageEntryPrice);
    if (!money.isPositive(cost) || !money.isNegative(p.unrealizedPl)) return [];
    const loss = Number(money.neg(p.unrealizedPl)) / Number(cost);
    return loss >= lossPct ? [{ symbol: p.symbol, trigger: 'unrealised-loss' as const, why: `unrealised loss ${(loss * 100).toFixed(2)} % of cost (threshold ${(lossPct * 100).toFixed(2)} %)` }] : [];
  });
}

const price2 = (x: string): string => money.round(x, 2);

/** The options.strategy.proposed event of a protection proposal, with the order intent a person would submit. */
export function protectionEvent(
  accountId: string,
  p: ProtectionProposal,
  meta: { readonly trigger: ProtectionTrigger; readonly costBasis: string; readonly now: number; readonly today: string; readonly marketDataAt: number },
): OptionsStrategyProposedV1 {
  const proposalId = `protect:${p.symbol}:${meta.today}:${p.structure}`;
  const net = p.netPremiumPerShare;
  const side = money.isNegative(net) ? ('sell' as const) : ('buy' as const);
  // A limit of at least a cent: a zero-cost collar still needs a positive limit on the order.
  const limitPrice = money.max(price2(money.abs(net)), '0.01');
  const [put, call] = p.legs;
  const base = {
    schema: 'OrderIntentV1' as const,
    intentId: proposalId,
    accountId,
    strategyId: PROTECTION_STRATEGY_ID,
    signalId: proposalId,
    symbol: p.symbol,
    side,
    quantity: String(p.contracts),
    orderType: 'limit' as const,
    limitPrice,
    timeInForce: 'day' as const,
    referencePrice: limitPrice,
    marketDataAt: meta.marketDataAt,
    createdAt: meta.now,
  };
  const legOrder = (l: NonNullable<typeof put>) => ({
    contractSymbol: l.contractSymbol,
    right: l.right,
    strike: l.strike,
    expiry: l.expiry,
    multiplier: 100,
    // No Greeks on the intent: verify-trade prices each contract from the chain it reads then (a stale copy here would mislead the Greek limits).
  });
  let intent: OrderIntentV1;
  if (put !== undefined && call === undefined) intent = { ...base, side: 'buy', option: legOrder(put) };
  else {
    // The collar's option legs as one mleg order; its capital at risk is the protected lot's worst loss from today
    // (the short call is covered by the shares), at least one cent.
    const perLot = money.max(money.div(p.maxLossFromCurrent, String(p.contracts)), '0.01');
    intent = {
      ...base,
      multiLeg: {
        structure: 'collar',
        legs: p.legs.map((l) => ({ ...legOrder(l), ratio: 1, side: l.side, positionIntent: l.positionIntent })),
        maxLossPerUnit: perLot,
      },
    };
  }
  return {
    schema: 'OptionsStrategyProposedV1',
    proposalId,
    accountId,
    signalId: proposalId,
    strategyId: PROTECTION_STRATEGY_ID,
    symbol: p.symbol,
    decision: {
      direction: 'flat',
      strength: 0,
      view: 'protection',
      ivBucket: 'unknown',
      row: `protection × ${p.structure}`,
      reason: `${meta.trigger}: ${p.reason}`.slice(0, 1000),
    },
    structure: p.structure,
    quantity: p.contracts,
    expiry: p.expiry,
    daysToExpiry: p.daysToExpiry,
    underlyingPrice: p.underlyingPrice,
    legs: p.legs.map((l) => ({
      contractSymbol: l.contractSymbol,
      right: l.right,
      strike: l.strike,
      ratio: 1,
      side: l.side,
      positionIntent: l.positionIntent,
      bid: l.bid,
      ask: l.ask,
      iv: l.iv,
      delta: Math.max(-1, Math.min(1, l.delta)),
      ...(l.openInterest === undefined ? {} : { openInterest: l.openInterest }),
    })),
    netMid: p.netPremiumMidPerShare,
    limitPrice: net,
    summary: {
      entryCost: Number(p.netPremium),
      maxProfit: p.maxProfit === null ? null : Number(p.maxProfit),
      maxLoss: Number(p.maxLoss),
      breakevens: [Number(p.breakeven)],
      probabilityOfProfit: p.probabilityAboveBreakeven,
      greeks: p.greeks,
      // Long puts are paid in full and a collar's call is covered by the shares: no margin beyond the debit.
      marginRequirement: 0,
    },
    sizing: {
      equity: money.mul(p.underlyingPrice, String(p.coveredShares)),
      riskFraction: 1,
      budget: p.netPremium,
      maxLossPerUnit: money.div(p.maxLoss, String(p.contracts)),
      reason: `${p.contracts} contracts cover ${p.coveredShares} of ${p.shares} shares (100 per contract)`,
    },
    intent,
    submitted: false,
    proposedAt: meta.now,
    marketDataAt: meta.marketDataAt,
    purpose: 'protection',
    protection: {
      trigger: meta.trigger,
      shares: p.shares,
      coveredShares: p.coveredShares,
      costBasis: money.toDecimalString(meta.costBasis),
      floor: p.floor,
      cap: p.cap,
      netPremium: p.netPremium,
      maxLoss: p.maxLoss,
      maxLossFromCurrent: p.maxLossFromCurrent,
      maxProfit: p.maxProfit,
      breakeven: p.breakeven,
    },
  };
}

/**
 * The close run's protection step, after the risk report is stored: with the policy's protection enabled, a
 * proposal for each long lot `positionsNeedingProtection` selects (unrealised loss, or the book's VaR usage).
 * Each symbol is tried on its own: one failing chain does not stop the others (its error is in `failed`).
 */
export async function protectAfterRiskReport(
  deps: ProtectPositionDeps & { readonly limits: Pick<LimitsStore, 'currentLimits'> },
  report: Pick<PortfolioRiskReport, 'limit' | 'routine'>,
): Promise<{ readonly proposed: readonly OptionsStrategyProposedV1[]; readonly none: readonly string[]; readonly failed: readonly string[] }> {
  const policy = (await deps.limits.currentLimits(deps.accountId)).limits.protection;
  if (policy === undefined || !policy.enabled || report.routine !== 'close') return { proposed: [], none: [], failed: [] };
  const selected = positionsNeedingProtection(policy, await deps.broker.positions(), report);
  const proposed: OptionsStrategyProposedV1[] = [];
  const none: string[] = [];
  const failed: string[] = [];
  for (const s of selected) {
    try {
      const outcome = await protectPosition(deps, { symbol: s.symbol, trigger: s.trigger, settings: policy });
      if (outcome.kind === 'proposed') proposed.push(outcome.event);
      else none.push(`${s.symbol} (${s.why}): ${outcome.reason}`);
    } catch (error) {
      failed.push(`${s.symbol}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { proposed, none, failed };
}
