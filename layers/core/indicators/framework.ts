/**
 * The shared shape of every indicator. Style (one for all): functional, like the SMA. Each indicator
 * is an object of pure functions over a plain JSON state — `x.init(params)`, `x.add(state, input)`,
 * `x.replace(state, input)` (revises the last input), `x.result(state)`, `x.isStable(state)` —
 * plus a batch function `xBatch(input, params)` over `Float64Array`s that returns NaN until stable.
 *
 * Parity by construction: both forms run the same `step` on the same core state (batch mutates one
 * core in place; streaming copies the core then steps it), so they give bit-identical numbers.
 * The streaming state keeps the core before the last input (`prev`) so `replace` can redo it.
 * Cores hold only numbers, arrays of numbers, nulls and nested objects: no NaN, no Infinity, so
 * `JSON.parse(JSON.stringify(state))` is the same state (DynamoDB-safe).
 */
import { z } from 'zod';

/** One OHLCV bar as the bar-based indicators read it (`open` and `start` are not used). */
export interface IndicatorBar {
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** Columns of bars for batch runs; all arrays have the same length. */
export interface BarColumns {
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** The internal definition of an indicator: parameters, a mutable JSON core, a step and a read-out. */
export interface IndicatorSpec<P, C, I, O> {
  readonly name: string;
  readonly params: z.ZodType<P>;
  readonly init: (params: P) => C;
  /** Applies one input to the core in place. */
  readonly step: (core: C, input: I) => void;
  /** The value, or undefined while warming up (or where undefined, e.g. a degenerate window). */
  readonly value: (core: C, params: P) => O | undefined;
}

/** Streaming state: the parsed parameters, the current core and the core before the last input. */
export interface IndicatorState<P, C> {
  readonly params: P;
  readonly core: C;
  readonly prev: C | null;
  /** Inputs applied so far (a replace does not count). */
  readonly count: number;
}

/** The public streaming surface of one indicator. */
export interface Indicator<P, C, I, O> {
  readonly name: string;
  readonly params: z.ZodType<P>;
  init(params: unknown): IndicatorState<P, C>;
  add(state: IndicatorState<P, C>, input: I): IndicatorState<P, C>;
  replace(state: IndicatorState<P, C>, input: I): IndicatorState<P, C>;
  result(state: IndicatorState<P, C>): O | undefined;
  isStable(state: IndicatorState<P, C>): boolean;
  /** Internal: runs the step over n inputs in place (used by the batch functions). */
  run(params: P, n: number, inputAt: (i: number) => I, emit: (i: number, value: O | undefined) => void): void;
}

function copyCore<C>(core: C): C {
  return structuredClone(core);
}

function checkInput(name: string, input: unknown): void {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new RangeError(`${name} input must be finite, got ${input}`);
    return;
  }
  if (typeof input === 'object' && input !== null) {
    for (const key of ['high', 'low', 'close', 'volume'] as const) {
      const v: unknown = (input as Record<string, unknown>)[key];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${name} bar.${key} must be finite, got ${String(v)}`);
    }
  }
}

/** Builds the streaming functions of an indicator from its spec. */
export function makeIndicator<P, C, I, O>(spec: IndicatorSpec<P, C, I, O>): Indicator<P, C, I, O> {
  const add = (state: IndicatorState<P, C>, input: I): IndicatorState<P, C> => {
    checkInput(spec.name, input);
    const core = copyCore(state.core);
    spec.step(core, input);
    return { params: state.params, core, prev: state.core, count: state.count + 1 };
  };
  const replace = (state: IndicatorState<P, C>, input: I): IndicatorState<P, C> => {
    if (state.prev === null) return add(state, input);
    checkInput(spec.name, input);
    const core = copyCore(state.prev);
    spec.step(core, input);
    return { params: state.params, core, prev: state.prev, count: state.count };
  };
  return {
    name: spec.name,
    params: spec.params,
    init: (params: unknown): IndicatorState<P, C> => {
      const parsed = spec.params.parse(params);
      return { params: parsed, core: spec.init(parsed), prev: null, count: 0 };
    },
    add,
    replace,
    result: (state) => spec.value(state.core, state.params),
    isStable: (state) => spec.value(state.core, state.params) !== undefined,
    run: (params, n, inputAt, emit) => {
      const core = spec.init(params);
      for (let i = 0; i < n; i += 1) {
        const input = inputAt(i);
        checkInput(spec.name, input);
        spec.step(core, input);
        emit(i, spec.value(core, params));
      }
    },
  };
}

/** Batch of a single-valued indicator: NaN where the streaming result is undefined. */
export function scalarBatch<P, C, I>(ind: Indicator<P, C, I, number>, params: unknown, n: number, inputAt: (i: number) => I): Float64Array {
  const parsed = ind.params.parse(params);
  const out = new Float64Array(n).fill(Number.NaN);
  ind.run(parsed, n, inputAt, (i, v) => {
    if (v !== undefined) out[i] = v;
  });
  return out;
}

/** Batch of a multi-valued indicator: one Float64Array per output key, NaN until stable. */
export function multiBatch<P, C, I, K extends string>(
  ind: Indicator<P, C, I, Readonly<Record<K, number>>>,
  keys: readonly K[],
  params: unknown,
  n: number,
  inputAt: (i: number) => I,
): Record<K, Float64Array> {
  const parsed = ind.params.parse(params);
  const out = {} as Record<K, Float64Array>;
  for (const k of keys) out[k] = new Float64Array(n).fill(Number.NaN);
  ind.run(parsed, n, inputAt, (i, v) => {
    if (v === undefined) return;
    for (const k of keys) out[k][i] = v[k];
  });
  return out;
}

/** Reads element i of a column (NaN past the end, which the input check then rejects). */
export const at = (a: Float64Array, i: number): number => a[i] ?? Number.NaN;

/** Reads bar i of a set of columns. */
export const barAt = (c: BarColumns, i: number): IndicatorBar => ({ high: at(c.high, i), low: at(c.low, i), close: at(c.close, i), volume: at(c.volume, i) });

// ------------------------------------------------------------------ shared cores

/** A fixed-capacity ring of the last `cap` numbers (JSON: a plain array, a write index, a length). */
export interface Ring {
  readonly cap: number;
  readonly buf: number[];
  pos: number;
  len: number;
}

export const ringInit = (cap: number): Ring => ({ cap, buf: new Array<number>(cap).fill(0), pos: 0, len: 0 });

/** Pushes x; returns the evicted value (or undefined while filling). */
export function ringPush(r: Ring, x: number): number | undefined {
  const evicted = r.len === r.cap ? r.buf[r.pos] : undefined;
  r.buf[r.pos] = x;
  r.pos = (r.pos + 1) % r.cap;
  if (r.len < r.cap) r.len += 1;
  return evicted;
}

/** The k-th value, oldest first (k in [0, len)). */
export function ringGet(r: Ring, k: number): number {
  const start = r.len < r.cap ? 0 : r.pos;
  return r.buf[(start + k) % r.cap] ?? Number.NaN;
}

/** The values oldest first. */
export function ringValues(r: Ring): number[] {
  const out = new Array<number>(r.len);
  for (let k = 0; k < r.len; k += 1) out[k] = ringGet(r, k);
  return out;
}

/**
 * Exponential smoothing core: seeded with the simple mean of the first `period` inputs, then
 * `value += alpha * (x - value)`. alpha = 2/(n+1) gives the EMA, alpha = 1/n Wilder's smoothing.
 */
export interface Smoother {
  readonly period: number;
  readonly alpha: number;
  count: number;
  seedSum: number;
  value: number | null;
}

export const smootherInit = (period: number, alpha: number): Smoother => ({ period, alpha, count: 0, seedSum: 0, value: null });

export function smootherStep(s: Smoother, x: number): void {
  s.count += 1;
  if (s.value === null) {
    s.seedSum += x;
    if (s.count === s.period) s.value = s.seedSum / s.period;
  } else {
    s.value = (x - s.value) * s.alpha + s.value;
  }
}

/**
 * Rolling-window mean: a running sum, re-summed from the window every `cap` pushes so drift stays
 * bounded (the re-sum schedule depends only on the input count, so every run gives the same bits).
 */
export interface RollingSum {
  readonly ring: Ring;
  sum: number;
  pushes: number;
}

export const rollingSumInit = (cap: number): RollingSum => ({ ring: ringInit(cap), sum: 0, pushes: 0 });

export function rollingSumPush(s: RollingSum, x: number): void {
  const evicted = ringPush(s.ring, x);
  s.sum += x - (evicted ?? 0);
  s.pushes += 1;
  if (s.pushes % s.ring.cap === 0) {
    let sum = 0;
    for (let k = 0; k < s.ring.len; k += 1) sum += ringGet(s.ring, k);
    s.sum = sum;
  }
}

/** Population and sample standard deviation of a ring by two passes (no cancellation). */
export function ringStd(r: Ring, sample: boolean): { mean: number; std: number } {
  let sum = 0;
  for (let k = 0; k < r.len; k += 1) sum += ringGet(r, k);
  const mean = sum / r.len;
  let ss = 0;
  for (let k = 0; k < r.len; k += 1) {
    const d = ringGet(r, k) - mean;
    ss += d * d;
  }
  return { mean, std: Math.sqrt(ss / (sample ? r.len - 1 : r.len)) };
}

/** Highest and lowest of a ring. */
export function ringMaxMin(r: Ring): { max: number; min: number } {
  let max = Number.NEGATIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  for (let k = 0; k < r.len; k += 1) {
    const v = ringGet(r, k);
    if (v > max) max = v;
    if (v < min) min = v;
  }
  return { max, min };
}

/** Wilder's true range: max(high, prevClose) − min(low, prevClose); high − low on the first bar. */
export function trueRange(bar: IndicatorBar, prevClose: number | null): number {
  if (prevClose === null) return bar.high - bar.low;
  return Math.max(bar.high, prevClose) - Math.min(bar.low, prevClose);
}

/** An indicator window in bars (every indicator with a single window uses this). */
export const period = z.number().int().min(1).max(100_000);
export const PeriodParams = z.object({ period }).strict();
export type PeriodParams = z.infer<typeof PeriodParams>;

/** A window of the last n log returns ln(C_t/C_{t−1}), fed one close at a time (rolling volatility, Hurst). */
export interface LogReturnWindow {
  prevClose: number | null;
  readonly returns: Ring;
}

export function logReturnWindowInit(period: number): LogReturnWindow {
  return { prevClose: null, returns: ringInit(period) };
}

/** Adds one close; closes must be positive (`name` says which indicator refused it). */
export function logReturnWindowPush(window: LogReturnWindow, close: number, name: string): void {
  if (!(close > 0)) throw new RangeError(`${name} needs positive closes, got ${close}`);
  if (window.prevClose !== null) ringPush(window.returns, Math.log(close / window.prevClose));
  window.prevClose = close;
}
