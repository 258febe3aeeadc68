/**
 * Step two of the correlator: a structure name and a live chain snapshot to concrete contracts. Expiry: the
 * eligible expiry (DTE window) closest to the target DTE first, the others in order of distance. Strikes: by
 * target |Δ| (deltas from the snapshot's mid IVs, American BS2002 by default). Liquidity: a two-sided quote with
 * a bid of at least `minBid`, a bid-ask spread of at most `maxSpreadToMid` of the mid, and open interest of at
 * least `minOpenInterest` where the chain reports it. Every failure is a reason naming what was missing.
 */
import { DateTime } from 'luxon';
import type { TradingCalendar } from '../../market/calendar';
import type { ChainEntry, OptionChainSnapshot } from '../chain/chain';
import { yearsToExpiry } from '../chain/contract';
import { surfacePoints } from '../surface/implied-vols';
import type { OptionKind } from '../types';
import type { SelectionConfig } from './config';
import type { CorrelatorStructure } from './table';

/** One contract the correlator may use, priced and filtered. */
export interface CandidateContract {
  readonly entry: ChainEntry;
  readonly right: OptionKind;
  readonly strike: number;
  readonly bid: number;
  readonly ask: number;
  readonly mid: number;
  readonly iv: number;
  readonly delta: number;
  readonly openInterest?: number;
}

/** A contract in a structure: bought (+) or sold (−) `ratio` times per unit. */
export interface SelectedLeg {
  readonly contract: CandidateContract;
  readonly direction: 1 | -1;
  readonly ratio: number;
}

export interface SelectedStructure {
  readonly structure: CorrelatorStructure;
  readonly expiry: string;
  readonly daysToExpiry: number;
  /** Years (ACT/365) from the snapshot to the last trading instant. */
  readonly T: number;
  readonly spot: number;
  readonly legs: readonly SelectedLeg[];
  /** How each leg was chosen (target deltas and what was found). */
  readonly reason: string;
}

export type Selection = { readonly ok: true; readonly value: SelectedStructure } | { readonly ok: false; readonly reason: string };

/** Calendar days from the snapshot's New York date to the expiry date. */
export function daysToExpiry(expiry: string, asOf: number, calendar: TradingCalendar): number {
  const today = DateTime.fromISO(calendar.sessionDate(asOf), { zone: 'utc' });
  return Math.round(DateTime.fromISO(expiry, { zone: 'utc' }).diff(today, 'days').days);
}

/** Eligible expiries in the order they are tried (closest to the target DTE first; ties: the nearer expiry). */
export function eligibleExpiries(snapshot: OptionChainSnapshot, calendar: TradingCalendar, dte: SelectionConfig['dte']): readonly { readonly expiry: string; readonly days: number }[] {
  const expiries = [...new Set(snapshot.entries.map((e) => e.contract.expiry))];
  return expiries
    .map((expiry) => ({ expiry, days: daysToExpiry(expiry, snapshot.asOf, calendar) }))
    .filter((e) => e.days >= dte.min && e.days <= dte.max)
    .sort((a, b) => Math.abs(a.days - dte.target) - Math.abs(b.days - dte.target) || a.days - b.days);
}

/** Prices every contract of one expiry and says which pass the liquidity filters (and why the others do not). */
export function candidatesOf(snapshot: OptionChainSnapshot, expiry: string, calendar: TradingCalendar, config: SelectionConfig): { readonly liquid: readonly CandidateContract[]; readonly rejected: number; readonly total: number } {
  const sub: OptionChainSnapshot = { ...snapshot, entries: snapshot.entries.filter((e) => e.contract.expiry === expiry) };
  const points = surfacePoints(sub, calendar, { r: config.r, q: config.q, model: config.model });
  const liquid: CandidateContract[] = [];
  const { maxSpreadToMid, minBid, minOpenInterest, requireOpenInterest } = config.liquidity;
  for (const p of points?.points ?? []) {
    const oi = p.entry.openInterest;
    if (p.bid === undefined || p.ask === undefined || p.mid === undefined || p.delta === undefined || p.ivMid?.ok !== true) continue;
    if (p.bid < minBid || (p.ask - p.bid) / p.mid > maxSpreadToMid) continue;
    if (oi === undefined ? requireOpenInterest : oi < minOpenInterest) continue;
    liquid.push({
      entry: p.entry,
      right: p.right,
      strike: p.strike,
      bid: p.bid,
      ask: p.ask,
      mid: p.mid,
      iv: p.ivMid.value,
      delta: p.delta,
      ...(oi === undefined ? {} : { openInterest: oi }),
    });
  }
  return { liquid, rejected: sub.entries.length - liquid.length, total: sub.entries.length };
}

