/**
 * Stress testing: a scenario's factor shocks turned into a MarketMove and applied to today's
 * portfolio with FULL revaluation (./positions). Each underlying moves by β_u × the equity-index
 * return (β_u from `betas`, default 1), floored at −100 %.
 */
import { portfolioValue, revaluePortfolio, type MarketMove, type Portfolio } from './positions';
import type { StressScenario } from './scenarios';

/** The result of one scenario. */
export interface StressResult {
  readonly scenarioId: string;
  readonly name: string;
  /** Portfolio P&L in money (negative = loss). */
  readonly pnl: number;
  /** P&L over today's net value (NaN when the net value is 0). */
  readonly pnlFraction: number;
  readonly byPosition: Readonly<Record<string, number>>;
  readonly move: MarketMove;
}

/** The MarketMove of a scenario for the given underlyings. */
export function scenarioMove(scenario: StressScenario, underlyings: readonly string[], betas: Readonly<Record<string, number>> = {}): MarketMove {
  const spotReturns: Record<string, number> = {};
  for (const u of underlyings) spotReturns[u] = Math.max(-1, (betas[u] ?? 1) * scenario.equityReturn);
  return { spotReturns, volShift: scenario.volShift ?? 0, volScale: scenario.volScale ?? 0, rateShift: scenario.rateShift ?? 0 };
}

/** Applies each scenario to the portfolio. */
export function runStressTests(portfolio: Portfolio, scenarios: readonly StressScenario[], betas: Readonly<Record<string, number>> = {}): StressResult[] {
  const underlyings = Object.keys(portfolio.spots);
  const value = portfolioValue(portfolio);
  return scenarios.map((s) => {
    const move = scenarioMove(s, underlyings, betas);
    const { pnl, byPosition } = revaluePortfolio(portfolio, move);
    return { scenarioId: s.id, name: s.name, pnl, pnlFraction: value !== 0 ? pnl / value : Number.NaN, byPosition, move };
  });
}
