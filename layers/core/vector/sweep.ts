/**
 * Vectorised parameter sweeps of two long-only reference strategies over one price series.
 *
 * Both strategies reduce to "long while A[t] > B[t], flat otherwise" (a NaN on either side, i.e.
 * during the SMA warm-up, means flat), so one monomorphic kernel simulates every parameter set:
 *  - SMA crossover (fast, slow): A = SMA(fast) of closes, B = SMA(slow) of closes; the same view as
 *    the streaming `smaCrossover` strategy (long while fast > slow, flat while below or equal).
 *  - price cross SMA (period): A = close, B = SMA(period) of closes.
 * SMAs are `smaBatch` values, computed once per distinct window (see sma-cache.ts) and shared by all
 * parameter sets; the per-parameter loop allocates nothing.
 *
 * Execution semantics (what an event-driven engine must reproduce to agree with this kernel):
 *  - The signal of bar t is evaluated on bar t's close. An order is created when the view differs
 *    from the position: long view while flat → buy; flat view while holding → sell everything.
 *  - `fillAt: 'nextOpen'` (default): the order of bar t fills at bar t+1's open; the last bar's
 *    signal is never filled. The order's quantity is computed at the fill, from the fill price and
 *    the cash then. At bar t the pending fill (at the open) happens before bar t's signal.
 *    `fillAt: 'close'`: the order of bar t fills at bar t's close (the last bar's included).
 *  - Sizing: `units` buys that many units whatever the cash (cash may go negative: a margin-free
 *    idealisation); `fraction` buys fraction × (cash − commission) / fill price units, floored to a
 *    whole unit when `wholeUnits`; a buy whose quantity is not > 0 does not happen (no fill, no
 *    commission, the view stays unfulfilled and is retried at the next signal).
 *  - Commission: `commissionPerFill` cash per fill (buy or sell), deducted from cash at the fill.
 *    Buy: cash −= qty × price + commission. Sell: cash += qty × price − commission.
 *  - No slippage, no interest on cash, fractional units allowed unless `wholeUnits`.
 *  - Equity at bar t = cash + qty × close[t] (after bar t's fill); a position held at the end is
 *    marked to the last close, never closed out. Final equity = equity at the last bar.
 *  - Per-bar returns r[t] = equity[t] / equity[t−1] − 1 for t = 0..n−1 with equity[−1] = initial
 *    cash (so n returns for n bars). Sharpe = mean(r) / sampleStd(r) × √periodsPerYear (no risk-free
 *    rate; NaN with fewer than two returns or a zero standard deviation). Max drawdown = the largest
 *    (peak − equity) / peak over the bars, peak = running maximum of equity including the initial
 *    cash, as a positive fraction (0.25 = 25 %). Total return = final equity / initial cash − 1.
 *  - trades = number of fills (a round trip is two).
 */
import { buildSmaCache, heapFloat64 } from './sma-cache';
import type { Float64Allocator, SmaCache } from './sma-cache';

/** Bar columns of one instrument, ascending in time, equal lengths. */
export interface PriceColumns {
  readonly opens: Float64Array;
  readonly closes: Float64Array;
}

/** Where an order created at bar t's close fills. */
export type FillAt = 'nextOpen' | 'close';

/** How much a buy takes. */
export type PositionSizing =
  | { readonly kind: 'units'; readonly units: number }
  | { readonly kind: 'fraction'; readonly fraction: number; readonly wholeUnits?: boolean };

/** Account and execution settings shared by every parameter set of a sweep. */
export interface SweepConfig {
  readonly initialCash: number;
  readonly sizing: PositionSizing;
  /** Default 'nextOpen'. */
  readonly fillAt?: FillAt;
  /** Cash charged per fill; default 0. */
  readonly commissionPerFill?: number;
  /** Annualisation factor of the Sharpe ratio (252 for daily bars). */
  readonly periodsPerYear: number;
}

export interface SmaCrossParams {
  readonly fast: number;
  readonly slow: number;
}
export interface PriceCrossSmaParams {
  readonly period: number;
}

/** The strategy and its parameter sets, in the order results are reported. */
export type StrategySweep =
  | { readonly strategy: 'smaCross'; readonly params: readonly SmaCrossParams[] }
  | { readonly strategy: 'priceCrossSma'; readonly params: readonly PriceCrossSmaParams[] };

/** Results as columns: entry i belongs to parameter set i. */
export interface SweepResults {
  readonly trades: Float64Array;
  readonly finalEquity: Float64Array;
  readonly totalReturn: Float64Array;
  readonly sharpe: Float64Array;
  readonly maxDrawdown: Float64Array;
}

