import type { SignalDirection } from '../../contracts';
import type { MetricsConventions, MetricsReport } from '../analytics';
import type { StreamingStrategy } from '../strategies';

/** One bar of one symbol as the engine sees it: `start` is UTC epoch ms (the bar's identity), prices are floats. */
export interface BacktestBar {
  readonly start: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export type OrderSide = 'buy' | 'sell';
export type OrderType = 'market' | 'limit' | 'stop' | 'stop-limit';
/** `day`: works during one session (the session of the first bar it meets), then expires. `gtc`: until filled or canceled. */
export type TimeInForce = 'day' | 'gtc';

/** An order as a strategy asks for it. Quantities and prices are decimal strings. */
export interface OrderRequest {
  readonly symbol: string;
  readonly side: OrderSide;
  /** Positive, whole or fractional units. */
  readonly quantity: string;
  readonly type: OrderType;
  /** Required for limit and stop-limit. */
  readonly limitPrice?: string;
  /** Required for stop and stop-limit. */
  readonly stopPrice?: string;
  /** Default `day`. */
  readonly timeInForce?: TimeInForce;
  /** Free text carried to the order record. */
  readonly tag?: string;
}

export type OrderStatus = 'working' | 'partially-filled' | 'filled' | 'canceled' | 'expired' | 'rejected';

/** An order's record at the end of the run. */
export interface BacktestOrder {
  /** `o-1`, `o-2`, … in submission order (deterministic). */
  readonly id: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: string;
  readonly type: OrderType;
  readonly limitPrice?: string;
  readonly stopPrice?: string;
  readonly timeInForce: TimeInForce;
  readonly tag?: string;
  /** Start of the bar at whose close (or open, for none) the order was submitted. */
  readonly submittedAt: number;
  readonly status: OrderStatus;
  readonly filledQuantity: string;
  /** Volume-weighted average fill price; absent when nothing filled. */
  readonly averageFillPrice?: string;
  /** Bar start at which it became filled, canceled, expired or rejected. */
  readonly closedAt?: number;
  /** Why it was canceled, expired or rejected. */
  readonly reason?: string;
}

/** One execution. */
export interface BacktestFill {
  readonly orderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: string;
  readonly price: string;
  readonly fee: string;
  /** Start of the bar the fill happened on. */
  readonly time: number;
  /** Where on the bar: its open, its close, or a trigger/limit price inside its range. */
  readonly at: 'open' | 'close' | 'intrabar';
  /** Gross P&L realised by the part of the fill that reduced a position (fees excluded). */
  readonly realizedPnl: string;
  /** Signed position after the fill. */
  readonly positionAfter: string;
  readonly cashAfter: string;
}

/** A closed round trip (or the closed part of a position). Decimal strings; `pnl` is net of the fees allocated to it. */
export interface BacktestTrade {
  readonly symbol: string;
  readonly side: 'long' | 'short';
  readonly quantity: string;
  readonly entryTime: number;
  readonly exitTime: number;
  /** Average entry price of the position when this part closed. */
  readonly entryPrice: string;
  readonly exitPrice: string;
  /** Entry fees pro rata to the closed quantity plus exit fees pro rata. */
  readonly fees: string;
  readonly grossPnl: string;
  readonly pnl: string;
}

/** An open position at the end of the run. */
export interface BacktestPosition {
  readonly symbol: string;
  readonly quantity: string;
  readonly averagePrice: string;
  readonly lastPrice: string;
  readonly marketValue: string;
}

/** What a function strategy sees at a bar's close. */
export interface StrategyContext {
  readonly symbol: string;
  readonly bar: BacktestBar;
  /** Index of this bar in the symbol's series. */
  readonly index: number;
  /** Signed position (decimal string). */
  readonly position: string;
  readonly cash: string;
  readonly equity: string;
  /** Working orders of this symbol. */
  readonly openOrders: readonly BacktestOrder[];
  /** Seeded uniform [0, 1) generator (the run's `seed`). */
  readonly random: () => number;
}

/**
 * What a function strategy decides at a bar's close: a target view (sized by the run's sizing), an exact
 * target quantity, or explicit orders (with optional cancellations of working order ids).
 */
export type BacktestDecision =
  | { readonly target: SignalDirection }
  | { readonly targetQuantity: string }
  | { readonly orders: readonly OrderRequest[]; readonly cancel?: readonly string[] };

/** A simple strategy: called at each bar's close; undefined = do nothing. */
export type TargetFunction = (context: StrategyContext) => BacktestDecision | undefined;

export type Sizing =
  /** Long view → +units, short → −units (when shorting is allowed), flat → 0. */
  | { readonly kind: 'fixed-units'; readonly units: string }
  /** Long view → floor(equity × fraction / signal bar close) whole units. */
  | { readonly kind: 'fraction-of-equity'; readonly fraction: string };

export type Slippage =
  | { readonly kind: 'none' }
  /** Taker fills move against the taker by `bps` of the price. */
  | { readonly kind: 'fixed-bps'; readonly bps: number }
  /**
   * Zipline's VolumeShareSlippage: at most `volumeLimit` × bar volume fills per bar (the rest keeps working),
   * and the price moves against the taker by `priceImpact` × (filled / bar volume)². Zipline's defaults: 0.025, 0.1.
   */
  | { readonly kind: 'volume-share'; readonly volumeLimit: number; readonly priceImpact: number };

/**
 * Alpaca US equities: no commission; regulatory sell-side fees passed through. Both rates default to 0 here
 * because they change (SEC Section 31 is reset each fiscal year and mid-year; FINRA TAF by rule filing):
 * set them to the rates in force for the period simulated. For reference, the SEC rate was $27.80 per
 * million of sale proceeds from 2024-05-22, and FINRA's TAF $0.000166 per share sold, max $8.30 per trade
 * (FINRA schedule as of 2024) — check the current values before relying on them.
 */
export interface AlpacaEquityFees {
  readonly kind: 'alpaca-equities';
  /** SEC fee per dollar of sale proceeds (27.80 per million = "0.0000278"); rounded UP to the cent. Default "0". */
  readonly secFeeRate?: string;
  /** FINRA TAF per share sold; rounded UP to the cent. Default "0". */
  readonly tafPerShare?: string;
  /** TAF cap per fill. Default "0" = no cap applies when the rate is 0; set with tafPerShare. */
  readonly tafMaxPerTrade?: string;
}

export type Fees =
  | { readonly kind: 'none' }
  /** A flat amount per order, charged on its first fill. */
  | { readonly kind: 'per-order'; readonly amount: string }
  /** `pct` percent of each fill's notional ("0.1" = 0.1 %), unrounded. */
  | { readonly kind: 'percent'; readonly pct: string }
  | AlpacaEquityFees;

/** The strategy of a run: a streaming strategy (one state per symbol) or a target function. */
export type BacktestStrategy = StreamingStrategy<unknown> | TargetFunction;

export interface BacktestConfig {
  /** Bars per symbol, ascending by `start`. Symbols are processed in sorted order at each timestamp. */
  readonly bars: ReadonlyMap<string, readonly BacktestBar[]>;
  readonly strategy: BacktestStrategy;
  readonly sizing: Sizing;
  /** Starting cash, decimal string. */
  readonly cash: string;
  /** `next-open`: orders decided at a bar's close work from the next bar (market: its open). `close`: market orders fill at the deciding bar's close. */
  readonly fill: 'next-open' | 'close';
  readonly slippage: Slippage;
  readonly fees: Fees;
  /** Seeds the generator handed to function strategies; nothing else in the engine is random. */
  readonly seed: number;
  /** Allow short positions (default false: a sell beyond the position is rejected). */
  readonly allowShort?: boolean;
  /** `cash`: gross exposure ≤ 1 × equity after a fill; `reg-t`: ≤ 2 × equity (Reg T initial margin 50 %). Default `cash`. */
  readonly margin?: 'cash' | 'reg-t';
  /** Optional cap: at most this fraction of a bar's volume fills per symbol per bar (whole units, rounded down). */
  readonly maxParticipation?: number;
  /** Time in force of orders created from targets. Default `day`. */
  readonly targetTimeInForce?: TimeInForce;
  /** Fraction digits prices are rounded to (half-even) when a float bar price becomes exact. Default 4. */
  readonly pricePlaces?: number;
  /** Exchange session of an instant, for day orders. Default: the NYSE session date. */
  readonly sessionOf?: (time: number) => string;
  /** Metric conventions (periodsPerYear: 252 for daily bars, 252 × 390 for minute bars). */
  readonly metrics?: Partial<MetricsConventions>;
}

export interface BacktestResult {
  readonly orders: readonly BacktestOrder[];
  readonly fills: readonly BacktestFill[];
  readonly trades: readonly BacktestTrade[];
  readonly positions: readonly BacktestPosition[];
  /** One point per distinct bar timestamp, after that timestamp's fills, marked at closes. */
  readonly equityCurve: { readonly timestamps: Float64Array; readonly equity: Float64Array };
  readonly finalCash: string;
  readonly finalEquity: string;
  readonly realizedPnl: string;
  readonly totalFees: string;
  readonly metrics: MetricsReport;
}
