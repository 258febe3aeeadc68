/**
 * Event-driven backtester throughput: bars per second through `runBacktest` (one symbol, SMA crossover
 * 10/30, 100 units, next-open fills, per-order commission), on a seeded synthetic random walk (labelled
 * synthetic), with the vectorised kernel on the same bars and rules as the in-process baseline.
 * One timed run. The metrics' default 2000-resample bootstrap is timed separately: on 1M returns it
 * costs more than the simulation itself.
 *
 * Standalone: `npx tsx bench/backtest.ts [--quick]`; also run by bench/run.ts.
 */
import { computeMetrics } from '../layers/core/analytics';
import { runBacktest } from '../layers/core/backtest';
import type { BacktestBar, BacktestStrategy } from '../layers/core/backtest';
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
  const runs: number[] = [];
  let fills = 0;
  let finalEquity = '';
  let curve: { readonly timestamps: Float64Array; readonly equity: Float64Array } | undefined;
  for (let r = 0; r < 1; r += 1) {
    const started = process.hrtime.bigint();
    const result = runBacktest({
      bars: new Map([['SYN', bars]]),
      strategy: smaCrossover({ fast: 10, slow: 30 }) as BacktestStrategy,
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
    runs.push(Number(process.hrtime.bigint() - started) / 1e9);
    fills = result.fills.length;
    finalEquity = result.finalEquity;
    curve = result.equityCurve;
  }
  const metricsStarted = process.hrtime.bigint();
  if (curve !== undefined) computeMetrics({ equity: { timestamps: curve.timestamps, values: curve.equity } });
  const metricsSeconds = Number(process.hrtime.bigint() - metricsStarted) / 1e9;
  const seconds = median(runs);
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
  options.log?.(
    `event-driven: ${n} bars in ${seconds.toFixed(2)} s (${fills} fills, final equity ${finalEquity}); vector kernel ${vectorSeconds.toFixed(3)} s, ${vector.trades[0]} fills; computeMetrics with the default 2000-resample bootstrap ${metricsSeconds.toFixed(2)} s`,
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
      spread: `runs ${runs.map((s) => s.toFixed(2)).join(', ')} s`,
      method: `${n.toLocaleString('en-US')} synthetic random-walk bars (seed 7; labelled synthetic), 100 units, next-open fills, $1 per order, exact decimal accounting, metrics with a 1-resample bootstrap; one run; ${fills} fills (vector kernel: ${vector.trades[0]})`,
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
