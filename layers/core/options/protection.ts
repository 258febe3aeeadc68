/**
 * Protection for a long stock position: a protective put (long 1 put per 100 shares) or a collar (long put +
 * short call per 100 shares, the call's premium paying for some or all of the put), chosen from a chain snapshot
 * by days to expiry, put delta or % out of the money (the floor), call delta or % OTM (the cap), liquidity and a
 * premium budget as a share of the position's value. Pure: no I/O, no clock.
 *
 * Figures are exact decimals (premiums, strikes, costs) and priced at the natural (buy at the ask, sell at the
 * bid), the price a marketable order pays; the mid is reported beside it. Losses are at expiry, for the shares the
 * contracts cover (whole 100-share lots); shares beyond the last full lot stay unprotected and are reported so.
 * Deltas come from the correlator's pricer (American Bjerksund–Stensland 2002 at the mid IV by default).
 */
import { z } from 'zod';
import type { TradingCalendar } from '../market/calendar';
import { parseDecimal } from '../market/exact';
import * as money from '../money';
import type { OptionChainSnapshot } from './chain';
import { yearsToExpiry } from './chain/contract';
import { candidatesOf, eligibleExpiries, SelectionConfigSchema, type CandidateContract } from './correlator';
import { europeanGreeks } from './greeks';
import { normCdf } from './normal';

const fraction = z.number().min(0).max(1);
const deltaBand = z.strictObject({ target: fraction, tolerance: fraction });

export const ProtectionConfigSchema = z.strictObject({
  structure: z.enum(['protective-put', 'collar']).default('protective-put'),
  /** The put: |Δ| within target ± tolerance (closest to target), or the highest strike ≤ spot × (1 − floorPctOtm). */
  put: z.union([z.strictObject({ delta: deltaBand }), z.strictObject({ floorPctOtm: z.number().min(0).max(0.5) })]).default({ delta: { target: 0.25, tolerance: 0.1 } }),
  /** The collar's call: |Δ| within target ± tolerance, or the lowest strike ≥ spot × (1 + capPctOtm). Always above the spot and the put. */
  call: z.union([z.strictObject({ delta: deltaBand }), z.strictObject({ capPctOtm: z.number().min(0).max(1) })]).default({ delta: { target: 0.25, tolerance: 0.1 } }),
  /** Calendar days to expiry: [min, max], the expiry closest to target tried first. */
  dte: z
    .strictObject({ min: z.number().int().min(0), max: z.number().int().min(1), target: z.number().int().min(0) })
    .refine((d) => d.min <= d.target && d.target <= d.max, { message: 'need min ≤ target ≤ max' })
    .default({ min: 30, max: 120, target: 60 }),
  /** Largest net debit (natural) as a fraction of the covered shares' market value. */
  maxPremiumPct: z.number().positive().max(1).default(0.03),
  /** Quote filters, as the correlator's (spread to mid, minimum bid, open interest). */
  liquidity: SelectionConfigSchema.shape.liquidity,
  r: z.number().min(-0.1).max(0.5).default(0),
  q: z.number().min(0).max(0.5).default(0),
  model: z.enum(['american-bs2002', 'european']).default('american-bs2002'),
});
export type ProtectionConfig = z.infer<typeof ProtectionConfigSchema>;
export type ProtectionConfigInput = z.input<typeof ProtectionConfigSchema>;

/** The long stock position to protect (prices per share, exact decimals). */
export interface StockPosition {
  readonly symbol: string;
  /** Shares held (> 0). */
  readonly shares: number;
  /** Average cost per share. */
  readonly costBasis: string;
  /** Current price per share. */
  readonly price: string;
}

export interface ProtectionLeg {
  readonly contractSymbol: string;
  readonly right: 'call' | 'put';
  readonly strike: string;
  readonly expiry: string;
  readonly side: 'buy' | 'sell';
  readonly positionIntent: 'buy_to_open' | 'sell_to_open';
  readonly contracts: number;
  readonly bid: string;
  readonly ask: string;
  readonly iv: number;
  readonly delta: number;
  readonly openInterest?: number;
}

