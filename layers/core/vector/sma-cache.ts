/**
 * Simple moving averages computed once per distinct window and shared by every parameter set of a
 * sweep (and, through SharedArrayBuffer, by every worker thread).
 */

/** Allocates a Float64Array of `length` elements (e.g. on a SharedArrayBuffer for worker threads). */
export type Float64Allocator = (length: number) => Float64Array;

/** Plain heap allocation. */
export const heapFloat64: Float64Allocator = (length) => new Float64Array(length);

/** SMA of closes by window length, each entry as `smaBatch(closes, window)` would give it. */
export type SmaCache = ReadonlyMap<number, Float64Array>;

/**
 * Writes the SMA of `input` over `window` into `out` (same length), NaN for the first window-1
 * entries. Bit-identical to `smaBatch` (same running sum, refreshed every `window` steps by an
 * exact resum) but writes into a caller's buffer, so a shared or reused buffer can hold it.
 */
export function smaInto(input: Float64Array, window: number, out: Float64Array): Float64Array {
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`SMA window must be a positive integer, got ${window}`);
  if (out.length !== input.length) throw new RangeError(`SMA output length ${out.length} differs from input length ${input.length}`);
  let sum = 0;
  const n = input.length;
  for (let i = 0; i < n; i += 1) {
    sum += input[i] ?? 0;
    if (i >= window) sum -= input[i - window] ?? 0;
    if (i >= window - 1) {
      if ((i + 1) % window === 0) {
        sum = 0;
        for (let j = i - window + 1; j <= i; j += 1) sum += input[j] ?? 0;
      }
      out[i] = sum / window;
    } else {
      out[i] = Number.NaN;
    }
  }
  return out;
}

/**
 * Computes the SMA of `closes` once for each distinct window in `windows` (memory: distinct
 * windows × bars × 8 bytes). `alloc` chooses where the buffers live.
 */
export function buildSmaCache(closes: Float64Array, windows: Iterable<number>, alloc: Float64Allocator = heapFloat64): Map<number, Float64Array> {
  const cache = new Map<number, Float64Array>();
  for (const window of windows) {
    if (cache.has(window)) continue;
    cache.set(window, smaInto(closes, window, alloc(closes.length)));
  }
  return cache;
}
