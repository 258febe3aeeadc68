/** Input of the self-contained backtest report: what a finished run hands to `renderBacktestReport`. */

import type { EquityCurve, MetricsReport, TradeSide } from '../../core/analytics';

/** A JSON value (parameters of the run are shown as JSON). */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** One round-trip trade to mark on the price chart. Times are epoch ms; `pnl` is net of fees. */
export interface ReportTrade {
  readonly entryTime: number;
  readonly exitTime: number;
  readonly entryPrice: number;
  readonly exitPrice: number;
  readonly side: TradeSide;
  /** Positive quantity; the direction is `side`. */
  readonly quantity: number;
  readonly pnl: number;
}

/** The price series of one symbol (closes) and the trades taken in it. */
export interface ReportPriceSeries {
  readonly symbol: string;
  /** Epoch ms, increasing, same length as `close`. */
  readonly timestamps: ArrayLike<number>;
  readonly close: ArrayLike<number>;
  readonly trades: readonly ReportTrade[];
}

/** A data file the run read, with its SHA-256 (lower-case hex, as `sha256sum` prints it). */
export interface DataFileHash {
  readonly path: string;
  readonly sha256: string;
}

/** Where the numbers came from: enough to reproduce the run. */
export interface ReportProvenance {
  /** Git commit of the code that ran (e.g. `git rev-parse HEAD`, with `-dirty` if the tree was modified). */
  readonly codeVersion: string;
  readonly dataFiles: readonly DataFileHash[];
  readonly parameters: { readonly [name: string]: JsonValue };
  /** Seed of any randomness in the run; `null` when the run used none. */
  readonly seed: number | string | null;
  /** Engine name and version, e.g. `tradeloop-event-engine 0.1.0`. */
  readonly engine: string;
  /** When the report was generated, epoch ms (passed in: the report never reads the clock). */
  readonly generatedAt: number;
}

/** Time zone whose calendar months make the monthly-returns heatmap. */
export type MonthTimeZone = 'America/New_York' | 'UTC';

/** Everything `renderBacktestReport` needs. */
export interface BacktestReportInput {
  readonly title: string;
  /** Equity after each bar (epoch ms timestamps, increasing). */
  readonly equity: EquityCurve;
  /** One price chart with its trades per symbol of the run, in this order (at least one). */
  readonly prices: readonly ReportPriceSeries[];
  /** `computeMetrics` of the same run (the report shows it, it never recomputes it). */
  readonly metrics: MetricsReport;
  readonly provenance: ReportProvenance;
  /** Calendar of the monthly heatmap; default `America/New_York` (the exchange's months). */
  readonly monthTimeZone?: MonthTimeZone;
}
