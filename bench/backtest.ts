/**
 * Event-driven backtester throughput: bars per second through `runBacktest` (one symbol, SMA crossover
 * 10/30, 100 units, next-open fills, per-order commission), on a seeded synthetic random walk (labelled
 * synthetic), with the vectorised kernel on the same bars and rules as the in-process baseline.
 * Three figures split where the time goes: the streaming strategy as the CLI runs it; the same orders from
 * signals precomputed outside the timed region (the engine's own cost, orders included); and no orders at all
 * (the per-bar floor: marking, the equity curve, metrics). Each is the median of 3 runs (1 with --quick).
 * The metrics' default 2000-resample bootstrap is timed separately: on 1M returns it costs more than the
 * simulation itself.
 *
 * Standalone: `npx tsx bench/backtest.ts [--quick]`; also run by bench/run.ts.
 */
import { computeMetrics } from '../layers/core/analytics';
import { runBacktest } from '../layers/core/backtest';
import type { BacktestBar, BacktestStrategy } from '../layers/core/backtest';
import { smaBatch } from '../layers/core/indicators';
import { smaCrossover } from '../layers/core/strategies';
import { runSweep } from '../layers/core/vector';
import type { Figure } from './report';
import { syntheticRandomWalk } from './vector';

const GROUP = '8 event-driven backtest';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function benchBacktest(options: { readonly log?: (line: string) => void; readonly quick?: boolean } = {}): Promise<Figure[]> {
  const n = options.quick ? 50_000 : 1_000_000;
  const prices = syntheticRandomWalk(n, 7);
  const day = 86_400_000;
  const t0 = Date.UTC(2000, 0, 3, 14, 30);
  const bars: BacktestBar[] = Array.from({ length: n }, (_, i) => {
    const open = prices.opens[i] ?? Number.NaN;
    const close = prices.closes[i] ?? Number.NaN;
    return { start: t0 + i * day, open, high: Math.max(open, close), low: Math.min(open, close), close, volume: 1_000_000 };
  });
  type Variant = 'streaming' | 'precomputed' | 'no-orders';
  /** The SMA(10/30) views as plain arrays (outside the timed region): the function strategy only looks them up. */
  const fast = smaBatch(prices.closes, 10);
  const slow = smaBatch(prices.closes, 30);
  const strategyOf = (variant: Variant): BacktestStrategy => {
    if (variant === 'streaming') return smaCrossover({ fast: 10, slow: 30 }) as BacktestStrategy;
    if (variant === 'no-orders') return () => undefined;
    let view: 'long' | 'flat' | undefined;
    // The streaming strategy's rule: a target only when the view changes (its first stable view included).
    return (ctx) => {
      const f = fast[ctx.index] ?? Number.NaN;
      const sl = slow[ctx.index] ?? Number.NaN;
      if (Number.isNaN(sl)) return undefined;
      const next = f > sl ? 'long' : 'flat';
      if (next === view) return undefined;
      view = next;
      return { target: next };
    };
  };
  const timed = (variant: Variant) => {
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    const result = runBacktest({
      bars: new Map([['SYN', bars]]),
      strategy: strategyOf(variant),
      sizing: { kind: 'fixed-units', units: '100' },
      cash: '1000000',
      fill: 'next-open',
      slippage: { kind: 'none' },
      fees: { kind: 'per-order', amount: '1' },
      // Calendar days, not sessions: every bar its own "session", so day orders never wait for a calendar lookup.
      sessionOf: (time) => String(Math.floor(time / day)),
      seed: 1,
      // The engine is what is timed: the Sharpe bootstrap (2000 resamples × 1M returns by default) is
      // the metrics room's cost, measured on its own below.
      metrics: { bootstrapResamples: 1 },
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(cpu);
    return { seconds, cpuSeconds: (used.user + used.system) / 1e6, result };
  };
  const samples = options.quick ? 1 : 3;
  const measure = (variant: Variant) => {
    const runs = Array.from({ length: samples }, () => timed(variant));
    return { runs, seconds: median(runs.map((r) => r.seconds)), last: runs[runs.length - 1] };
  };
  const streaming = measure('streaming');
  const precomputed = measure('precomputed');
  const noOrders = measure('no-orders');
  const fills = streaming.last?.result.fills.length ?? 0;
  const finalEquity = streaming.last?.result.finalEquity ?? '';
  const curve = streaming.last?.result.equityCurve;
  if (precomputed.last?.result.finalEquity !== finalEquity) throw new Error('precomputed signals did not reproduce the streaming run');
  const metricsStarted = process.hrtime.bigint();
  if (curve !== undefined) computeMetrics({ equity: { timestamps: curve.timestamps, values: curve.equity } });
  const metricsSeconds = Number(process.hrtime.bigint() - metricsStarted) / 1e9;
  const seconds = streaming.seconds;
  const started = process.hrtime.bigint();
  const vector = runSweep(prices, { strategy: 'smaCross', params: [{ fast: 10, slow: 30 }] }, {
    initialCash: 1_000_000,
    sizing: { kind: 'units', units: 100 },
    commissionPerFill: 1,
    periodsPerYear: 252,
  });
  const vectorSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const value = n / seconds;
  const baseline = n / vectorSeconds;
  const spread = (m: ReturnType<typeof measure>): string => `runs ${m.runs.map((r) => `${r.seconds.toFixed(2)} s (cpu ${r.cpuSeconds.toFixed(2)} s)`).join(', ')}`;
  options.log?.(
    `event-driven: ${n} bars in ${seconds.toFixed(2)} s (${fills} fills, final equity ${finalEquity}); same orders from precomputed signals ${precomputed.seconds.toFixed(2)} s; no orders ${noOrders.seconds.toFixed(2)} s; vector kernel ${vectorSeconds.toFixed(3)} s, ${vector.trades[0]} fills; computeMetrics with the default 2000-resample bootstrap ${metricsSeconds.toFixed(2)} s`,
  );
  return [
    {
      id: 'backtest.event.bars-per-second',
      group: GROUP,
      name: 'runBacktest, 1 symbol, SMA crossover 10/30',
      value,
      unit: 'bars/s',
      baseline: { name: 'vectorised kernel, same bars and rules', value: baseline },
      ratio: value / baseline,
      spread: spread(streaming),
      method: `${n.toLocaleString('en-US')} synthetic random-walk bars (seed 7; labelled synthetic), 100 units, next-open fills, $1 per order, exact decimal accounting, metrics with a 1-resample bootstrap; median of ${samples}; ${fills} fills (vector kernel: ${vector.trades[0]})`,
    },
    {
      id: 'backtest.event.precomputed.bars-per-second',
      group: GROUP,
      name: 'runBacktest, the same orders from precomputed signals',
      value: n / precomputed.seconds,
      unit: 'bars/s',
      spread: spread(precomputed),
      method: `as above, the SMA views computed outside the timed region (the engine's own cost with ${fills} fills); median of ${samples}`,
    },
    {
      id: 'backtest.event.no-orders.bars-per-second',
      group: GROUP,
      name: 'runBacktest, a strategy that never trades',
      value: n / noOrders.seconds,
      unit: 'bars/s',
      spread: spread(noOrders),
      method: `per-bar floor: bar loop, marking, equity curve, metrics (1 resample); median of ${samples}`,
    },
    {
      id: 'backtest.metrics.seconds',
      group: GROUP,
      name: 'computeMetrics on that equity curve (2000 resamples)',
      value: metricsSeconds,
      unit: 's',
      spread: 'one run',
      method: `default conventions: stationary-bootstrap Sharpe interval with 2000 resamples over ${(n - 1).toLocaleString('en-US')} returns; the engine figure above excludes it`,
    },
  ];
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const figures = await benchBacktest({ log: (line) => console.log(line), quick: process.argv.includes('--quick') });
  for (const f of figures) console.log(`${f.name}: ${Math.round(f.value).toLocaleString('en-US')} ${f.unit}`);
}
