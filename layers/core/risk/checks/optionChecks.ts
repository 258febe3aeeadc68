import type { OrderIntentV1 } from '../../../contracts';
import * as money from '../../money';
import { checkResult, limitsFor, type PreTradeCheck, type PreTradeContext } from '../preTradeCheck';
import { limitText, notMeasured, withinLimit } from './common';
import { currentQuantity, isOptionSymbol, portfolioExposure } from './exposure';
import { orderGreeks } from '../optionGreeks';

/**
 * execute-order places equity orders, single option contracts (by OCC symbol) and multi-leg option
 * orders (Alpaca `order_class: mleg`). The check stays in the registry so the audit records which
 * execution path an intent takes, and so a future instrument kind fails here until execution exists.
 */
export const instrumentExecutableCheck: PreTradeCheck = {
  checkId: 'instrumentExecutable',
  description: 'The execution path can place this kind of instrument',
  evaluate: (intent) => {
    const supported = 'us_equity, us_option, mleg';
    if (intent.multiLeg !== undefined) {
      return checkResult('instrumentExecutable', true, `multi-leg ${intent.multiLeg.structure} (${intent.multiLeg.legs.length} legs): placed as one mleg order`, 'us_option mleg', supported);
    }
    return intent.option === undefined
      ? checkResult('instrumentExecutable', true, 'equity order', 'us_equity', supported)
      : checkResult('instrumentExecutable', true, `option ${intent.option.contractSymbol}: placed as an option order`, 'us_option', supported);
  },
};

/**
 * The options approval level the order needs (Alpaca's levels): 1 covered call / cash-secured put,
 * 2 long calls and puts (and closing them), 3 spreads; an uncovered short call needs 4, which no
 * level here grants.
 */
export function requiredOptionLevel(intent: OrderIntentV1, context: Pick<PreTradeContext, 'positions'>): number {
  if (intent.multiLeg !== undefined) return 3; // spreads and other multi-leg structures
  const option = intent.option;
  if (option === undefined) return 0;
  const held = money.dec(currentQuantity(context.positions, option.contractSymbol));
  if (intent.side === 'buy') return 2;
  if (held.greaterThanOrEqualTo(money.dec(intent.quantity))) return 2; // selling to close a long
  const opening = money.dec(intent.quantity).minus(held.greaterThan(0) ? held : money.dec('0'));
  if (option.right === 'put') return 1; // cash secured: buying power is the cash check
  const shares = money.dec(currentQuantity(context.positions, intent.symbol));
  return shares.greaterThanOrEqualTo(opening.times(option.multiplier)) ? 1 : 4;
}

/** An option order needs an approval level the account has and the house allows. */
export const optionsApprovalCheck: PreTradeCheck = {
  checkId: 'optionsApproval',
  description: 'The account is approved for this option order',
  evaluate: (intent, context) => {
    const houseLevel = limitsFor(intent, context).maxOptionLevel;
    if (intent.option === undefined && intent.multiLeg === undefined) return checkResult('optionsApproval', true, 'not an option order', '0', String(houseLevel));
    const accountLevel = context.market?.optionsApprovalLevel;
    const allowed = Math.min(accountLevel ?? 0, houseLevel);
    const required = requiredOptionLevel(intent, context);
    const why = accountLevel === undefined ? 'no account approval level in the snapshot' : `account level ${accountLevel}, house level ${houseLevel}`;
    return withinLimit('optionsApproval', String(required), String(allowed), (ok) =>
      `${intent.side} ${intent.option?.contractSymbol ?? `${intent.multiLeg?.structure ?? 'option'} on ${intent.symbol}`} needs level ${required}; ${why}${ok ? '' : ': not approved'}`);
  },
};