export interface ProtectionProposal {
  readonly structure: 'protective-put' | 'collar';
  readonly symbol: string;
  readonly expiry: string;
  readonly daysToExpiry: number;
  readonly underlyingPrice: string;
  readonly shares: number;
  /** Shares the contracts cover (contracts × 100); the rest stays unprotected. */
  readonly coveredShares: number;
  readonly uncoveredShares: number;
  readonly contracts: number;
  readonly legs: readonly ProtectionLeg[];
  /** Per share at the natural: + debit, − credit. */
  readonly netPremiumPerShare: string;
  /** Per share at the mids: + debit, − credit. */
  readonly netPremiumMidPerShare: string;
  /** netPremiumPerShare × coveredShares (USD). */
  readonly netPremium: string;
  /** netPremium / (coveredShares × price); negative for a net credit. */
  readonly premiumPctOfPosition: number;
  /** The put strike: the lowest price the covered shares can be sold at until expiry. */
  readonly floor: string;
  /** The call strike of a collar (gains above it are given up); null for a protective put. */
  readonly cap: string | null;
  /** Worst loss at expiry against the cost basis, covered shares: (cost − floor + net) × shares; ≤ 0 means a gain is locked in. */
  readonly maxLoss: string;
  /** Worst loss at expiry against today's value: (price − floor + net) × covered shares. */
  readonly maxLossFromCurrent: string;
  /** Best gain at expiry against the cost basis: (cap − cost − net) × covered shares; null (unbounded) for a protective put. */
  readonly maxProfit: string | null;
  /** The expiry price at which the protected position breaks even against the cost basis: cost + net per share. */
  readonly breakeven: string;
  /** Risk-neutral P(S_T > breakeven): lognormal at the put's mid IV and the config's rates (a model figure, not a forecast). */
  readonly probabilityAboveBreakeven: number;
  /** Greeks of the protected lots (covered shares + legs): delta in shares, gamma per $1, vega per 1.0 of vol, theta per calendar day, BSM at each leg's IV. */
  readonly greeks: { readonly delta: number; readonly gamma: number; readonly vega: number; readonly thetaPerDay: number };
  readonly reason: string;
}

export type ProtectionOutcome =
  | { readonly kind: 'proposed'; readonly proposal: ProtectionProposal; readonly attempts: readonly string[] }
  | { readonly kind: 'none'; readonly reason: string; readonly attempts: readonly string[] };

const SHARES_PER_CONTRACT = 100;

/** The contract whose |Δ| is within the band and closest to its target (ties: the higher strike for puts, the lower for calls). */
function byDelta(candidates: readonly CandidateContract[], band: { readonly target: number; readonly tolerance: number }): CandidateContract | undefined {
  const inBand = candidates.filter((c) => Math.abs(Math.abs(c.delta) - band.target) <= band.tolerance + 1e-12);
  return inBand.sort((a, b) => Math.abs(Math.abs(a.delta) - band.target) - Math.abs(Math.abs(b.delta) - band.target) || (a.right === 'put' ? b.strike - a.strike : a.strike - b.strike))[0];
}

const exactQuote = (c: CandidateContract): { readonly bid: string; readonly ask: string } => ({
  bid: money.toDecimalString(c.entry.quote?.bid?.price ?? '0'),
  ask: money.toDecimalString(c.entry.quote?.ask?.price ?? '0'),
});

function legOf(c: CandidateContract, side: 'buy' | 'sell', contracts: number): ProtectionLeg {
  const q = exactQuote(c);
  return {
    contractSymbol: c.entry.contract.symbol,
    right: c.right,
    strike: money.toDecimalString(c.entry.contract.strike),
    expiry: c.entry.contract.expiry,
    side,
    positionIntent: side === 'buy' ? 'buy_to_open' : 'sell_to_open',
    contracts,
    bid: q.bid,
    ask: q.ask,
    iv: c.iv,
    delta: c.delta,
    ...(c.openInterest === undefined ? {} : { openInterest: c.openInterest }),
  };
}

