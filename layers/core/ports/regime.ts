/**
 * The current-regime port: where the strategy selector and the options correlator read the market
 * regime of a symbol, and where the regime detector records it. Adapters (not yet written): a DynamoDB
 * item per symbol, updated on `regime.changed`; an in-memory map for tests and the local stack.
 */
import type { RegimeLabel, RegimeProbabilities } from '../regime';

/** The regime of one symbol as last recorded. */
export interface CurrentRegime {
  readonly symbol: string;
  readonly label: RegimeLabel;
  /** 0..1: the ensemble probability of `label` on `asOf`. */
  readonly confidence: number;
  readonly probabilities: RegimeProbabilities;
  /** Session date (YYYY-MM-DD) of the daily bar the regime was computed from. */
  readonly asOf: string;
  /** Since when (session date) the symbol has been in this regime. */
  readonly since: string;
  /** The fitted model that produced it (RegimeModel.id). */
  readonly modelId: string;
  /** UTC epoch ms when it was recorded. */
  readonly recordedAt: number;
}

/** Read side: what consumers (strategy selector, options correlator) depend on. */
export interface CurrentRegimeReader {
  /** The symbol's last recorded regime, or undefined when none is known (consumers then use their regime-free rules). */
  currentRegime(symbol: string): Promise<CurrentRegime | undefined>;
}

/** Write side: the regime detector's use case records each day's regime (idempotent per symbol + asOf). */
export interface CurrentRegimeStore extends CurrentRegimeReader {
  /** Stores `regime` unless a record with a later or equal `asOf` exists; answers whether it was stored. */
  recordRegime(regime: CurrentRegime): Promise<boolean>;
}
