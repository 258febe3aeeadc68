/**
 * A small benchmark harness (tinybench is not a dependency): calibrate a repetition count so one
 * sample lasts about `sampleMs`, warm up, then time several samples with process.hrtime.bigint()
 * and report the median with its spread. Throughput is always "operations per second" where the
 * caller says what one operation is (`opsPerRep` operations per repetition of `body`).
 */

export interface ThroughputSpec {
  /**
   * Runs `reps` repetitions of the measured work and returns a number derived from the results;
   * the harness folds it into a sink so the JIT cannot drop the work as dead code.
   */
  readonly body: (reps: number) => number;
  /** Operations one repetition performs (e.g. the number of bars in one pass over the data). */
  readonly opsPerRep: number;
  /** Un-timed running before the samples, after calibration (JIT tiers up, caches fill). */
  readonly warmupMs?: number;
  readonly samples?: number;
  /** Target duration of one timed sample. */
  readonly sampleMs?: number;
}

/** Distribution of per-sample throughputs. */
export interface ThroughputStats {
  /** Median of the samples' operations per second: the headline figure. */
  readonly opsPerSec: number;
  readonly min: number;
  readonly max: number;
  readonly p25: number;
  readonly p75: number;
  /** Interquartile range relative to the median, in percent: the spread shown beside the figure. */
  readonly iqrPct: number;
  readonly samples: number;
  readonly repsPerSample: number;
  readonly opsPerSample: number;
  /** Median time of one operation in nanoseconds (1e9 / opsPerSec). */
  readonly nsPerOp: number;
}

/** Distribution of latencies (ms). */
export interface LatencyStats {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

export const DEFAULTS = { warmupMs: 300, samples: 15, sampleMs: 50 } as const;

let sink = 0;

/** The sink's value; reading it keeps the folded results observable. */
export const sinkValue = (): number => sink;

const elapsedMs = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e6;

function timeReps(body: (reps: number) => number, reps: number): number {
  const start = process.hrtime.bigint();
  const out = body(reps);
  const ms = elapsedMs(start);
  // Fold without letting NaN/Infinity poison the sink (an SMA output legitimately starts with NaN).
  if (Number.isFinite(out)) sink = (sink + out) % 1e9;
  return ms;
}

/**
 * Percentile by linear interpolation between closest ranks (the "R-7"/Excel PERCENTILE.INC method).
 * `sorted` must be ascending; p in [0, 100].
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (sorted.length === 1) return sorted[0] ?? Number.NaN;
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (b - a) * (rank - lo);
}

/** p50/p90/p99/max/mean of a list of latencies. */
export function latencyStats(values: readonly number[]): LatencyStats {
  const sorted = [...values].sort((x, y) => x - y);
  const sum = sorted.reduce((acc, v) => acc + v, 0);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length > 0 ? (sorted[sorted.length - 1] ?? Number.NaN) : Number.NaN,
    mean: sorted.length > 0 ? sum / sorted.length : Number.NaN,
  };
}

/** Calibrates, warms up and samples `spec`; see {@link ThroughputStats}. */
export function measureThroughput(spec: ThroughputSpec): ThroughputStats {
  const warmupMs = spec.warmupMs ?? DEFAULTS.warmupMs;
  const samples = Math.max(3, spec.samples ?? DEFAULTS.samples);
  const sampleMs = spec.sampleMs ?? DEFAULTS.sampleMs;
  if (!(spec.opsPerRep > 0)) throw new RangeError(`opsPerRep must be positive, got ${spec.opsPerRep}`);

  // Calibration: grow the repetition count until one run takes at least a quarter of a sample, then scale.
  let reps = 1;
  for (;;) {
    const ms = timeReps(spec.body, reps);
    if (ms >= sampleMs / 4 || reps >= 2 ** 30) {
      reps = Math.max(1, Math.round((reps * sampleMs) / Math.max(ms, 1e-3)));
      break;
    }
    reps *= ms < sampleMs / 100 ? 10 : 2;
  }

  // Warm-up; the calibration ran on cold code (JIT, lazy caches), so re-scale on the warm timings.
  const warmupStart = process.hrtime.bigint();
  let warmMs = timeReps(spec.body, reps);
  while (elapsedMs(warmupStart) < warmupMs) warmMs = Math.min(warmMs, timeReps(spec.body, reps));
  reps = Math.max(1, Math.round((reps * sampleMs) / Math.max(warmMs, 1e-3)));

  const rates: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const ms = timeReps(spec.body, reps);
    rates.push((reps * spec.opsPerRep) / (Math.max(ms, 1e-6) / 1000));
  }
  const sorted = rates.sort((x, y) => x - y);
  const median = percentile(sorted, 50);
  const p25 = percentile(sorted, 25);
  const p75 = percentile(sorted, 75);
  return {
    opsPerSec: median,
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    p25,
    p75,
    iqrPct: ((p75 - p25) / median) * 100,
    samples,
    repsPerSample: reps,
    opsPerSample: reps * spec.opsPerRep,
    nsPerOp: 1e9 / median,
  };
}