/** One parameter set's results as a plain object. */
export interface SweepRow {
  readonly trades: number;
  readonly finalEquity: number;
  readonly totalReturn: number;
  readonly sharpe: number;
  readonly maxDrawdown: number;
}

export const RESULT_COLUMNS = ['trades', 'finalEquity', 'totalReturn', 'sharpe', 'maxDrawdown'] as const;

/** Result columns for `count` parameter sets (NaN-filled), allocated with `alloc`. */
export function allocateSweepResults(count: number, alloc: Float64Allocator = heapFloat64): SweepResults {
  const column = (): Float64Array => alloc(count).fill(Number.NaN);
  return { trades: column(), finalEquity: column(), totalReturn: column(), sharpe: column(), maxDrawdown: column() };
}

/** Row i of the results. */
export function sweepRow(results: SweepResults, i: number): SweepRow {
  return {
    trades: results.trades[i] ?? Number.NaN,
    finalEquity: results.finalEquity[i] ?? Number.NaN,
    totalReturn: results.totalReturn[i] ?? Number.NaN,
    sharpe: results.sharpe[i] ?? Number.NaN,
    maxDrawdown: results.maxDrawdown[i] ?? Number.NaN,
  };
}

/** The distinct SMA windows a sweep needs. */
export function sweepWindows(sweep: StrategySweep): number[] {
  const windows = new Set<number>();
  if (sweep.strategy === 'smaCross') {
    for (const p of sweep.params) {
      windows.add(p.fast);
      windows.add(p.slow);
    }
  } else {
    for (const p of sweep.params) windows.add(p.period);
  }
  return [...windows];
}

const isWindow = (w: number): boolean => Number.isInteger(w) && w >= 1;

/** Throws RangeError on inconsistent inputs (lengths, windows, config). */
export function validateSweep(prices: PriceColumns, sweep: StrategySweep, config: SweepConfig): void {
  if (prices.opens.length !== prices.closes.length) throw new RangeError(`opens (${prices.opens.length}) and closes (${prices.closes.length}) differ in length`);
  for (const w of sweepWindows(sweep)) if (!isWindow(w)) throw new RangeError(`SMA window must be a positive integer, got ${w}`);
  if (!(config.initialCash > 0)) throw new RangeError(`initialCash must be > 0, got ${config.initialCash}`);
  if (!(config.periodsPerYear > 0)) throw new RangeError(`periodsPerYear must be > 0, got ${config.periodsPerYear}`);
  const commission = config.commissionPerFill ?? 0;
  if (!(commission >= 0)) throw new RangeError(`commissionPerFill must be >= 0, got ${commission}`);
  const s = config.sizing;
  if (s.kind === 'units' && !(s.units > 0)) throw new RangeError(`units must be > 0, got ${s.units}`);
  if (s.kind === 'fraction' && !(s.fraction > 0 && s.fraction <= 1)) throw new RangeError(`fraction must be in (0, 1], got ${s.fraction}`);
}

/** Options of `runSweep`. */
export interface RunSweepOptions {
  /** SMAs already computed (e.g. shared with workers); missing windows are computed. */
  readonly smas?: SmaCache;
  /** Where to write; default a fresh heap allocation of params.length rows. */
  readonly out?: SweepResults;
  /** Which parameter indices to run (default all); results land at those indices of `out`. */
  readonly indices?: ArrayLike<number>;
}

/**
 * Runs every parameter set of `sweep` over `prices` (semantics in the module comment) and returns
 * one result row per parameter set, in parameter order.
 */
export function runSweep(prices: PriceColumns, sweep: StrategySweep, config: SweepConfig, options: RunSweepOptions = {}): SweepResults {
  validateSweep(prices, sweep, config);
  const count = sweep.params.length;
  const out = options.out ?? allocateSweepResults(count);
  let smas: SmaCache = options.smas ?? new Map<number, Float64Array>();
  const missing = sweepWindows(sweep).filter((w) => !smas.has(w));
  if (missing.length > 0) smas = new Map([...smas, ...buildSmaCache(prices.closes, missing)]);
  const sim = simulationConstants(config);
  const indices = options.indices;
  const total = indices === undefined ? count : indices.length;
  for (let k = 0; k < total; k += 1) {
    const i = indices === undefined ? k : (indices[k] ?? -1);
    const [above, below] = signalColumns(prices, sweep, smas, i);
    simulateLongWhileAbove(above, below, prices, sim, out, i);
  }
  return out;
}