/** Contracts per option order. */
export const optionContractsCheck: PreTradeCheck = {
  checkId: 'optionContracts',
  description: 'One option order is not for more contracts than the limit',
  evaluate: (intent, context) => {
    const limit = String(limitsFor(intent, context).maxOptionContractsPerOrder);
    if (intent.multiLeg !== undefined) {
      // The largest leg: units × its ratio contracts of one series.
      const ratio = Math.max(...intent.multiLeg.legs.map((l) => l.ratio));
      const contracts = money.mul(intent.quantity, String(ratio));
      return withinLimit('optionContracts', contracts, limit, (ok) => `${contracts} contracts in the largest leg ${ok ? 'within' : 'exceed'} ${limit}`);
    }
    if (intent.option === undefined) return checkResult('optionContracts', true, 'not an option order', '0', limit);
    return withinLimit('optionContracts', intent.quantity, limit, (ok) => `${intent.quantity} contracts ${ok ? 'within' : 'exceed'} ${limit}`);
  },
};

type Greek = 'delta' | 'gamma' | 'vega';

/**
 * Portfolio Greek before and after the order: option positions from the snapshot's position
 * Greeks; an equity position without an entry has delta = quantity and no gamma or vega. The
 * order adds its per-contract Greek × multiplier × signed contracts (a share: delta 1; a
 * multi-leg order the sum over its legs, each signed by its own side).
 * Undefined (with what is missing) when an option position or an option order has no Greeks.
 */
export function portfolioGreek(intent: OrderIntentV1, context: PreTradeContext, greek: Greek): { before: number; after: number } | { missing: string } {
  const greeks = context.market?.positionGreeks;
  let before = 0;
  for (const p of context.positions) {
    const entry = greeks !== undefined && Object.hasOwn(greeks, p.symbol) ? greeks[p.symbol] : undefined;
    if (entry !== undefined) before += entry[greek];
    else if (isOptionSymbol(p.symbol)) return { missing: `no Greeks for option position ${p.symbol}` };
    else if (greek === 'delta') before += Number(p.quantity);
  }
  // An option or multi-leg order: its own Greeks when it carries them, else the snapshot's (priced from the chain).
  const own = orderGreeks(intent);
  let order: number;
  if (own === undefined) order = greek === 'delta' ? (intent.side === 'buy' ? 1 : -1) * Number(intent.quantity) : 0;
  else if (!('missing' in own)) order = own[greek];
  else if (context.market?.orderGreeks !== undefined) order = context.market.orderGreeks[greek];
  else return { missing: own.missing };
  return { before, after: before + order };
}

function greekCheck(checkId: string, greek: Greek, limitOf: (l: ReturnType<typeof limitsFor>) => number | undefined, unit: string): PreTradeCheck {
  return {
    checkId,
    description: `Portfolio ${greek} after the order stays within the limit`,
    evaluate: (intent, context) => {
      const configured = limitOf(limitsFor(intent, context));
      if (configured === undefined) return checkResult(checkId, true, `no ${greek} limit in the policy`, 'n/a', 'none');
      const limit = limitText(configured);
      const g = portfolioGreek(intent, context, greek);
      if ('missing' in g) return notMeasured(checkId, intent, context, g.missing, limit);
      // Greeks are analytics-grade floats: 6 places, rounded away from zero so the shown figure is never the smaller one.
      const measured = money.toDecimalString(money.dec(Math.abs(g.after).toFixed(12)).toDecimalPlaces(6, 0));
      if (Math.abs(g.after) <= Math.abs(g.before)) return checkResult(checkId, true, `order lowers |${greek}| (${g.before.toFixed(2)} → ${g.after.toFixed(2)})`, measured, limit);
      return withinLimit(checkId, measured, limit, (ok) => `portfolio |${greek}| after the order ${measured} ${unit} ${ok ? 'within' : 'exceeds'} ${limit}`);
    },
  };
}

export const portfolioDeltaCheck = greekCheck('portfolioDelta', 'delta', (l) => l.maxAbsDelta, 'share-equivalents');
export const portfolioGammaCheck = greekCheck('portfolioGamma', 'gamma', (l) => l.maxAbsGamma, 'per $1');
export const portfolioVegaCheck = greekCheck('portfolioVega', 'vega', (l) => l.maxAbsVega, 'per vol point');

