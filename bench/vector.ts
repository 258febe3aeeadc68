/**
 * Vectorised sweep throughput: bar × parameter-set evaluations per second for a 100-set SMA
 * crossover sweep over 1M synthetic bars (seeded random walk), on one thread and on all cores,
 * against a naive baseline in the same process (each parameter set recomputes its own two SMAs
 * with smaBatch, then runs the same kernel). Peak memory is the max of process.memoryUsage().rss
 * sampled every few ms while async work runs and around every synchronous run, plus the OS
 * high-water mark (process.resourceUsage().maxRSS).
 *
 * Standalone: `npx tsx bench/vector.ts [--quick]`; also run by bench/run.ts.
 */
import { availableParallelism } from 'node:os';
import { createSweepPool } from '../layers/adapters/workers';
import { mulberry32 } from '../layers/core/analytics';
import { smaBatch } from '../layers/core/indicators';
import {
  allocateSweepResults,
  runSweep,
  simulateLongWhileAbove,
  simulationConstants,
  type PriceColumns,
  type SmaCrossParams,
  type SweepConfig,
  type SweepResults,
} from '../layers/core/vector';
import { percentile } from './harness';
import type { Figure } from './report';

export interface VectorBenchOptions {
  readonly log?: (line: string) => void;
  /** One timed run per variant and 200k bars (smoke runs). */
  readonly quick?: boolean;
  readonly bars?: number;
  readonly threads?: number;
}

const SEED = 42;
const GROUP = '7 vector sweep';

/** Synthetic daily-like random walk: log-returns ~ uniform(±1%), open = previous close ± 0.1 %. */
export function syntheticRandomWalk(n: number, seed: number): PriceColumns {
  const rnd = mulberry32(seed);
  const opens = new Float64Array(n);
  const closes = new Float64Array(n);
  let price = 100;
  for (let i = 0; i < n; i += 1) {
    opens[i] = price * (1 + (rnd() - 0.5) * 0.002);
    price *= Math.exp((rnd() - 0.5) * 0.02);
    closes[i] = price;
  }
  return { opens, closes };
}

/** 10 fast × 10 slow windows = 100 parameter sets over 20 distinct windows. */
export const SWEEP_PARAMS: readonly SmaCrossParams[] = Array.from({ length: 10 }, (_, i) => 5 + 5 * i).flatMap((fast) =>
  Array.from({ length: 10 }, (_, j) => 60 + 20 * j).map((slow) => ({ fast, slow })),
);

const CONFIG: SweepConfig = { initialCash: 100_000, sizing: { kind: 'fraction', fraction: 1 }, commissionPerFill: 1, periodsPerYear: 252 };

/** The naive baseline: SMAs recomputed (and reallocated) for every parameter set. */
function naiveSweep(prices: PriceColumns, params: readonly SmaCrossParams[], config: SweepConfig): SweepResults {
  const out = allocateSweepResults(params.length);
  const sim = simulationConstants(config);
  params.forEach((p, i) => {
    simulateLongWhileAbove(smaBatch(prices.closes, p.fast), smaBatch(prices.closes, p.slow), prices, sim, out, i);
  });
  return out;
}

class RssSampler {
  peak = process.memoryUsage().rss;
  private timer: NodeJS.Timeout | null = null;
  sample(): void {
    const rss = process.memoryUsage().rss;
    if (rss > this.peak) this.peak = rss;
  }
  start(): void {
    this.timer ??= setInterval(() => this.sample(), 5);
  }
  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.sample();
  }
}

const MiB = 2 ** 20;