function signalColumns(prices: PriceColumns, sweep: StrategySweep, smas: SmaCache, i: number): readonly [Float64Array, Float64Array] {
  const need = (w: number): Float64Array => {
    const column = smas.get(w);
    if (column === undefined) throw new RangeError(`no SMA(${w}) in the cache`);
    return column;
  };
  if (sweep.strategy === 'smaCross') {
    const p = sweep.params[i];
    if (p === undefined) throw new RangeError(`no parameter set ${i}`);
    return [need(p.fast), need(p.slow)];
  }
  const p = sweep.params[i];
  if (p === undefined) throw new RangeError(`no parameter set ${i}`);
  return [prices.closes, need(p.period)];
}

/** Settings flattened to numbers so the hot loop stays monomorphic. */
export interface SimulationConstants {
  readonly initialCash: number;
  readonly atClose: boolean;
  readonly commission: number;
  readonly fixedUnits: number;
  readonly fraction: number;
  readonly wholeUnits: boolean;
  readonly sqrtPeriodsPerYear: number;
}

export function simulationConstants(config: SweepConfig): SimulationConstants {
  const s = config.sizing;
  return {
    initialCash: config.initialCash,
    atClose: (config.fillAt ?? 'nextOpen') === 'close',
    commission: config.commissionPerFill ?? 0,
    fixedUnits: s.kind === 'units' ? s.units : 0,
    fraction: s.kind === 'fraction' ? s.fraction : 0,
    wholeUnits: s.kind === 'fraction' && s.wholeUnits === true,
    sqrtPeriodsPerYear: Math.sqrt(config.periodsPerYear),
  };
}

/**
 * The kernel: one parameter set, "long while above[t] > below[t]", written to row `row` of `out`.
 * Allocates nothing; one pass over the bars with the return sums and drawdown online.
 */
export function simulateLongWhileAbove(
  above: Float64Array,
  below: Float64Array,
  prices: PriceColumns,
  sim: SimulationConstants,
  out: SweepResults,
  row: number,
): void {
  const { opens, closes } = prices;
  const n = closes.length;
  const { atClose, commission, fixedUnits, fraction, wholeUnits } = sim;
  let cash = sim.initialCash;
  let qty = 0;
  let fills = 0;
  // Pending order from the previous close (nextOpen mode): 1 buy, -1 sell, 0 none.
  let pending = 0;
  let prevEquity = cash;
  let peak = cash;
  let maxDd = 0;
  // Plain sums of r and r²: per-bar returns are small and of mixed sign, so the one-pass variance
  // is accurate to ~1e-12 relative here, and it keeps divisions off the loop-carried chain.
  let sum = 0;
  let sumSq = 0;
  for (let t = 0; t < n; t += 1) {
    const close = closes[t] ?? Number.NaN;
    if (pending !== 0) {
      const price = opens[t] ?? Number.NaN;
      if (pending > 0) {
        const q = fixedUnits > 0 ? fixedUnits : buyQuantity(cash, price, commission, fraction, wholeUnits);
        if (q > 0) {
          cash -= q * price + commission;
          qty = q;
          fills += 1;
        }
      } else {
        cash += qty * price - commission;
        qty = 0;
        fills += 1;
      }
      pending = 0;
    }
    const long = (above[t] ?? Number.NaN) > (below[t] ?? Number.NaN);
    const order = long ? (qty > 0 ? 0 : 1) : qty > 0 ? -1 : 0;
    if (order !== 0) {
      if (!atClose) {
        pending = order;
      } else if (order > 0) {
        const q = fixedUnits > 0 ? fixedUnits : buyQuantity(cash, close, commission, fraction, wholeUnits);
        if (q > 0) {
          cash -= q * close + commission;
          qty = q;
          fills += 1;
        }
      } else {
        cash += qty * close - commission;
        qty = 0;
        fills += 1;
      }
    }
    const equity = cash + qty * close;
    const r = equity / prevEquity - 1;
    prevEquity = equity;
    sum += r;
    sumSq += r * r;
    if (equity > peak) peak = equity;
    else if (peak - equity > maxDd * peak) maxDd = (peak - equity) / peak;
  }
  const mean = sum / n;
  const std = n > 1 ? Math.sqrt(Math.max(0, (sumSq - sum * mean) / (n - 1))) : Number.NaN;
  out.trades[row] = fills;
  out.finalEquity[row] = prevEquity;
  out.totalReturn[row] = prevEquity / sim.initialCash - 1;
  out.sharpe[row] = std > 0 ? (mean / std) * sim.sqrtPeriodsPerYear : Number.NaN;
  out.maxDrawdown[row] = maxDd;
}

/** Units a fraction-sized buy takes: fraction × (cash − commission) / price, optionally floored. */
function buyQuantity(cash: number, price: number, commission: number, fraction: number, wholeUnits: boolean): number {
  const q = (fraction * (cash - commission)) / price;
  return wholeUnits ? Math.floor(q) : q;
}
