/**
 * Implied volatility and delta of every quote in a chain snapshot (bid, mid and ask separately), with the
 * coordinates a surface is read by: time to expiry, forward, log-moneyness ln(K/F), moneyness K/S.
 *
 * Model: listed US equity options are American, so the default inverts an American pricer. The default pricer
 * is Bjerksund–Stensland 2002 (closed form, so a 2 000-contract chain inverts in well under a second); the
 * Leisen–Reimer tree ('american-tree') is the more exact one but takes ~10 ms per inversion; 'european'
 * (Let's Be Rational on BSM) is there for comparison with vendors that quote Black–Scholes IVs. With no
 * dividends and r ≥ 0 an American call is worth its European value, so the models differ only for puts (and
 * for calls when q > 0). Delta is the pricer's own: a central bump of S at the mid IV.
 */
import { europeanGreeks } from '../greeks';
import { americanImpliedVolatility, americanPrice, europeanImpliedVolatility } from '../implied-volatility';
import type { Outcome } from '../types';
import type { ChainEntry, OptionChainSnapshot } from '../chain/chain';
import { midDecimal } from '../chain/quote';
import { yearsToExpiry } from '../chain/contract';
import type { TradingCalendar } from '../../market/calendar';

export type SurfaceModel = 'american-bs2002' | 'american-tree' | 'european';

export interface SurfaceInputs {
  /** Risk-free rate, continuously compounded (e.g. the T-bill yield of the day). */
  readonly r: number;
  /** Continuous dividend yield of the underlying. */
  readonly q: number;
  /** Default 'american-bs2002'. */
  readonly model?: SurfaceModel;
  /** Tree steps for 'american-tree' (default 201: enough for a surface, 5× faster than the 501 default). */
  readonly treeSteps?: number;
}

/** One quoted contract on the surface. */
export interface SurfacePoint {
  readonly entry: ChainEntry;
  readonly expiry: string;
  readonly right: ChainEntry['contract']['right'];
  readonly strike: number;
  /** Years (ACT/365) to the last trading instant. */
  readonly T: number;
  readonly forward: number;
  /** ln(K / F). */
  readonly logMoneyness: number;
  /** K / S. */
  readonly moneyness: number;
  readonly bid?: number;
  readonly ask?: number;
  readonly mid?: number;
  readonly ivBid?: Outcome<number>;
  readonly ivMid?: Outcome<number>;
  readonly ivAsk?: Outcome<number>;
  /** ∂V/∂S at the mid IV (per share), undefined without a mid IV. */
  readonly delta?: number;
}

export interface SurfacePoints {
  readonly underlying: string;
  readonly asOf: number;
  readonly spot: number;
  readonly inputs: Required<SurfaceInputs>;
  /** Contracts with T > 0, in the snapshot's order. */
  readonly points: readonly SurfacePoint[];
}

function solve(model: SurfaceModel, kind: 'call' | 'put', S: number, K: number, T: number, r: number, q: number, price: number, steps: number): Outcome<number> {
  if (model === 'european') return europeanImpliedVolatility({ kind, S, K, T, r, q, price });
  return americanImpliedVolatility({ kind, S, K, T, r, q, price, pricer: model === 'american-tree' ? 'tree' : 'bs2002', steps });
}

function delta(model: SurfaceModel, kind: 'call' | 'put', S: number, K: number, T: number, r: number, q: number, sigma: number, steps: number): number {
  if (model === 'european') return europeanGreeks({ kind, S, K, T, r, q, sigma }).delta;
  const pricer = model === 'american-tree' ? 'tree' : 'bs2002';
  // Closed form: a small bump is exact enough; the tree needs a wider one to step over its lattice noise.
  const h = (pricer === 'tree' ? 5e-3 : 1e-4) * S;
  const price = (s: number): number => americanPrice({ kind, S: s, K, T, r, q, sigma, pricer, steps });
  return (price(S + h) - price(S - h)) / (2 * h);
}

/** IVs (bid/mid/ask) and deltas of every unexpired contract of the snapshot; contracts without a price get no IV. */
export function surfacePoints(snapshot: OptionChainSnapshot, calendar: TradingCalendar, inputs: SurfaceInputs): SurfacePoints | undefined {
  if (snapshot.underlyingPrice === undefined) return undefined;
  const S = Number(snapshot.underlyingPrice.price);
  const full: Required<SurfaceInputs> = { r: inputs.r, q: inputs.q, model: inputs.model ?? 'american-bs2002', treeSteps: inputs.treeSteps ?? 201 };
  const { r, q, model, treeSteps } = full;
  const points: SurfacePoint[] = [];
  for (const entry of snapshot.entries) {
    const { contract, quote } = entry;
    const T = yearsToExpiry(contract.expiry, snapshot.asOf, calendar);
    if (!(T > 0)) continue;
    const K = Number(contract.strike);
    const forward = S * Math.exp((r - q) * T);
    const bid = quote?.bid !== undefined && Number(quote.bid.price) > 0 ? Number(quote.bid.price) : undefined;
    const ask = quote?.ask !== undefined && Number(quote.ask.price) > 0 ? Number(quote.ask.price) : undefined;
    // The mid needs both sides; a quote with no bid says only that the option is worth less than the ask.
    const mid = quote?.bid !== undefined && quote.ask !== undefined && bid !== undefined && ask !== undefined ? Number(midDecimal(quote.bid.price, quote.ask.price)) : undefined;
    const iv = (price: number | undefined) => (price === undefined ? undefined : solve(model, contract.right, S, K, T, r, q, price, treeSteps));
    const ivMid = iv(mid);
    points.push({
      entry,
      expiry: contract.expiry,
      right: contract.right,
      strike: K,
      T,
      forward,
      logMoneyness: Math.log(K / forward),
      moneyness: K / S,
      ...(bid === undefined ? {} : { bid, ivBid: iv(bid) as Outcome<number> }),
      ...(ask === undefined ? {} : { ask, ivAsk: iv(ask) as Outcome<number> }),
      ...(mid === undefined ? {} : { mid, ivMid: ivMid as Outcome<number> }),
      ...(ivMid?.ok === true ? { delta: delta(model, contract.right, S, K, T, r, q, ivMid.value, treeSteps) } : {}),
    });
  }
  return { underlying: snapshot.underlying, asOf: snapshot.asOf, spot: S, inputs: full, points };
}
