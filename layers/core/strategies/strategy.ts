import type { SignalDirection } from '../../contracts';

/** A closed bar as a streaming strategy sees it (floats: strategies decide, the ledger keeps exact money). */
export interface StrategyBar {
  readonly symbol: string;
  /** Bar start, UTC epoch ms: the bar's identity. */
  readonly start: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** A strategy's view of one symbol, before ids and account are attached (SignalGeneratedV1's core). */
export interface StrategySignal {
  readonly direction: SignalDirection;
  /** 0..1. */
  readonly strength: number;
  readonly reason: string;
  readonly barStart: number;
  /** The close the view was computed on. */
  readonly referencePrice: number;
}

/** What one bar did to a strategy's per-symbol state. */
export type StrategyStep<S> =
  /** The bar was at or before the last bar seen (duplicate or out-of-order delivery): nothing changed. */
  | { readonly kind: 'ignored'; readonly state: S; readonly lastBarStart: number }
  /** The bar was applied; `signal` is present only when the view changed. */
  | { readonly kind: 'applied'; readonly state: S; readonly signal?: StrategySignal };

/**
 * A streaming strategy: a pure step function over JSON-serialisable per-symbol state, so a
 * Lambda can load the state, apply one bar and save it, and a backtest can run it in a loop.
 * Methods (not function properties) so a StreamingStrategy<S> is usable as StreamingStrategy<unknown>.
 */
export interface StreamingStrategy<S> {
  /** Stable id of this configured strategy (also the key of its state and signals). */
  readonly id: string;
  /** Bumped when the state shape or the logic changes; stored state of another version is discarded. */
  readonly version: string;
  initialState(): S;
  /** Validates stored state; undefined when it does not fit (the strategy warms up again). */
  restoreState(raw: unknown): S | undefined;
  onBar(state: S, bar: StrategyBar): StrategyStep<S>;
}
