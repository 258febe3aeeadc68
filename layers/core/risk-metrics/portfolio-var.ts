/**
 * Portfolio VaR/CVaR by FULL revaluation: each scenario (a MarketMove: spot returns, implied-vol
 * and rate changes) reprices every position (options with BSM at the shocked spot, vol, rate and
 * the horizon's time decay); the P&L sample is read with the historical estimator (./historical).
 * Results are in money (positive losses) and as a fraction of the portfolio's gross exposure.
 */
import { isConfidence, type VarEstimate } from './conventions';
import { historicalVarSorted } from './historical';
import type { Matrix } from './matrix';
import { portfolioValue, scenarioPnL, type MarketMove, type Portfolio, type Position } from './positions';
import { multivariateNormalSampler } from './simulation';

/** A risk factor of the simulation: an underlying's LOG return, an underlying's implied-vol change (absolute), or the parallel rate change. */
export type RiskFactor =
  | { readonly kind: 'spot'; readonly underlying: string }
  | { readonly kind: 'vol'; readonly underlying: string }
  | { readonly kind: 'rate' };

/** Joint normal model of factor changes over the VaR horizon. */
export interface FactorModel {
  readonly factors: readonly RiskFactor[];
  /** Covariance of the factor changes OVER THE HORIZON (scale a daily covariance by h yourself). */
  readonly covariance: Matrix;
  /** Mean factor changes over the horizon; default zeros. */
  readonly mean?: readonly number[];
  /** The horizon in years, applied as time decay to options (e.g. 1/365 for one calendar day); default 0. */
  readonly horizonYears?: number;
}

/** A full-revaluation VaR report. */
export interface PortfolioVarReport {
  /** VaR/CVaR in money per confidence level. */
  readonly estimates: readonly VarEstimate[];
  /** Today's net portfolio value. */
  readonly value: number;
  /** Σ |position value| today: the denominator of the `*Fraction` figures (net value can be ~0 when hedged). */
  readonly grossExposure: number;
  readonly varFraction: readonly number[];
  readonly cvarFraction: readonly number[];
  /** The simulated (or historical) P&L sample, ascending. */
  readonly pnlSorted: Float64Array;
}

/** Turns one draw of the factors into a MarketMove (spot log return → simple return e^x − 1). */
export function moveFromFactors(factors: readonly RiskFactor[], draw: ArrayLike<number>, elapsedYears = 0): MarketMove {
  const spotReturns: Record<string, number> = {};
  const volShift: Record<string, number> = {};
  let rateShift = 0;
  factors.forEach((f, i) => {
    const x = draw[i] ?? 0;
    if (f.kind === 'spot') spotReturns[f.underlying] = Math.expm1(x);
    else if (f.kind === 'vol') volShift[f.underlying] = x;
    else rateShift += x;
  });
  return { spotReturns, volShift, rateShift, elapsedYears };
}

function grossExposure(portfolio: Portfolio): number {
  let g = 0;
  for (const p of portfolio.positions) g += Math.abs(portfolioValue({ positions: [p] as readonly Position[], spots: portfolio.spots }));
  return g;
}

/** VaR/CVaR (money) from a P&L sample, with the fraction-of-gross figures. */
export function varFromPnL(portfolio: Portfolio, pnl: Float64Array, confidences: readonly number[], method: VarEstimate['method']): PortfolioVarReport {
  if (!confidences.every(isConfidence)) throw new RangeError('confidence levels must lie in (0, 1)');
  const sorted = Float64Array.from(pnl).sort();
  const estimates = confidences.map((confidence) => ({ method, confidence, observations: sorted.length, ...historicalVarSorted(sorted, confidence) }));
  const gross = grossExposure(portfolio);
  return {
    estimates,
    value: portfolioValue(portfolio),
    grossExposure: gross,
    varFraction: estimates.map((e) => e.var / gross),
    cvarFraction: estimates.map((e) => e.cvar / gross),
    pnlSorted: sorted,
  };
}

/** Monte Carlo full-revaluation VaR: `scenarios` draws of the factor model, each a full repricing. Seeded. */
export function monteCarloPortfolioVar(
  portfolio: Portfolio,
  model: FactorModel,
  confidences: readonly number[],
  options: { readonly scenarios: number; readonly seed: number },
): PortfolioVarReport {
  const draw = multivariateNormalSampler(model.mean ?? model.factors.map(() => 0), model.covariance, options.seed);
  const x = new Float64Array(model.factors.length);
  const moves: MarketMove[] = [];
  for (let s = 0; s < options.scenarios; s += 1) {
    draw(x);
    moves.push(moveFromFactors(model.factors, x, model.horizonYears ?? 0));
  }
  return varFromPnL(portfolio, scenarioPnL(portfolio, moves), confidences, 'monte-carlo');
}

/** Historical full-revaluation VaR: today's portfolio repriced under each historical move. */
export function historicalPortfolioVar(portfolio: Portfolio, moves: readonly MarketMove[], confidences: readonly number[]): PortfolioVarReport {
  return varFromPnL(portfolio, scenarioPnL(portfolio, moves), confidences, 'historical');
}
