/** Messages between the discovery pool and its worker threads (structured clone). */
import type { BacktestBar } from '../../core/backtest';
import type { CandidateEvaluation, CandidateRequest, DiscoveryConfig } from '../../core/discovery';

/** Sent once per worker: what the plan is built from (every worker builds the same plan). */
export interface DiscoveryWorkerInit {
  readonly kind: 'init';
  readonly symbol: string;
  readonly bars: readonly BacktestBar[];
  readonly config: DiscoveryConfig;
  /** Portfolio runs: every symbol's bars (the plan is then planUniverseDiscovery's; `bars` is unused). */
  readonly universe?: ReadonlyMap<string, readonly BacktestBar[]>;
}

/** One candidate to evaluate. */
export interface DiscoveryWorkerTask {
  readonly kind: 'evaluate';
  readonly id: number;
  readonly request: CandidateRequest;
}

export type DiscoveryWorkerMessage = DiscoveryWorkerInit | DiscoveryWorkerTask;

export type DiscoveryWorkerReply =
  | { readonly id: number; readonly ok: true; readonly evaluation: CandidateEvaluation }
  | { readonly id: number; readonly ok: false; readonly error: string };