type Band = { readonly min: number; readonly max: number; readonly target: number };
const bandOf = (d: { readonly target: number; readonly tolerance: number }): Band => ({ min: Math.max(0, d.target - d.tolerance), max: Math.min(1, d.target + d.tolerance), target: d.target });

/** The liquid contract of `right` whose |Δ| is in the band and closest to its target (ties: the lower strike), among those `where` allows. */
function pick(liquid: readonly CandidateContract[], right: OptionKind, band: Band, role: string, where: (c: CandidateContract) => boolean = () => true): { readonly leg?: CandidateContract; readonly why: string } {
  const ofRight = liquid.filter((c) => c.right === right && where(c));
  const inBand = ofRight.filter((c) => Math.abs(c.delta) >= band.min && Math.abs(c.delta) <= band.max);
  const best = [...inBand].sort((a, b) => Math.abs(Math.abs(a.delta) - band.target) - Math.abs(Math.abs(b.delta) - band.target) || a.strike - b.strike)[0];
  const bandText = `|Δ| in [${band.min.toFixed(2)}, ${band.max.toFixed(2)}]`;
  if (best === undefined) {
    const nearest = [...ofRight].sort((a, b) => Math.abs(Math.abs(a.delta) - band.target) - Math.abs(Math.abs(b.delta) - band.target))[0];
    return { why: `no eligible contract for the ${role}: no liquid ${right} with ${bandText} (${ofRight.length} liquid ${right}s${nearest === undefined ? '' : `, nearest |Δ| ${Math.abs(nearest.delta).toFixed(3)} at ${nearest.strike}`})` };
  }
  return { leg: best, why: `${role} ${right} ${best.strike} (Δ ${best.delta.toFixed(3)}, target ${band.target.toFixed(2)})` };
}

