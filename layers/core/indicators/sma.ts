/**
 * Simple moving average, streaming and batch. Indicators work in floats (design: money is exact,
 * signals are not). The streaming state is plain JSON so a Lambda can persist it between bars.
 */

/** Streaming SMA state: the last `window` inputs, oldest first. */
export interface SmaState {
  readonly window: number;
  readonly values: readonly number[];
}

/** A fresh SMA over `window` inputs. */
export function smaInit(window: number): SmaState {
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`SMA window must be a positive integer, got ${window}`);
  return { window, values: [] };
}

/** Adds one input; returns the new state (the old one is not modified). */
export function smaAdd(state: SmaState, value: number): SmaState {
  if (!Number.isFinite(value)) throw new RangeError(`SMA input must be finite, got ${value}`);
  const values = state.values.length < state.window ? [...state.values, value] : [...state.values.slice(1), value];
  return { window: state.window, values };
}

/** True once `window` inputs have been seen. */
export const smaIsStable = (state: SmaState): boolean => state.values.length >= state.window;

/**
 * The average of the last `window` inputs, or undefined until stable. Summed afresh from the
 * window each time so a restored state gives bit-identical results to an uninterrupted one.
 */
export function smaResult(state: SmaState): number | undefined {
  if (!smaIsStable(state)) return undefined;
  let sum = 0;
  for (const v of state.values) sum += v;
  return sum / state.window;
}

/**
 * Batch SMA: out[i] is the mean of input[i-window+1..i], NaN for the first window-1 entries.
 * Uses a running sum, refreshed every `window` steps to bound floating-point drift.
 */
export function smaBatch(input: Float64Array, window: number): Float64Array {
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`SMA window must be a positive integer, got ${window}`);
  const out = new Float64Array(input.length).fill(Number.NaN);
  let sum = 0;
  for (let i = 0; i < input.length; i += 1) {
    sum += input[i] ?? 0;
    if (i >= window) sum -= input[i - window] ?? 0;
    if (i >= window - 1) {
      if ((i + 1) % window === 0) {
        // Resum the window exactly: the running sum is only an accelerator.
        sum = 0;
        for (let j = i - window + 1; j <= i; j += 1) sum += input[j] ?? 0;
      }
      out[i] = sum / window;
    }
  }
  return out;
}
