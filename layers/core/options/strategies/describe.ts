/**
 * One JSON-safe summary of a strategy (what the CLI prints and the correlator emits): legs, entry cash flow,
 * payoff analysis at the horizon, value and P&L now, probability of profit, position Greeks and the margin
 * requirement. Unbounded amounts become null with their `…Unbounded` flag set; NaN becomes null.
 */
import { europeanImpliedVolatility } from '../implied-volatility';
import type { Outcome } from '../types';
import { analyzePayoff } from './breakevens';
import { strategyGreeks, type PositionGreeks } from './greeks';
import { entryCost, optionLegs, type Strategy, type StrategyLeg } from './legs';
import { EQUITY_NAKED_RATES, marginRequirement, type MarginRequirement, type NakedMarginRates } from './margin';
import { strategyValue, type MarketInputs } from './payoff';
import { probabilityOfProfit, riskNeutralDrift } from './probability';

/**
 * Fills every option leg's missing IV with the one implied by its premium at the origin (European model of
 * `market`); a premium the model cannot invert is a reason naming the leg.
 */
export function withImpliedVolatilities(strategy: Strategy, market: MarketInputs): Outcome<Strategy> {
  const legs: StrategyLeg[] = [];
  for (const leg of strategy.legs) {
    if (leg.type === 'stock' || leg.iv !== undefined) {
      legs.push(leg);
      continue;
    }
    const iv = europeanImpliedVolatility({ kind: leg.right, model: market.model ?? 'bsm', S: market.S, K: leg.strike, T: leg.expiry, r: market.r, q: market.q ?? 0, price: leg.premium });
    if (!iv.ok) return { ok: false, reason: `cannot imply a volatility for the ${leg.right} ${leg.strike} (expiry ${leg.expiry}) from premium ${leg.premium}: ${iv.reason}` };
    legs.push({ ...leg, iv: iv.value });
  }
  return { ok: true, value: { ...strategy, legs } };
}

export interface DescribeOptions {
  readonly market: MarketInputs;
  /** Volatility of the terminal price for the probability of profit; default: the mean IV, weighted by |quantity|, of the legs expiring at the horizon (a calendar's near leg). */
  readonly volatility?: number;
  /** Drift μ of the price for the probability of profit (E[S_T] = S·e^{μT}); default risk-neutral (r − q; 0 under Black-76). */
  readonly drift?: number;
  readonly nakedRates?: NakedMarginRates;
}

const json = (x: number): number | null => (Number.isFinite(x) ? x : null);

export interface StrategyDescription {
  readonly structure: Strategy['structure'];
  readonly quantity: number;
  readonly legs: readonly StrategyLeg[];
  readonly entry: { readonly cost: number; readonly type: 'debit' | 'credit' | 'even' };
  readonly payoff: {
    readonly method: 'exact' | 'numeric';
    readonly horizonYears: number;
    readonly breakevens: readonly number[];
    readonly maxProfit: number | null;
    readonly maxProfitUnbounded: boolean;
    readonly maxLoss: number | null;
    readonly maxLossUnbounded: boolean;
    readonly profitRegions: readonly { readonly lower: number; readonly upper: number | null }[];
    readonly vertices: readonly { readonly price: number; readonly pnl: number }[];
  };
  readonly now: { readonly underlying: number; readonly value: number; readonly pnl: number };
  readonly probabilityOfProfit: { readonly value: number; readonly volatility: number; readonly drift: number; readonly horizonYears: number; readonly measure: 'risk-neutral' | 'user-drift' };
  readonly greeks: { readonly [K in keyof PositionGreeks]: number | null };
  readonly margin: MarginRequirement;
  readonly model: 'bsm' | 'black76';
}

/** Everything about a strategy in one JSON-safe object; option legs without an IV get the one implied by their premium. */
export function describeStrategy(input: Strategy, options: DescribeOptions): Outcome<StrategyDescription> {
  const { market } = options;
  const filled = withImpliedVolatilities(input, market);
  if (!filled.ok) return filled;
  const strategy = filled.value;
  const analysis = analyzePayoff(strategy, market);
  const cost = entryCost(strategy);
  const value = strategyValue(strategy, market, 0);
  // The terminal law at the horizon is set by the volatility up to the horizon: the IVs of the legs expiring then.
  const legs = optionLegs(strategy).filter((leg) => leg.expiry === analysis.horizon);
  const weight = legs.reduce((sum, leg) => sum + Math.abs(leg.quantity), 0);
  const volatility = options.volatility ?? (weight > 0 ? legs.reduce((sum, leg) => sum + Math.abs(leg.quantity) * (leg.iv ?? 0), 0) / weight : 0);
  const drift = options.drift ?? riskNeutralDrift(market);
  const pop = probabilityOfProfit(analysis.profitRegions, { S: market.S, sigma: volatility, T: analysis.horizon, drift });
  const greeks = strategyGreeks(strategy, market, 0);
  const greeksJson = Object.fromEntries(Object.entries(greeks).map(([k, v]) => [k, json(v)])) as StrategyDescription['greeks'];
  return {
    ok: true,
    value: {
      structure: strategy.structure,
      quantity: strategy.quantity,
      legs: strategy.legs,
      entry: { cost, type: cost > 0 ? 'debit' : cost < 0 ? 'credit' : 'even' },
      payoff: {
        method: analysis.method,
        horizonYears: analysis.horizon,
        breakevens: analysis.breakevens,
        maxProfit: json(analysis.maxProfit),
        maxProfitUnbounded: analysis.maxProfitUnbounded,
        maxLoss: json(analysis.maxLoss),
        maxLossUnbounded: analysis.maxLossUnbounded,
        profitRegions: analysis.profitRegions.map((region) => ({ lower: region.lower, upper: json(region.upper) })),
        vertices: analysis.vertices,
      },
      now: { underlying: market.S, value, pnl: value - cost },
      probabilityOfProfit: { value: pop, volatility, drift, horizonYears: analysis.horizon, measure: options.drift === undefined ? 'risk-neutral' : 'user-drift' },
      greeks: greeksJson,
      margin: marginRequirement(strategy, market.S, options.nakedRates ?? EQUITY_NAKED_RATES),
      model: market.model ?? 'bsm',
    },
  };
}
