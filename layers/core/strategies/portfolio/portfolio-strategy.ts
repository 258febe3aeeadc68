import type { StrategyBar } from '../strategy';

/**
 * Target weights: signed fractions of equity per symbol (0.25 = a long worth a quarter of equity, −0.5 = a short
 * worth half). A symbol of the universe that is absent has target 0. Σ|w| is the gross exposure the strategy asks
 * for; the runner scales it by its invested fraction and turns it into whole units.
 */
export type TargetWeights = Readonly<Record<string, number>>;

/** What one timestamp did to a portfolio strategy. */
export interface PortfolioStep<S> {
  readonly state: S;
  /** New targets (a rebalance), or absent to keep the current ones. */
  readonly targets?: TargetWeights;
  /** Why, in one line (for logs and the report). */
  readonly reason?: string;
}

/**
 * A portfolio-level strategy (LEAN's alpha → portfolio-construction shape): it sees the closed bars of every
 * symbol that has one at a timestamp and says what the whole book should hold, as weights. Like a
 * StreamingStrategy it is a pure step over JSON-serialisable state, so it can be run by a backtest loop or by a
 * function that loads and saves its state; a timestamp at or before the last one seen must change nothing.
 */
export interface PortfolioStrategy<S> {
  readonly id: string;
  readonly version: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** How many symbols the strategy trades: pairs need exactly two. */
  readonly universeSize: { readonly min: number; readonly max?: number };
  /** Fresh state for a universe (sorted symbols). */
  initialState(universe: readonly string[]): S;
  /** Validates stored state; undefined when it does not fit. */
  restoreState(raw: unknown, universe: readonly string[]): S | undefined;
  /** `bars`: the closed bars at `time` (each bar's start is `time`), sorted by symbol; symbols without a bar then are absent. */
  onBars(state: S, time: number, bars: readonly StrategyBar[]): PortfolioStep<S>;
}