/**
 * A protective put or collar for `position` from `chain`, or "none" with the reason (and what each eligible expiry
 * lacked). The position must be long at least 100 shares; the contracts cover ⌊shares / 100⌋ lots.
 */
export function proposeProtection(position: StockPosition, chain: OptionChainSnapshot, calendar: TradingCalendar, input: ProtectionConfigInput = {}): ProtectionOutcome {
  const config = ProtectionConfigSchema.parse(input);
  const contracts = Math.floor(position.shares / SHARES_PER_CONTRACT);
  if (!Number.isInteger(position.shares) || contracts < 1) return { kind: 'none', reason: `${position.shares} shares: protection needs a long position of at least ${SHARES_PER_CONTRACT} shares`, attempts: [] };
  if (!money.isPositive(position.price)) return { kind: 'none', reason: `no usable price for ${position.symbol} (${position.price})`, attempts: [] };
  const covered = contracts * SHARES_PER_CONTRACT;
  // Without a price in the chain the position's price stands in (the deltas need a spot).
  const snapshot: OptionChainSnapshot = chain.underlyingPrice === undefined ? { ...chain, underlyingPrice: { price: parseDecimal(position.price), source: 'last-trade', ts: chain.asOf } } : chain;
  const spot = Number(snapshot.underlyingPrice?.price ?? position.price);
  const selection = SelectionConfigSchema.parse({ dte: config.dte, liquidity: config.liquidity, r: config.r, q: config.q, model: config.model });
  const expiries = eligibleExpiries(snapshot, calendar, config.dte);
  if (expiries.length === 0) return { kind: 'none', reason: `no expiry with ${config.dte.min}–${config.dte.max} days to expiry in the ${chain.underlying} chain`, attempts: [] };

  const positionValue = money.mul(position.price, String(covered));
  const budget = money.mul(positionValue, String(config.maxPremiumPct));
  const attempts: string[] = [];
  for (const { expiry, days } of expiries) {
    const { liquid } = candidatesOf(snapshot, expiry, calendar, selection);
    const puts = liquid.filter((c) => c.right === 'put' && c.strike <= spot);
    let put: CandidateContract | undefined;
    let putRule: string;
    if ('floorPctOtm' in config.put) {
      const limit = spot * (1 - config.put.floorPctOtm);
      put = puts.filter((c) => c.strike <= limit + 1e-9).sort((a, b) => b.strike - a.strike)[0];
      putRule = `highest strike ≤ ${limit.toFixed(2)} (${(config.put.floorPctOtm * 100).toFixed(1)} % below ${spot})`;
    } else {
      put = byDelta(puts, config.put.delta);
      putRule = `|Δ| ${config.put.delta.target} ± ${config.put.delta.tolerance}`;
    }
    if (put === undefined) {
      attempts.push(`${expiry} (${days}d): no liquid put with ${putRule} among ${puts.length} out-of-the-money puts`);
      continue;
    }
    const putQuote = exactQuote(put);
    let call: CandidateContract | undefined;
    let callRule = '';
    if (config.structure === 'collar') {
      const putStrike = put.strike;
      const calls = liquid.filter((c) => c.right === 'call' && c.strike > spot && c.strike > putStrike);
      if ('capPctOtm' in config.call) {
        const limit = spot * (1 + config.call.capPctOtm);
        call = calls.filter((c) => c.strike >= limit - 1e-9).sort((a, b) => a.strike - b.strike)[0];
        callRule = `lowest strike ≥ ${limit.toFixed(2)}`;
      } else {
        call = byDelta(calls, config.call.delta);
        callRule = `|Δ| ${config.call.delta.target} ± ${config.call.delta.tolerance}`;
      }
      if (call === undefined) {
        attempts.push(`${expiry} (${days}d): put ${put.entry.contract.symbol} found, but no liquid out-of-the-money call with ${callRule} among ${calls.length}`);
        continue;
      }
    }
    const callQuote = call === undefined ? undefined : exactQuote(call);
    const netPerShare = callQuote === undefined ? putQuote.ask : money.sub(putQuote.ask, callQuote.bid);
    const midPerShare = money.round(call === undefined ? String(put.mid) : money.sub(String(put.mid), String(call.mid)), 4);
    const netPremium = money.mul(netPerShare, String(covered));
    if (money.compare(netPremium, budget) > 0) {
      attempts.push(`${expiry} (${days}d): net debit $${netPremium} over the budget $${money.round(budget, 2)} (${(config.maxPremiumPct * 100).toFixed(2)} % of $${positionValue})`);
      continue;
    }
    const floor = money.toDecimalString(put.entry.contract.strike);
    const cap = call === undefined ? null : money.toDecimalString(call.entry.contract.strike);
    const perShareLoss = money.add(money.sub(position.costBasis, floor), netPerShare);
    const legs = [legOf(put, 'buy', contracts), ...(call === undefined ? [] : [legOf(call, 'sell', contracts)])];
    const T = yearsToExpiry(expiry, snapshot.asOf, calendar);
    const breakeven = money.add(position.costBasis, netPerShare);
    const greeks = { delta: covered, gamma: 0, vega: 0, thetaPerDay: 0 };
    const held: readonly (readonly [CandidateContract, number])[] = [[put, 1], ...(call === undefined ? [] : [[call, -1] as const])];
    for (const [c, sign] of held) {
      const g = europeanGreeks({ kind: c.right, S: spot, K: c.strike, T, r: config.r, q: config.q, sigma: c.iv });
      const units = sign * covered;
      greeks.delta += c.delta * units;
      greeks.gamma += (Number.isFinite(g.gamma) ? g.gamma : 0) * units;
      greeks.vega += (Number.isFinite(g.vega) ? g.vega : 0) * units;
      greeks.thetaPerDay += (Number.isFinite(g.thetaPerDay) ? g.thetaPerDay : 0) * units;
    }
    const sd = put.iv * Math.sqrt(Math.max(T, 0));
    const be = Number(breakeven);
    const probabilityAboveBreakeven = !(sd > 0) ? (spot > be ? 1 : 0) : be <= 0 ? 1 : normCdf((Math.log(spot / be) + (config.r - config.q - 0.5 * put.iv * put.iv) * T) / sd);
    const proposal: ProtectionProposal = {
      structure: config.structure,
      symbol: position.symbol,
      expiry,
      daysToExpiry: days,
      underlyingPrice: money.toDecimalString(snapshot.underlyingPrice?.price ?? position.price),
      shares: position.shares,
      coveredShares: covered,
      uncoveredShares: position.shares - covered,
      contracts,
      legs,
      netPremiumPerShare: netPerShare,
      netPremiumMidPerShare: midPerShare,
      netPremium,
      premiumPctOfPosition: Number(netPremium) / Number(positionValue),
      floor,
      cap,
      maxLoss: money.mul(perShareLoss, String(covered)),
      maxLossFromCurrent: money.mul(money.add(money.sub(position.price, floor), netPerShare), String(covered)),
      maxProfit: cap === null ? null : money.mul(money.sub(money.sub(cap, position.costBasis), netPerShare), String(covered)),
      breakeven,
      probabilityAboveBreakeven,
      greeks,
      reason:
        `expiry ${expiry} (${days}d, target ${config.dte.target}); put ${put.entry.contract.symbol} by ${putRule} (Δ ${put.delta.toFixed(3)})` +
        (call === undefined ? '' : `; call ${call.entry.contract.symbol} by ${callRule} (Δ ${call.delta.toFixed(3)})`) +
        `; net ${money.isNegative(netPerShare) ? 'credit' : 'debit'} $${money.abs(netPremium)} within the budget $${money.round(budget, 2)}` +
        (position.shares > covered ? `; ${position.shares - covered} shares beyond the last full lot stay unprotected` : ''),
    };
    return { kind: 'proposed', proposal, attempts };
  }
  return { kind: 'none', reason: `no ${config.structure} within the configuration on any of ${expiries.length} eligible expiries`, attempts };
}
