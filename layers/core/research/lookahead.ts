/**
 * Lookahead-bias detector, after freqtrade's `lookahead-analysis`: run a streaming strategy over the full
 * series and over prefixes of it cut at sampled bars t, and flag every bar ≤ t whose signal (or, on request,
 * state) differs between the full run and the run that could not have seen past t. A strategy that only
 * uses what `onBar` hands it cannot differ; one that reads ahead through a closure over the data (a
 * precomputed column, a centred window, a normalisation by the series' maximum) does.
 *
 * The strategy is built per run by `build(visibleBars)`, so a strategy that closes over a data array gets
 * the truncated array in a truncated run, as freqtrade hands truncated dataframes to
 * `populate_indicators`. Catalogue strategies ignore the argument.
 */

import { mulberry32 } from '../analytics';
import type { StrategyBar, StrategyStep, StreamingStrategy } from '../strategies';

/** What the detector compares at each bar. */
export type LookaheadComparison = 'signals' | 'signals-and-state';

/** Options of a lookahead check. */
export interface LookaheadOptions {
  /** The series, ascending by start. */
  readonly bars: readonly StrategyBar[];
  /** Builds the strategy for a run that may see exactly `visible`. */
  readonly build: (visible: readonly StrategyBar[]) => StreamingStrategy<unknown>;
  /** Cut indices t (each truncated run sees bars 0..t). Default: `sampleCuts` seeded distinct indices in 0..n−2. */
  readonly cuts?: readonly number[];
  /** Default 20. */
  readonly sampleCuts?: number;
  /** Default 0. */
  readonly seed?: number;
  /** Default `signals`: direction, strength, reference price and bar of each emitted signal (not its free-text reason). */
  readonly compare?: LookaheadComparison;
  /** Differences kept in the report (all are counted); default 50. */
  readonly maxDifferences?: number;
}

/** One bar where the truncated run disagreed with the full run. */
export interface LookaheadDifference {
  readonly cut: number;
  readonly index: number;
  readonly barStart: number;
  /** What the full run recorded at that bar (JSON), and what the truncated run recorded. */
  readonly full: string;
  readonly truncated: string;
}

/** The verdict. */
export interface LookaheadReport {
  /** True when any compared bar differed. */
  readonly biased: boolean;
  readonly cuts: readonly number[];
  /** Bars compared over all cuts. */
  readonly barsCompared: number;
  /** Differing bars over all cuts. */
  readonly differenceCount: number;
  /** Cuts at which at least one bar differed. */
  readonly biasedCuts: readonly number[];
  /** The first `maxDifferences` differences, by cut then bar. */
  readonly differences: readonly LookaheadDifference[];
}

function recordOf(step: StrategyStep<unknown>, compare: LookaheadComparison): string {
  const s = step.kind === 'applied' ? step.signal : undefined;
  const signal = s === undefined ? null : { direction: s.direction, strength: s.strength, referencePrice: s.referencePrice, barStart: s.barStart };
  return JSON.stringify(compare === 'signals' ? { kind: step.kind, signal } : { kind: step.kind, signal, state: step.state });
}

function run(bars: readonly StrategyBar[], strategy: StreamingStrategy<unknown>, compare: LookaheadComparison): string[] {
  let state = strategy.initialState();
  return bars.map((bar) => {
    const step = strategy.onBar(state, bar);
    state = step.state;
    return recordOf(step, compare);
  });
}

/** Seeded sample of `k` distinct cut indices in 0..n−2, ascending. */
export function sampleCutPoints(n: number, k: number, seed: number): number[] {
  const pool = Array.from({ length: Math.max(0, n - 1) }, (_, i) => i);
  const random = mulberry32(seed);
  const take = Math.min(k, pool.length);
  for (let i = 0; i < take; i += 1) {
    const j = i + Math.floor(random() * (pool.length - i));
    const t = pool[i] ?? 0;
    pool[i] = pool[j] ?? 0;
    pool[j] = t;
  }
  return pool.slice(0, take).sort((a, b) => a - b);
}

/** Runs the check. Deterministic for given bars, cuts and seed. */
export function detectLookahead(options: LookaheadOptions): LookaheadReport {
  const { bars } = options;
  const n = bars.length;
  const compare = options.compare ?? 'signals';
  const keep = options.maxDifferences ?? 50;
  const cuts = options.cuts !== undefined ? [...options.cuts].sort((a, b) => a - b) : sampleCutPoints(n, options.sampleCuts ?? 20, options.seed ?? 0);
  for (const c of cuts) if (!Number.isInteger(c) || c < 0 || c >= n) throw new RangeError(`cut ${c} outside 0..${n - 1}`);
  const full = run(bars, options.build(bars), compare);
  const differences: LookaheadDifference[] = [];
  const biasedCuts: number[] = [];
  let count = 0;
  let compared = 0;
  for (const cut of cuts) {
    const visible = bars.slice(0, cut + 1);
    const truncated = run(visible, options.build(visible), compare);
    let differed = false;
    for (let i = 0; i <= cut; i += 1) {
      compared += 1;
      const a = full[i] ?? '';
      const b = truncated[i] ?? '';
      if (a === b) continue;
      differed = true;
      count += 1;
      if (differences.length < keep) differences.push({ cut, index: i, barStart: bars[i]?.start ?? Number.NaN, full: a, truncated: b });
    }
    if (differed) biasedCuts.push(cut);
  }
  return { biased: count > 0, cuts, barsCompared: compared, differenceCount: count, biasedCuts, differences };
}
