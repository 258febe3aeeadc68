/** Statistics of closed trades: counts, win rate, profit factor, expectancy, exposure and turnover. */

/** Long or short. */
export type TradeSide = 'long' | 'short';

/** A closed (round-trip) trade. Times are epoch ms; `pnl` is NET of `fees` (what the account kept). */
export interface ClosedTrade {
  readonly entryTime: number;
  readonly exitTime: number;
  readonly entryPrice: number;
  readonly exitPrice: number;
  /** Positive quantity; the direction is `side`. */
  readonly quantity: number;
  readonly side: TradeSide;
  /** Realised profit or loss after fees. */
  readonly pnl: number;
  /** Fees and commissions paid on both legs (already deducted from `pnl`). */
  readonly fees: number;
}

/** Summary of a list of closed trades. */
export interface TradeStatistics {
  readonly numberOfTrades: number;
  /** Trades with pnl > 0. */
  readonly wins: number;
  /** Trades with pnl < 0. */
  readonly losses: number;
  /** Trades with pnl = 0: counted in numberOfTrades and in win rate's denominator, neither win nor loss. */
  readonly breakevens: number;
  /** wins / numberOfTrades; NaN without trades. */
  readonly winRate: number;
  /** Sum of winning pnl (≥ 0). */
  readonly grossProfit: number;
  /** Sum of losing pnl as a positive magnitude (≥ 0). */
  readonly grossLoss: number;
  /** grossProfit / grossLoss; +Infinity with wins and no losses; NaN with neither. */
  readonly profitFactor: number;
  /** Mean pnl per trade (= winRate·avgWin + lossRate·avgLoss); NaN without trades. */
  readonly expectancy: number;
  /** Mean pnl of winners; NaN without winners. */
  readonly averageWin: number;
  /** Mean pnl of losers, a NEGATIVE number; NaN without losers. */
  readonly averageLoss: number;
  /** averageWin / |averageLoss|; NaN when either is undefined. */
  readonly payoffRatio: number;
  readonly netProfit: number;
  readonly totalFees: number;
}

/** Computes the trade statistics; an empty list gives zero counts and NaN ratios, never a throw. */
export function tradeStatistics(trades: readonly ClosedTrade[]): TradeStatistics {
  let wins = 0;
  let losses = 0;
  let breakevens = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  let totalFees = 0;
  for (const t of trades) {
    totalFees += t.fees;
    if (t.pnl > 0) {
      wins += 1;
      grossProfit += t.pnl;
    } else if (t.pnl < 0) {
      losses += 1;
      grossLoss -= t.pnl;
    } else {
      breakevens += 1;
    }
  }
  const n = trades.length;
  const netProfit = grossProfit - grossLoss;
  const averageWin = wins > 0 ? grossProfit / wins : Number.NaN;
  const averageLoss = losses > 0 ? -grossLoss / losses : Number.NaN;
  let profitFactor: number;
  if (grossLoss > 0) profitFactor = grossProfit / grossLoss;
  else profitFactor = grossProfit > 0 ? Number.POSITIVE_INFINITY : Number.NaN;
  return {
    numberOfTrades: n,
    wins,
    losses,
    breakevens,
    winRate: n > 0 ? wins / n : Number.NaN,
    grossProfit,
    grossLoss,
    profitFactor,
    expectancy: n > 0 ? netProfit / n : Number.NaN,
    averageWin,
    averageLoss,
    payoffRatio: averageWin / Math.abs(averageLoss),
    netProfit,
    totalFees,
  };
}

/**
 * Exposure: the share of [startTime, endTime] during which at least one trade was open, from the
 * union of the trades' [entryTime, exitTime] intervals clipped to the window (overlapping trades
 * count once). 0 without trades; NaN when the window is empty.
 */
export function exposure(trades: readonly ClosedTrade[], startTime: number, endTime: number): number {
  const span = endTime - startTime;
  if (!(span > 0)) return Number.NaN;
  const intervals = trades
    .map((t) => [Math.max(startTime, Math.min(t.entryTime, t.exitTime)), Math.min(endTime, Math.max(t.entryTime, t.exitTime))] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let covered = 0;
  let curStart = Number.NaN;
  let curEnd = Number.NaN;
  for (const [a, b] of intervals) {
    if (Number.isNaN(curEnd) || a > curEnd) {
      if (!Number.isNaN(curEnd)) covered += curEnd - curStart;
      curStart = a;
      curEnd = b;
    } else if (b > curEnd) {
      curEnd = b;
    }
  }
  if (!Number.isNaN(curEnd)) covered += curEnd - curStart;
  return covered / span;
}

/** Traded notional of both legs: Σ quantity · (entryPrice + exitPrice). */
export function tradedNotional(trades: readonly ClosedTrade[]): number {
  let sum = 0;
  for (const t of trades) sum += Math.abs(t.quantity) * (Math.abs(t.entryPrice) + Math.abs(t.exitPrice));
  return sum;
}

/**
 * Turnover, TWO-SIDED: traded notional of both legs / mean equity. A round trip of the whole
 * equity is 2. Divide by the run's length in years for an annual figure. NaN if mean equity ≤ 0.
 */
export function turnover(trades: readonly ClosedTrade[], meanEquity: number): number {
  if (!(meanEquity > 0)) return Number.NaN;
  return tradedNotional(trades) / meanEquity;
}
