/**
 * Buying-power (margin) requirement of a structure, following the Chicago Board Options Exchange's Margin Manual
 * (CBOE, "Margin Manual", 2000; the Reg T and exchange minimums that brokers such as Alpaca apply to options):
 *
 * | structure | rule (`rule` in the result) | requirement |
 * |---|---|---|
 * | long call/put, long straddle/strangle | `long-premium`: "pay for each put or call in full" | premium paid |
 * | covered call | `covered-call`: no requirement on a call covered by the stock; the stock paid in full (cash account) | shares × stock price |
 * | protective put | `protective-put`: stock and put both paid in full (cash account) | shares × stock price + put premium |
 * | cash-secured put | `cash-secured-put`: cash equal to the aggregate exercise price; the proceeds may be applied | strike × 100 × contracts − premium received |
 * | vertical spreads, iron condor, inverse iron condor, butterflies | `defined-risk`: long legs paid in full; a credit spread needs the strike difference with the proceeds applied (iron condor: the greater of its put and call spreads) | max loss at expiry: the debit for debit structures, width × 100 − credit for credit ones |
 * | long calendar | `long-calendar`: the long (later) option paid in full covers the short one | net debit |
 * | naked short call/put | `naked-short`: 100 % of the option proceeds + 20 % of the underlying value − the out-of-the-money amount, at least the proceeds + 10 % of the underlying value (calls) or of the strike (puts) | that, × 100 × contracts |
 * | short straddle/strangle | `short-straddle-strangle`: the greater of the short call and short put requirements plus the proceeds of the other side | that |
 *
 * `account` says where Reg T lets the position live: spreads and naked shorts need a margin account; the rest can be
 * held in a cash account (the figure is the same in both).
 *
 * Broad-based index options use 15 % instead of 20 % (pass `rates`). "Proceeds" are the legs' premiums: pass legs
 * marked at current prices for a maintenance figure. Long options with more than nine months to expiry may be
 * margined at 75 % in a margin account; this module charges them in full (the cash-account figure).
 */
import { analyzeExpiryPayoff } from './breakevens';
import { entryCost, optionLegs, type OptionLeg, type Strategy } from './legs';

/** Percentages of the CBOE naked-option formula. */
export interface NakedMarginRates {
  /** Share of the underlying value (0.20 for equity options, 0.15 for broad-based indexes). */
  readonly underlyingPct: number;
  /** Minimum share of the underlying value (calls) or of the strike (puts): 0.10. */
  readonly minimumPct: number;
}

export const EQUITY_NAKED_RATES: NakedMarginRates = { underlyingPct: 0.2, minimumPct: 0.1 };
export const BROAD_INDEX_NAKED_RATES: NakedMarginRates = { underlyingPct: 0.15, minimumPct: 0.1 };

export type MarginRule = 'long-premium' | 'covered-call' | 'protective-put' | 'cash-secured-put' | 'defined-risk' | 'long-calendar' | 'naked-short' | 'short-straddle-strangle';

export interface MarginRequirement {
  /** Buying power the position needs (currency, ≥ 0). */
  readonly requirement: number;
  readonly rule: MarginRule;
  readonly account: 'cash' | 'margin';
  /** The rule in words, with the CBOE reference. */
  readonly explanation: string;
}

/** CBOE naked short option requirement for |quantity| contracts of one leg with the underlying at S. */
export function nakedOptionRequirement(leg: Pick<OptionLeg, 'right' | 'strike' | 'premium' | 'quantity' | 'multiplier'>, S: number, rates: NakedMarginRates = EQUITY_NAKED_RATES): number {
  const otm = leg.right === 'call' ? Math.max(leg.strike - S, 0) : Math.max(S - leg.strike, 0);
  const minimumBase = leg.right === 'call' ? S : leg.strike;
  const perShare = leg.premium + Math.max(rates.underlyingPct * S - otm, rates.minimumPct * minimumBase);
  return perShare * leg.multiplier * Math.abs(leg.quantity);
}

