import type { SignalDirection } from '../../contracts';
import type { MetricsConventions, MetricsReport } from '../analytics';
import type { CorporateAction } from '../market/corporate-actions';
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
/**
 * `trailing-stop`: a stop whose stop price follows the market by `trailPrice` or `trailPercent` (rules in
 * ./trailing). Market-on-open and market-on-close are `market` orders with time in force `opg` / `cls`, as Alpaca
 * names them (a `limit` with `opg` / `cls` is limit-on-open / limit-on-close).
 */
export type OrderType = 'market' | 'limit' | 'stop' | 'stop-limit' | 'trailing-stop';
/**
 * - `day`: works during one session (the session of the first bar it meets), then expires.
 * - `gtc`: until filled or canceled.
 * - `ioc` (immediate or cancel): meets exactly one price, the first one it can (the next bar's open, or the deciding
 *   bar's close with `fill: 'close'`); whatever does not fill there is canceled. Market and limit orders only.
 * - `fok` (fill or kill): as `ioc`, but all or nothing: canceled unless the whole quantity fits the bar's
 *   participation cap (maxParticipation, volume-share limit) and the price is marketable. Market and limit only.
 * - `opg` (at the open): fills at the open of the first bar of the next regular session (a market order: MOO);
 *   a limit order fills there only if that open is within its limit (LOO); the rest is canceled.
 * - `cls` (at the close): fills at the close of its session's last regular bar (MOC; LOC for a limit); the rest is
 *   canceled. Rules for "next session" and "last bar" in ./sessions.
 */
export type TimeInForce = 'day' | 'gtc' | 'ioc' | 'fok' | 'opg' | 'cls';

/**
 * The exit legs of a bracket order. They are held until the entry fills, then work for the entry's filled quantity
 * (growing as the entry fills) as a one-cancels-other pair. Legs use the entry's time in force (`day`, `gtc`).
 */
export interface BracketLegs {
  /** A limit order on the opposite side at this price. */
  readonly takeProfit?: { readonly limitPrice: string };
  /** A stop (or, with `limitPrice`, stop-limit) order on the opposite side. */
  readonly stopLoss?: { readonly stopPrice: string; readonly limitPrice?: string };
}

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
  /** Trailing stop: the stop trails the best price seen by this amount (exactly one of trailPrice, trailPercent). */
  readonly trailPrice?: string;
  /** Trailing stop: the stop trails the best price seen by this percent ("2.5" = 2.5 %). */
  readonly trailPercent?: string;
  /** Default `day`. */
  readonly timeInForce?: TimeInForce;
  /**
   * One-cancels-other: working orders sharing this label form a group; a fill of q units of one reduces every other
   * member by q (cancels it when nothing is left). Stop-type members are tried before limit members on a bar where
   * neither fills at the open (the worst case when both are inside one bar's range).
   */
  readonly ocoGroup?: string;
  /** Makes this order the entry of a bracket (or of a one-triggers-other order when only one leg is given). */
  readonly bracket?: BracketLegs;
  /** Free text carried to the order record. */
  readonly tag?: string;
}

/** `held`: a bracket leg waiting for its entry to fill. */
export type OrderStatus = 'held' | 'working' | 'partially-filled' | 'filled' | 'canceled' | 'expired' | 'rejected';