export async function benchVector(options: VectorBenchOptions = {}): Promise<Figure[]> {
  const log = options.log ?? ((): void => undefined);
  const quick = options.quick ?? false;
  const n = options.bars ?? (quick ? 200_000 : 1_000_000);
  const threads = options.threads ?? availableParallelism();
  const runs = quick ? 1 : 3;
  const prices = syntheticRandomWalk(n, SEED);
  const sweep = { strategy: 'smaCross', params: SWEEP_PARAMS } as const;
  const evaluations = n * SWEEP_PARAMS.length;
  const label = `synthetic random walk (mulberry32 seed ${SEED}), ${n.toLocaleString('en-US')} bars × ${SWEEP_PARAMS.length} SMA-crossover parameter sets (20 distinct windows), fill next open, all-in, $1 commission`;
  const rss = new RssSampler();
  const rssBefore = process.memoryUsage().rss;

  const timeSync = (name: string, body: () => SweepResults): { rates: number[]; result: SweepResults; peakRss: number } => {
    log(`  ${name}`);
    const rates: number[] = [];
    let result = body(); // warm-up (JIT), untimed
    rss.sample();
    let peakRss = process.memoryUsage().rss;
    for (let r = 0; r < runs; r += 1) {
      const t0 = process.hrtime.bigint();
      result = body();
      rates.push(evaluations / (Number(process.hrtime.bigint() - t0) / 1e9));
      const now = process.memoryUsage().rss;
      peakRss = Math.max(peakRss, now);
      rss.sample();
    }
    return { rates, result, peakRss };
  };

  const naive = timeSync('vector: naive per-parameter SMA recomputation', () => naiveSweep(prices, SWEEP_PARAMS, CONFIG));
  const single = timeSync('vector: runSweep, 1 thread', () => runSweep(prices, sweep, CONFIG));

  log(`  vector: worker pool, ${threads} threads`);
  rss.start();
  const t0 = process.hrtime.bigint();
  const pool = createSweepPool({ threads });
  let pooled: SweepResults;
  const poolRates: number[] = [];
  let startupMs = Number.NaN;
  try {
    pooled = await pool.run(prices, sweep, CONFIG); // warm-up; includes the workers' start (tsx load)
    startupMs = Number(process.hrtime.bigint() - t0) / 1e6;
    for (let r = 0; r < runs; r += 1) {
      const t = process.hrtime.bigint();
      pooled = await pool.run(prices, sweep, CONFIG);
      poolRates.push(evaluations / (Number(process.hrtime.bigint() - t) / 1e9));
    }
  } finally {
    await pool.close();
    rss.stop();
  }
  const identical = ['trades', 'finalEquity', 'sharpe', 'maxDrawdown'].every((k) => {
    const key = k as keyof SweepResults;
    return single.result[key].every((v, i) => Object.is(v, pooled[key][i])) && single.result[key].every((v, i) => Object.is(v, naive.result[key][i]));
  });
  if (!identical) throw new Error('vector bench: pooled, single-threaded and naive sweeps disagree');

  const median = (rates: number[]): number => percentile([...rates].sort((a, b) => a - b), 50);
  const naiveRate = median(naive.rates);
  const singleRate = median(single.rates);
  const poolRate = median(poolRates);
  const spread = (rates: number[]): string => `min ${(Math.min(...rates) / 1e6).toFixed(0)}M, max ${(Math.max(...rates) / 1e6).toFixed(0)}M`;
  const method = (what: string, rates: number[]): string => `${what}; median of ${rates.length} timed sweeps after 1 warm-up; op = one bar of one parameter set; ${label}`;
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  const naiveBaseline = { name: 'naive per-parameter SMA recomputation', value: naiveRate };
  return [
    {
      id: 'vector.sweep.naive',
      group: GROUP,
      name: 'sweep, naive SMA per parameter set (1 thread)',
      value: naiveRate,
      unit: 'bar×params/s',
      spread: spread(naive.rates),
      method: method('2 smaBatch allocations per parameter set + the same kernel', naive.rates),
      stats: { rates: naive.rates },
    },
    {
      id: 'vector.sweep.1-thread',
      group: GROUP,
      name: 'runSweep, SMA cache, 1 thread',
      value: singleRate,
      unit: 'bar×params/s',
      baseline: naiveBaseline,
      ratio: singleRate / naiveRate,
      spread: spread(single.rates),
      method: method('SMA once per distinct window, shared by all sets (cache build timed)', single.rates),
      stats: { rates: single.rates },
    },
    {
      id: 'vector.sweep.pool',
      group: GROUP,
      name: `worker pool, ${threads} threads`,
      value: poolRate,
      unit: 'bar×params/s',
      baseline: naiveBaseline,
      ratio: poolRate / naiveRate,
      spread: spread(poolRates),
      method: method(
        `warm pool, SharedArrayBuffer prices/SMAs/results (copy + cache build timed); ${(poolRate / singleRate).toFixed(2)}× the 1-thread runSweep; pool start + first sweep ${startupMs.toFixed(0)} ms`,
        poolRates,
      ),
      stats: { rates: poolRates, startupMs, speedupOverOneThread: poolRate / singleRate },
    },
    {
      id: 'vector.peak-rss',
      group: GROUP,
      name: 'peak RSS during the vector bench',
      value: rss.peak / MiB,
      unit: 'MiB',
      spread: `OS high-water mark ${maxRssMiB.toFixed(0)} MiB`,
      method: `max of process.memoryUsage().rss sampled around each sweep and every 5 ms during the pooled runs (RSS ${(rssBefore / MiB).toFixed(0)} MiB before; after naive ${(naive.peakRss / MiB).toFixed(0)}, after 1-thread ${(single.peakRss / MiB).toFixed(0)}); the SMA cache is 20 × ${n.toLocaleString('en-US')} × 8 B = ${((20 * n * 8) / MiB).toFixed(0)} MiB`,
      stats: { peakRssBytes: rss.peak, maxRssKiB: process.resourceUsage().maxRSS, rssBeforeBytes: rssBefore },
    },
  ];
}

if (process.argv[1]?.endsWith('vector.ts') === true) {
  const started = process.hrtime.bigint();
  const figures = await benchVector({ quick: process.argv.includes('--quick'), log: (l) => process.stderr.write(`${l}\n`) });
  for (const f of figures) {
    process.stdout.write(`${f.name}: ${f.value.toPrecision(4)} ${f.unit}${f.ratio === undefined ? '' : ` (${f.ratio.toFixed(2)}× ${f.baseline?.name ?? ''})`} — ${f.spread}\n   ${f.method}\n`);
  }
  process.stdout.write(`total ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s\n`);
}