/** Builds the legs of one structure from the liquid contracts of one expiry. */
export function legsFor(structure: CorrelatorStructure, liquid: readonly CandidateContract[], config: SelectionConfig): { readonly legs?: readonly SelectedLeg[]; readonly why: string } {
  const long: Band = { min: config.longDelta.min, max: config.longDelta.max, target: (config.longDelta.min + config.longDelta.max) / 2 };
  const short = bandOf(config.shortDelta);
  const wing = bandOf(config.wingDelta);
  const buy = (c: CandidateContract): SelectedLeg => ({ contract: c, direction: 1, ratio: 1 });
  const sell = (c: CandidateContract): SelectedLeg => ({ contract: c, direction: -1, ratio: 1 });
  const chain = (steps: readonly (() => { leg?: CandidateContract; why: string; side: 1 | -1 })[]): { legs?: readonly SelectedLeg[]; why: string } => {
    const legs: SelectedLeg[] = [];
    const whys: string[] = [];
    for (const step of steps) {
      const r = step();
      whys.push(r.why);
      if (r.leg === undefined) return { why: whys.join('; ') };
      legs.push(r.side === 1 ? buy(r.leg) : sell(r.leg));
    }
    return { legs, why: whys.join('; ') };
  };
  const at = (r: { leg?: CandidateContract; why: string }, side: 1 | -1) => ({ ...r, side });
  switch (structure) {
    case 'long-call':
      return chain([() => at(pick(liquid, 'call', long, 'long'), 1)]);
    case 'long-put':
      return chain([() => at(pick(liquid, 'put', long, 'long'), 1)]);
    case 'covered-call':
      return chain([() => at(pick(liquid, 'call', short, 'short (covered)'), -1)]);
    case 'cash-secured-put':
      return chain([() => at(pick(liquid, 'put', short, 'short (cash-secured)'), -1)]);
    case 'bull-call-spread': {
      const lower = pick(liquid, 'call', long, 'long');
      return chain([() => at(lower, 1), () => at(pick(liquid, 'call', short, 'short', (c) => c.strike > (lower.leg?.strike ?? Infinity)), -1)]);
    }
    case 'bear-put-spread': {
      const upper = pick(liquid, 'put', long, 'long');
      return chain([() => at(upper, 1), () => at(pick(liquid, 'put', short, 'short', (c) => c.strike < (upper.leg?.strike ?? -Infinity)), -1)]);
    }
    case 'bull-put-spread': {
      const upper = pick(liquid, 'put', short, 'short');
      return chain([() => at(upper, -1), () => at(pick(liquid, 'put', wing, 'wing', (c) => c.strike < (upper.leg?.strike ?? -Infinity)), 1)]);
    }
    case 'bear-call-spread': {
      const lower = pick(liquid, 'call', short, 'short');
      return chain([() => at(lower, -1), () => at(pick(liquid, 'call', wing, 'wing', (c) => c.strike > (lower.leg?.strike ?? Infinity)), 1)]);
    }
    case 'long-straddle': {
      // The at-the-money strike: the liquid call nearest Δ 0.50 whose put at the same strike is liquid too.
      const puts = new Map(liquid.filter((c) => c.right === 'put').map((c) => [c.strike, c]));
      const atm = { min: 0.3, max: 0.7, target: 0.5 };
      const call = pick(liquid, 'call', atm, 'straddle', (c) => puts.has(c.strike));
      const put = call.leg === undefined ? undefined : puts.get(call.leg.strike);
      return chain([() => at(call, 1), () => at(put === undefined ? { why: 'no put at the straddle strike' } : { leg: put, why: `straddle put ${put.strike} (Δ ${put.delta.toFixed(3)})` }, 1)]);
    }
    case 'iron-condor': {
      const s = bandOf(config.condorShortDelta);
      const w = bandOf(config.condorWingDelta);
      const shortPut = pick(liquid, 'put', s, 'short put');
      const shortCall = pick(liquid, 'call', s, 'short call', (c) => c.strike >= (shortPut.leg?.strike ?? Infinity));
      return chain([
        () => at(pick(liquid, 'put', w, 'put wing', (c) => c.strike < (shortPut.leg?.strike ?? -Infinity)), 1),
        () => at(shortPut, -1),
        () => at(shortCall, -1),
        () => at(pick(liquid, 'call', w, 'call wing', (c) => c.strike > (shortCall.leg?.strike ?? Infinity)), 1),
      ]);
    }
  }
}

/**
 * The contracts of `structure` from `snapshot`: the first eligible expiry (closest to the target DTE) at which
 * every leg finds a liquid contract at its target delta; otherwise a reason listing each expiry's failure.
 */
export function selectStructure(structure: CorrelatorStructure, snapshot: OptionChainSnapshot, calendar: TradingCalendar, config: SelectionConfig): Selection {
  if (snapshot.underlyingPrice === undefined) return { ok: false, reason: `no underlying price for ${snapshot.underlying} at the snapshot` };
  const spot = Number(snapshot.underlyingPrice.price);
  const expiries = eligibleExpiries(snapshot, calendar, config.dte);
  if (expiries.length === 0) {
    const all = [...new Set(snapshot.entries.map((e) => e.contract.expiry))].sort();
    const days = all.map((e) => `${e} (${daysToExpiry(e, snapshot.asOf, calendar)}d)`);
    return { ok: false, reason: `no eligible contract: no expiry with ${config.dte.min}–${config.dte.max} days to expiry among ${all.length} (${days.slice(0, 8).join(', ')}${days.length > 8 ? ', …' : ''})` };
  }
  const failures: string[] = [];
  for (const { expiry, days } of expiries) {
    const { liquid, rejected, total } = candidatesOf(snapshot, expiry, calendar, config);
    const built = legsFor(structure, liquid, config);
    if (built.legs !== undefined) {
      return {
        ok: true,
        value: {
          structure,
          expiry,
          daysToExpiry: days,
          T: yearsToExpiry(expiry, snapshot.asOf, calendar),
          spot,
          legs: built.legs,
          reason: `expiry ${expiry} (${days}d, target ${config.dte.target}); ${liquid.length} of ${total} contracts liquid (${rejected} failed the quote/spread/open-interest filters); ${built.why}`,
        },
      };
    }
    failures.push(`${expiry} (${days}d, ${liquid.length}/${total} liquid): ${built.why}`);
  }
  return { ok: false, reason: `no eligible contract for ${structure}: ${failures.join(' | ')}` };
}
