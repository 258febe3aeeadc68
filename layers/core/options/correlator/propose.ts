/**
 * The correlator end to end, pure: signal + IV rank → table row (./decide) → contracts from the chain
 * (./select) → analysis (describeStrategy at the prices the order would pay) → size (max loss against a risk
 * budget, whole contracts) → the order intent with its legs. The first structure of the row that the chain and
 * the account can carry is proposed; each structure that could not be is listed with its reason.
 */
import type { OrderIntentV1, OptionLegOrderV1 } from '../../../contracts';
import type { TradingCalendar } from '../../market/calendar';
import type { OptionChainSnapshot } from '../chain/chain';
import { europeanGreeks } from '../greeks';
import { describeStrategy, type StrategyDescription } from '../strategies/describe';
import { CONTRACT_MULTIPLIER, optionLeg, type Strategy, type StrategyLeg } from '../strategies/legs';
import type { CorrelatorConfig } from './config';
import { decideStructure, type Decision, type SignalInput } from './decide';
import { selectStructure, type SelectedLeg, type SelectedStructure } from './select';
import type { CorrelatorStructure } from './table';

/** The stock signal with the identifiers the intent carries. */
export interface CorrelatorSignal extends SignalInput {
  readonly signalId: string;
  readonly accountId: string;
  readonly strategyId: string;
  readonly symbol: string;
}

export interface ProposalInputs {
  readonly signal: CorrelatorSignal;
  /** 0..1, or undefined when no usable history exists (the table's `unknown` column). */
  readonly ivRank?: number;
  /** Where the IV rank came from (or why it is unknown), for the reason. */
  readonly ivRankNote?: string;
  readonly snapshot: OptionChainSnapshot;
  /** Account equity, USD (decimal text). */
  readonly equity: string;
  /** Shares of the underlying held (covered calls need 100 per contract). */
  readonly sharesHeld: number;
  /** When the proposal is made, UTC ms. */
  readonly now: number;
}

export interface ProposedLeg {
  readonly contractSymbol: string;
  readonly right: 'call' | 'put';
  readonly strike: string;
  readonly expiry: string;
  readonly ratio: number;
  readonly side: 'buy' | 'sell';
  readonly positionIntent: 'buy_to_open' | 'sell_to_open';
  readonly bid: number;
  readonly ask: number;
  readonly mid: number;
  readonly iv: number;
  readonly delta: number;
  readonly openInterest?: number;
}

export interface SizingResult {
  readonly equity: string;
  readonly riskFraction: number;
  readonly budget: number;
  /** Worst loss of one unit at the order's prices, USD. */
  readonly maxLossPerUnit: number;
  readonly units: number;
  readonly reason: string;
}

export interface OptionsProposal {
  readonly structure: CorrelatorStructure;
  readonly quantity: number;
  readonly expiry: string;
  readonly daysToExpiry: number;
  readonly underlyingPrice: number;
  readonly legs: readonly ProposedLeg[];
  /** Per share of one unit: + debit, − credit. */
  readonly netMid: number;
  readonly netNatural: number;
  /** The order's limit per share of one unit (+ debit, − credit), rounded to cents against us. */
  readonly limitPrice: number;
  readonly description: StrategyDescription;
  readonly sizing: SizingResult;
  readonly selectionReason: string;
}

export type ProposalOutcome =
  | { readonly kind: 'proposed'; readonly decision: Decision; readonly proposal: OptionsProposal; readonly intent: OrderIntentV1; readonly attempts: readonly string[] }
  | { readonly kind: 'none'; readonly decision: Decision; readonly reason: string; readonly attempts: readonly string[] };

const cents = (x: number, direction: 'up' | 'down'): number => (direction === 'up' ? Math.ceil(x * 100 - 1e-9) : Math.floor(x * 100 + 1e-9)) / 100;
const money2 = (x: number): string => x.toFixed(2);
/** Decimal text of a positive price with up to 4 places (quotes are cents; mids half-cents). */
const price4 = (x: number): string => String(Math.round(x * 10_000) / 10_000);

/** Execution price of a leg per share: natural (ask to buy, bid to sell) or mid. */
const legPrice = (leg: SelectedLeg, pricing: CorrelatorConfig['selection']['limitPricing']): number =>
  pricing === 'mid' ? leg.contract.mid : leg.direction === 1 ? leg.contract.ask : leg.contract.bid;

/** The position in the strategies room's terms, priced at the order's leg prices with the chain's mid IVs. */
export function strategyOf(selected: SelectedStructure, units: number, pricing: CorrelatorConfig['selection']['limitPricing']): Strategy {
  const legs: StrategyLeg[] = selected.legs.map((leg) =>
    optionLeg(leg.contract.right, { strike: leg.contract.strike, premium: legPrice(leg, pricing), iv: leg.contract.iv }, selected.T, leg.direction * leg.ratio * units, leg.contract.entry.contract.multiplier),
  );
  // A covered call's shares are already held: they are part of the position the description analyses.
  if (selected.structure === 'covered-call') legs.unshift({ type: 'stock', quantity: units * CONTRACT_MULTIPLIER, price: selected.spot });
  return { structure: selected.structure, quantity: units, legs };
}

