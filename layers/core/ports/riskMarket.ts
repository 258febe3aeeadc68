/**
 * Ports the pre-trade risk snapshot needs beyond the broker and the minute-bar feed: the broker's
 * asset master (tradable, halted, borrow flags, class) and daily bars (average daily volume and
 * realised volatility are computed from them in the core). Adapters: Alpaca (layers/adapters/alpaca/
 * risk-market.ts, cached per container) and an in-memory fake (layers/adapters/memory/risk-market.ts).
 */
import type { MinuteBar } from './index';

/** An instrument as the broker's asset master describes it. */
export interface AssetInfo {
  readonly symbol: string;
  readonly tradable: boolean;
  /** `active` | `inactive`. */
  readonly status: string;
  /** An explicit halt, where the source knows one (Alpaca's asset master does not; a halt feed would). */
  readonly halted?: boolean;
  readonly shortable: boolean;
  readonly easyToBorrow: boolean;
  /** `us_equity`, `us_option`, `crypto`. */
  readonly assetClass: string;
}

export interface RiskMarketData {
  /** The asset record of each symbol the broker knows (unknown symbols are absent). */
  assets(symbols: readonly string[]): Promise<ReadonlyMap<string, AssetInfo>>;
  /** Daily bars (one per session, `start` = the session's midnight or open as the feed stamps it) with start in [from, to), oldest first. */
  dailyBars(symbols: readonly string[], from: number, to: number): Promise<ReadonlyMap<string, readonly MinuteBar[]>>;
}
