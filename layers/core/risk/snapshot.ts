/**
 * The market and account snapshot the pre-trade checks judge, beyond the account, positions and
 * last trade they always had. Every field is optional: a check whose input is absent says "not
 * measured" and passes, or fails closed when the policy's `failClosedOnMissingData` is set (short
 * sales and option approval always fail closed). Plain JSON (records, not maps) so a snapshot can
 * be written to a file and judged by `tradeloop risk check --snapshot`.
 */

/** What the broker says about an instrument (Alpaca's asset: tradable, status, borrow flags, class). */
export interface AssetView {
  readonly tradable: boolean;
  /** `active` or `inactive` (Alpaca); an inactive asset is treated as halted. */
  readonly status?: string;
  /** An explicit trading halt from a halt feed (LULD, regulatory), when the source knows one. */
  readonly halted?: boolean;
  readonly shortable: boolean;
  readonly easyToBorrow: boolean;
  /** `us_equity`, `us_option`, `crypto` (default us_equity). */
  readonly assetClass?: string;
}

/** Daily statistics of one symbol (from daily bars). Volatilities are annualised fractions (0.2 = 20 %). */
export interface SymbolStatsView {
  /** Average daily share volume over the stats window. */
  readonly averageDailyVolume?: number;
  /** Realised volatility over the short window (recent days). */
  readonly volatilityShort?: number;
  /** Realised volatility over the long window (the baseline a spike is judged against). */
  readonly volatilityLong?: number;
}

/** Option Greeks of a position (totals, already × contracts × multiplier). */
export interface GreeksView {
  readonly delta: number;
  readonly gamma: number;
  readonly vega: number;
}

/** The account's order activity, counted by the caller (from the orders table) so the checks stay pure. */
export interface OrderActivityView {
  /** Orders created in the 60 s before now. */
  readonly ordersLastMinute: number;
  /** Orders created in the current session date (New York). */
  readonly ordersToday: number;
  /** Day trades (a symbol bought and sold in one session) in the last 5 sessions, today included. */
  readonly dayTradesLast5Sessions: number;
  /** Symbols with a filled buy today (selling them today is a day trade). */
  readonly boughtToday: readonly string[];
  /** Symbols with a filled sell today (buying them back today is a day trade). */
  readonly soldToday: readonly string[];
}

/** An order still working at the broker (or claimed by execute-order), as the checks see it. */
export interface OpenOrderView {
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  /** Unfilled quantity. */
  readonly quantity: string;
}

export interface MarketSnapshot {
  /** Per symbol (the intent's symbol at least). */
  readonly assets?: Readonly<Record<string, AssetView>>;
  /** Symbols halted by a halt feed (in addition to AssetView.halted). */
  readonly haltedSymbols?: readonly string[];
  /** Per symbol: ADV and realised volatilities. */
  readonly stats?: Readonly<Record<string, SymbolStatsView>>;
  readonly activity?: OrderActivityView;
  /** The account's equity high-water mark (USD); drawdown is judged from it. */
  readonly equityPeak?: string;
  /** The account's options approval level at the broker (0 = none). */
  readonly optionsApprovalLevel?: number;
  /** Per position symbol: its Greeks. Equity positions without an entry count delta = quantity, gamma = vega = 0. */
  readonly positionGreeks?: Readonly<Record<string, GreeksView>>;
  /**
   * What an option or multi-leg order adds (totals, signed, × contracts × multiplier), priced from the chain when
   * the intent carries no Greeks of its own; the checks prefer the intent's Greeks when it has them.
   */
  readonly orderGreeks?: GreeksView;
  /** Per underlying: shares plus options in share equivalents (for the audit reason; the checks sum the positions). */
  readonly underlyingGreeks?: Readonly<Record<string, GreeksView>>;
  /** One-day VaR (USD) of the portfolio after the order, computed by the caller. */
  readonly postTradeVar?: string;
  /** How postTradeVar was computed (for the audit reason). */
  readonly postTradeVarMethod?: string;
}