function size(selected: SelectedStructure, inputs: ProposalInputs, config: CorrelatorConfig, maxLossPerUnit: number): SizingResult {
  const { riskFraction, maxContracts } = config.selection;
  const budget = Number(inputs.equity) * riskFraction;
  const base = { equity: inputs.equity, riskFraction, budget, maxLossPerUnit };
  if (selected.structure === 'covered-call') {
    const coverable = Math.floor(inputs.sharesHeld / CONTRACT_MULTIPLIER);
    const units = Math.min(coverable, maxContracts);
    return { ...base, units, reason: units === 0 ? `a covered call needs ${CONTRACT_MULTIPLIER} shares per contract; ${inputs.sharesHeld} held` : `${units} contracts covered by ${inputs.sharesHeld} shares held (max ${maxContracts}); the shares' risk is already in the account` };
  }
  if (!(maxLossPerUnit > 0) || !Number.isFinite(maxLossPerUnit)) return { ...base, units: 0, reason: `max loss per unit ${maxLossPerUnit} is not a positive finite amount: not sized` };
  const affordable = Math.floor(budget / maxLossPerUnit + 1e-9);
  const units = Math.max(0, Math.min(affordable, maxContracts));
  const reason =
    units === 0
      ? `budget ${money2(budget)} (${riskFraction} of equity ${inputs.equity}) cannot afford one unit (max loss ${money2(maxLossPerUnit)})`
      : `${units} unit${units === 1 ? '' : 's'}: budget ${money2(budget)} (${riskFraction} of equity ${inputs.equity}) / max loss ${money2(maxLossPerUnit)} per unit = ${affordable}${affordable > maxContracts ? `, capped at ${maxContracts}` : ''}`;
  return { ...base, units, reason };
}

function proposedLegs(selected: SelectedStructure): ProposedLeg[] {
  return selected.legs.map((leg) => {
    const c = leg.contract;
    return {
      contractSymbol: c.entry.contract.symbol,
      right: c.right,
      strike: c.entry.contract.strike,
      expiry: c.entry.contract.expiry,
      ratio: leg.ratio,
      side: leg.direction === 1 ? 'buy' : 'sell',
      positionIntent: leg.direction === 1 ? 'buy_to_open' : 'sell_to_open',
      bid: c.bid,
      ask: c.ask,
      mid: c.mid,
      iv: c.iv,
      delta: c.delta,
      ...(c.openInterest === undefined ? {} : { openInterest: c.openInterest }),
    };
  });
}

/** Per-contract Greeks per share (delta from the chain's pricer; gamma and vega per vol point from BSM at the mid IV). */
function legGreeks(selected: SelectedStructure, leg: SelectedLeg, config: CorrelatorConfig): { delta: number; gamma: number; vega: number } {
  const c = leg.contract;
  const g = europeanGreeks({ kind: c.right, S: selected.spot, K: c.strike, T: selected.T, r: config.selection.r, q: config.selection.q, sigma: c.iv });
  return { delta: Math.max(-1, Math.min(1, c.delta)), gamma: Number.isFinite(g.gamma) ? g.gamma : 0, vega: Number.isFinite(g.vegaPct) ? g.vegaPct : 0 };
}

/**
 * The deterministic intent id of a signal's options order: the signal id (shortened to fit) + `:opt`. Not the
 * structure: a redelivered signal that meets a moved chain may pick another structure, and must still become
 * the same intent (verify-trade's first decision is final, execution claims once per intent).
 */
export function proposalIdFor(signalId: string): string {
  return `${signalId.slice(0, 100)}:opt`;
}