/** An order's record at the end of the run. */
export interface BacktestOrder {
  /** `o-1`, `o-2`, … in submission order (deterministic). */
  readonly id: string;
  readonly symbol: string;
  readonly side: OrderSide;
  /** As requested, or as reduced by its OCO group / grown with its bracket entry / adjusted by a split. */
  readonly quantity: string;
  readonly type: OrderType;
  readonly limitPrice?: string;
  /** For a trailing stop: the stop price when the order closed (or at the end of the run). */
  readonly stopPrice?: string;
  readonly trailPrice?: string;
  readonly trailPercent?: string;
  readonly timeInForce: TimeInForce;
  readonly ocoGroup?: string;
  /** A bracket leg's entry order id. */
  readonly parentId?: string;
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
  /**
   * `maker`: a limit order that rested on the book before filling (filled at its limit inside a bar, or on a bar
   * after its first). `taker`: everything else (market, stop, trailing stop, opg/cls, a limit marketable on arrival).
   */
  readonly liquidity: 'maker' | 'taker';
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
  | {
      readonly kind: 'fraction-of-equity';
      readonly fraction: string;
      /**
       * Scale the fraction by the signal's strength (0..1), for strategies that size through it (e.g.
       * volatility targeting). A new signal with the same direction and another strength re-sizes the
       * position. Default false: every non-flat view gets the full fraction.
       */
      readonly scaleByStrength?: boolean;
    };

export type Slippage =
  | { readonly kind: 'none' }
  /** Taker fills move against the taker by `bps` of the price. */
  | { readonly kind: 'fixed-bps'; readonly bps: number }
  /**
   * Zipline's VolumeShareSlippage: at most `volumeLimit` × bar volume fills per bar (the rest keeps working),
   * and the price moves against the taker by `priceImpact` × (filled / bar volume)². Zipline's defaults: 0.025, 0.1.
   */
  | { readonly kind: 'volume-share'; readonly volumeLimit: number; readonly priceImpact: number }
  /**
   * Pay half the spread. Per symbol, one entry per bar (aligned with that symbol's bars by index): a quote
   * `{ bid, ask }` or a spread (ask − bid, in price units). With a quote, market orders (incl. opg/cls) buy at the
   * ask and sell at the bid; other taker fills (stops, marketable limits) move by half of ask − bid from their
   * price. With a spread, every taker fill moves by half the spread. A missing or non-finite entry moves nothing.
   */
  | { readonly kind: 'half-spread'; readonly quotes: ReadonlyMap<string, readonly (BarQuote | number | undefined)[]> };

/** The quote in force when a bar's taker orders fill. */
export interface BarQuote {
  readonly bid: number;
  readonly ask: number;
}

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
  | AlpacaEquityFees
  /** Options: `perContract` per contract filled ("0.65"); notional uses the symbol's contractMultiplier (100). */
  | { readonly kind: 'per-contract'; readonly perContract: string }
  /** Crypto venues: basis points of notional, by the fill's liquidity (maker: a resting limit; taker: the rest). Unrounded. */
  | { readonly kind: 'maker-taker'; readonly makerBps: string; readonly takerBps: string };

/** Short-sale availability and cost of one symbol. */
export interface BorrowTerms {
  /** Default true. False: only `availableShares` can be borrowed (none when absent). */
  readonly easyToBorrow?: boolean;
  /** Shares that can be borrowed in all (caps the short position) when not easy to borrow. */
  readonly availableShares?: string;
  /** Annual borrow fee in percent of the short market value ("0.3" = 0.3 % a year). Default "0". */
  readonly annualRatePct?: string;
}

/**
 * Borrow model. A fill that opens or grows a short beyond what can be borrowed is rejected with a reason.
 * The fee accrues for every calendar day a short is held overnight: at the first bar of each new session,
 * |quantity| × previous close × multiplier × rate / 100 × days / `dayCount` (days = calendar days between the two
 * session dates, so a weekend counts 3), exact and unrounded. Shorts opened and closed within a session pay nothing.
 */
export interface BorrowConfig {
  readonly default?: BorrowTerms;
  readonly symbols?: Readonly<Record<string, BorrowTerms>>;
  /** 360 (the US convention, Alpaca's) or 365. Default 360. */
  readonly dayCount?: 360 | 365;
}

/** The strategy of a run: a streaming strategy (one state per symbol) or a target function. */
export type BacktestStrategy = StreamingStrategy<unknown> | TargetFunction;

export interface BacktestConfig {
  /** Bars per symbol, ascending by `start`. Symbols are processed in sorted order at each timestamp. */
  readonly bars: ReadonlyMap<string, readonly BacktestBar[]>;
  readonly strategy: BacktestStrategy;
  readonly sizing: Sizing;
  /** Starting cash, decimal string. */
  readonly cash: string;
  /**
   * `next-open`: orders decided at a bar's close work from the next bar (market: its open). `close`: market orders fill
   * at the deciding bar's close, and so do ioc/fok orders (or are canceled there) and cls orders when that bar closes
   * its session; other orders are tried at that close and then rest. `opg` orders wait for the next session either way.
   */
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
  /**
   * Exchange session of an instant, for day orders. Default: the NYSE session date, and then opg/cls orders use the
   * NYSE calendar's regular hours and closes (early closes included); with a custom function every bar counts as
   * regular and a session's last bar is the one whose successor has another key (./sessions).
   */
  readonly sessionOf?: (time: number) => string;
  /** Metric conventions (periodsPerYear: 252 for daily bars, 252 × 390 for minute bars). */
  readonly metrics?: Partial<MetricsConventions>;
  /** Contract multiplier per symbol (decimal string, default "1"): cash, P&L and marks are price × quantity × multiplier. */
  readonly contractMultiplier?: Readonly<Record<string, string>>;
  /**
   * Corporate actions per symbol, applied at the first bar on or after each ex-date (its NYSE-local date), before
   * that bar's orders. Use RAW prices with them. Splits and dividends as in ./corporate-actions.
   */
  readonly corporateActions?: ReadonlyMap<string, readonly CorporateAction[]>;
  /** Short-sale availability and fees. Absent: every symbol is easy to borrow at no cost. */
  readonly borrow?: BorrowConfig;
  /**
   * Progress: called with bars processed so far and the total bars of all symbols, at most about every 1 % of the
   * total (and once at the end). Cheap: one comparison per timestamp otherwise.
   */
  readonly onProgress?: (barsDone: number, barsTotal: number) => void;
}

/** Cash that moved without a fill: dividends and borrow fees (signed: + into the account). Splits carry amount "0". */
export interface BacktestCashFlow {
  readonly time: number;
  readonly symbol: string;
  readonly kind: 'dividend' | 'split' | 'borrow-fee';
  readonly amount: string;
  /** Position before and after (a split changes it; the others do not). */
  readonly positionBefore: string;
  readonly positionAfter: string;
  readonly detail: string;
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
  /** Dividends, split records and borrow fees in time order. */
  readonly cashFlows: readonly BacktestCashFlow[];
  /** Net dividends (received on longs minus paid on shorts). */
  readonly dividends: string;
  /** Borrow fees paid (positive). */
  readonly borrowFees: string;
  readonly metrics: MetricsReport;
}