const RULES: { readonly [K in Strategy['structure']]: MarginRule } = {
  'long-call': 'long-premium',
  'long-put': 'long-premium',
  'long-straddle': 'long-premium',
  'long-strangle': 'long-premium',
  'short-call': 'naked-short',
  'short-put': 'naked-short',
  'short-straddle': 'short-straddle-strangle',
  'short-strangle': 'short-straddle-strangle',
  'covered-call': 'covered-call',
  'protective-put': 'protective-put',
  'cash-secured-put': 'cash-secured-put',
  'bull-call-spread': 'defined-risk',
  'bear-call-spread': 'defined-risk',
  'bull-put-spread': 'defined-risk',
  'bear-put-spread': 'defined-risk',
  'iron-condor': 'defined-risk',
  'inverse-iron-condor': 'defined-risk',
  'call-butterfly': 'defined-risk',
  'put-butterfly': 'defined-risk',
  'call-calendar': 'long-calendar',
  'put-calendar': 'long-calendar',
};

const EXPLANATIONS: { readonly [K in MarginRule]: string } = {
  'long-premium': 'CBOE Margin Manual, long put or call: pay for each option in full (premium paid)',
  'covered-call': 'CBOE Margin Manual, covered call: none on the short call; the stock paid in full in a cash account (stock cost)',
  'protective-put': 'CBOE Margin Manual, long stock with long put: put and stock paid in full in a cash account (stock cost + put premium)',
  'cash-secured-put': 'CBOE Margin Manual, cash-secured put: cash equal to the aggregate exercise price, proceeds applied (strike × 100 − premium)',
  'defined-risk': 'CBOE Margin Manual, spreads: long legs paid in full, credit spreads margined at the strike difference with proceeds applied; equals the max loss at expiry (debit, or width × 100 − credit)',
  'long-calendar': 'CBOE Margin Manual, long calendar spread: the long option expires after the short and is paid in full; net debit',
  'naked-short': 'CBOE Margin Manual, short put or call: 100 % of proceeds + 20 % of the underlying − out-of-the-money amount, minimum proceeds + 10 % of the underlying (calls) or of the strike (puts)',
  'short-straddle-strangle': 'CBOE Margin Manual, short straddle/strangle: the greater of the short call or short put requirement plus the proceeds of the other side',
};

/** Buying power the structure needs with the underlying at `S` (only naked short rules depend on S). */
export function marginRequirement(strategy: Strategy, S: number, rates: NakedMarginRates = EQUITY_NAKED_RATES): MarginRequirement {
  const rule = RULES[strategy.structure];
  const options = optionLegs(strategy);
  const stockCost = strategy.legs.reduce((sum, leg) => sum + (leg.type === 'stock' ? leg.quantity * leg.price : 0), 0);
  let requirement: number;
  switch (rule) {
    case 'long-premium':
    case 'long-calendar':
    case 'protective-put':
      requirement = Math.max(entryCost(strategy), 0);
      break;
    case 'covered-call':
      requirement = stockCost;
      break;
    case 'cash-secured-put':
      requirement = options.reduce((sum, leg) => sum + leg.strike * leg.multiplier * Math.abs(leg.quantity), 0) - Math.max(-entryCost(strategy), 0);
      break;
    case 'defined-risk':
      requirement = Math.max(analyzeExpiryPayoff(strategy).maxLoss, 0);
      break;
    case 'naked-short':
      requirement = options.reduce((sum, leg) => sum + nakedOptionRequirement(leg, S, rates), 0);
      break;
    case 'short-straddle-strangle': {
      const sides = options.map((leg) => ({ naked: nakedOptionRequirement(leg, S, rates), proceeds: leg.premium * leg.multiplier * Math.abs(leg.quantity) }));
      const totalProceeds = sides.reduce((sum, side) => sum + side.proceeds, 0);
      requirement = Math.max(...sides.map((side) => side.naked + totalProceeds - side.proceeds));
      break;
    }
  }
  const account = rule === 'naked-short' || rule === 'short-straddle-strangle' || rule === 'defined-risk' || rule === 'long-calendar' ? 'margin' : 'cash';
  return { requirement: Math.max(requirement, 0), rule, account, explanation: EXPLANATIONS[rule] };
}