function intentOf(inputs: ProposalInputs, selected: SelectedStructure, proposal: Omit<OptionsProposal, 'description' | 'selectionReason'>, config: CorrelatorConfig): OrderIntentV1 {
  const { signal } = inputs;
  const base = {
    schema: 'OrderIntentV1' as const,
    intentId: proposalIdFor(signal.signalId),
    accountId: signal.accountId,
    strategyId: signal.strategyId,
    signalId: signal.signalId,
    symbol: signal.symbol,
    quantity: String(proposal.quantity),
    orderType: 'limit' as const,
    timeInForce: 'day' as const,
    marketDataAt: inputs.snapshot.asOf,
    createdAt: inputs.now,
  };
  const referencePrice = price4(Math.max(0.01, Math.abs(proposal.netMid)));
  const side = proposal.limitPrice > 0 ? ('buy' as const) : ('sell' as const);
  if (selected.legs.length === 1) {
    const leg = selected.legs[0] as SelectedLeg;
    const c = leg.contract.entry.contract;
    return {
      ...base,
      side,
      limitPrice: money2(Math.abs(proposal.limitPrice)),
      referencePrice,
      option: { contractSymbol: c.symbol, right: c.right, strike: c.strike, expiry: c.expiry, multiplier: c.multiplier, greeks: legGreeks(selected, leg, config) },
    };
  }
  const legs: OptionLegOrderV1[] = selected.legs.map((leg) => {
    const c = leg.contract.entry.contract;
    return {
      contractSymbol: c.symbol,
      right: c.right,
      strike: c.strike,
      expiry: c.expiry,
      multiplier: c.multiplier,
      ratio: leg.ratio,
      side: leg.direction === 1 ? 'buy' : 'sell',
      positionIntent: leg.direction === 1 ? 'buy_to_open' : 'sell_to_open',
      greeks: legGreeks(selected, leg, config),
    };
  });
  return {
    ...base,
    side,
    limitPrice: money2(Math.abs(proposal.limitPrice)),
    referencePrice,
    multiLeg: { structure: selected.structure, legs, maxLossPerUnit: money2(cents(proposal.sizing.maxLossPerUnit, 'up')) },
  };
}

/** Net per share of one unit at the given leg prices (+ debit, − credit). */
function net(selected: SelectedStructure, price: (leg: SelectedLeg) => number): number {
  return selected.legs.reduce((sum, leg) => sum + leg.direction * leg.ratio * price(leg), 0);
}

/** Proposes one structure, or says why none: the first structure of the decision's row that can be carried wins. */
export function proposeOptionsStructure(inputs: ProposalInputs, config: CorrelatorConfig, calendar: TradingCalendar): ProposalOutcome {
  const decision = decideStructure(inputs.signal, inputs.ivRank, config.table, inputs.ivRankNote);
  if (decision.structures.length === 0) return { kind: 'none', decision, reason: decision.reason, attempts: [] };
  const attempts: string[] = [];
  const market = { S: 0, r: config.selection.r, q: config.selection.q };
  const pricing = config.selection.limitPricing;
  for (const structure of decision.structures) {
    const selected = selectStructure(structure, inputs.snapshot, calendar, config.selection);
    if (!selected.ok) {
      attempts.push(`${structure}: ${selected.reason}`);
      continue;
    }
    const s = selected.value;
    const perUnit = describeStrategy(strategyOf(s, 1, pricing), { market: { ...market, S: s.spot } });
    if (!perUnit.ok) {
      attempts.push(`${structure}: cannot analyse: ${perUnit.reason}`);
      continue;
    }
    // A covered call's own max loss is the shares'; sizing uses the share count instead (see size()).
    const maxLossPerUnit = perUnit.value.payoff.maxLossUnbounded ? Number.POSITIVE_INFINITY : (perUnit.value.payoff.maxLoss ?? Number.POSITIVE_INFINITY);
    const sizing = size(s, inputs, config, maxLossPerUnit);
    if (sizing.units === 0) {
      attempts.push(`${structure}: ${sizing.reason}`);
      continue;
    }
    const netMid = net(s, (leg) => leg.contract.mid);
    const netNatural = net(s, (leg) => (leg.direction === 1 ? leg.contract.ask : leg.contract.bid));
    const rawLimit = pricing === 'mid' ? netMid : netNatural;
    // Rounded to cents against us: pay at most a cent more on a debit, accept a cent less on a credit.
    const limitPrice = rawLimit >= 0 ? cents(rawLimit, 'up') : -cents(-rawLimit, 'down');
    if (limitPrice === 0) {
      attempts.push(`${structure}: net price rounds to zero; an order needs a debit or a credit`);
      continue;
    }
    const description = describeStrategy(strategyOf(s, sizing.units, pricing), { market: { ...market, S: s.spot } });
    if (!description.ok) {
      attempts.push(`${structure}: cannot analyse: ${description.reason}`);
      continue;
    }
    const core = {
      structure,
      quantity: sizing.units,
      expiry: s.expiry,
      daysToExpiry: s.daysToExpiry,
      underlyingPrice: s.spot,
      legs: proposedLegs(s),
      netMid,
      netNatural,
      limitPrice,
      sizing,
    };
    const intent = intentOf(inputs, s, core, config);
    attempts.push(`${structure}: proposed`);
    return { kind: 'proposed', decision, proposal: { ...core, description: description.value, selectionReason: s.reason }, intent, attempts };
  }
  return { kind: 'none', decision, reason: `${decision.reason}; none of the row's structures could be proposed: ${attempts.join(' | ')}`, attempts };
}
