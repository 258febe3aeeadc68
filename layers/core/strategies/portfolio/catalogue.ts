import { ZodError } from 'zod';
import { StrategyConfigError } from '../catalogue';
import { momentumRotation, MomentumRotationParams } from './momentumRotation';
import { pairsTrading, PairsTradingParams } from './pairsTrading';
import type { PortfolioStrategy } from './portfolio-strategy';

/** A configured portfolio strategy with its parsed parameters. */
export type ConfiguredPortfolioStrategy = PortfolioStrategy<unknown>;

/** One entry of the portfolio catalogue (as StrategyEntry for per-symbol strategies). */
export interface PortfolioStrategyEntry {
  readonly name: string;
  readonly summary: string;
  readonly defaults: Readonly<Record<string, number | boolean>>;
  /** Symbols it trades (pairs: exactly two). */
  readonly universe: { readonly min: number; readonly max?: number };
  /** Needs short positions (the backtest must allow shorting). */
  readonly sellsShort: boolean;
  build(params: Readonly<Record<string, unknown>>, id?: string): ConfiguredPortfolioStrategy;
}

const entry = (e: PortfolioStrategyEntry): PortfolioStrategyEntry => e;
// A PortfolioStrategy<S> is used as PortfolioStrategy<unknown> by the runner, which only hands back the state it got.
const configured = (s: unknown): ConfiguredPortfolioStrategy => s as ConfiguredPortfolioStrategy;

/**
 * Portfolio-level strategies by name: they see every symbol's bar at a timestamp and answer with target weights,
 * run by the backtest's portfolio runner. Kept apart from STRATEGY_CATALOGUE, whose per-symbol streaming strategies
 * the sweep, discovery and the live signal engine run one symbol at a time.
 */
export const PORTFOLIO_CATALOGUE = {
  'momentum-rotation': entry({
    name: 'momentum-rotation',
    summary: 'cross-sectional momentum: hold the top N by the lookback return skipping the last `skip` bars, monthly (or weekly), cash when the return is not above threshold',
    defaults: { lookback: 252, skip: 21, top: 2, weekly: false, inverseVol: false, volWindow: 63, absoluteMomentum: true, threshold: 0 },
    universe: { min: 1 },
    sellsShort: false,
    build: (p, id) => configured(momentumRotation(MomentumRotationParams.parse(p), id)),
  }),
  pairs: entry({
    name: 'pairs',
    summary: 'two symbols: rolling OLS hedge ratio over `formation` bars, z-score of the spread, dollar-neutral legs in at ±entry, out at ±exit, stop at ±stop',
    defaults: { formation: 120, entry: 2, exit: 0.5, stop: 4, gross: 1, logPrices: true, maxPValue: 1, adfLags: 1 },
    universe: { min: 2, max: 2 },
    sellsShort: true,
    build: (p, id) => configured(pairsTrading(PairsTradingParams.parse(p), id)),
  }),
} as const satisfies Readonly<Record<string, PortfolioStrategyEntry>>;

export type PortfolioStrategyName = keyof typeof PORTFOLIO_CATALOGUE;
export const PORTFOLIO_STRATEGY_NAMES = Object.keys(PORTFOLIO_CATALOGUE) as readonly PortfolioStrategyName[];

export function isPortfolioStrategyName(name: string): name is PortfolioStrategyName {
  return Object.hasOwn(PORTFOLIO_CATALOGUE, name);
}

/** Builds a portfolio strategy by name; a bad name or bad parameters become a StrategyConfigError naming the field. */
export function buildPortfolioStrategy(name: string, params: Readonly<Record<string, unknown>> = {}, id?: string): ConfiguredPortfolioStrategy {
  if (!isPortfolioStrategyName(name)) throw new StrategyConfigError(`unknown portfolio strategy "${name}" (known: ${PORTFOLIO_STRATEGY_NAMES.join(', ')})`);
  try {
    return PORTFOLIO_CATALOGUE[name].build(params, id);
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    const reason = error.issues.map((i) => `${i.path.join('.') || '(params)'}: ${i.message}`).join('; ');
    throw new StrategyConfigError(`bad parameters for ${name}: ${reason}`);
  }
}
