/**
 * `npm run bench`: throughput and latency of the core and of the local stack, printed as a table and
 * written to bench/results/latest.json. Every ratio compares with a baseline run in this same process
 * on the same data; nothing is compared with numbers from another run or machine.
 *
 * Options: --skip-pipeline (micro-benchmarks only: no local stack, so neither the replay nor the ML
 * signal-engine path), --quick (fewer, shorter samples; for smoke runs).
 *
 * The ML signal-engine path (bench/ml-signal-engine.ts) runs as a child process: it starts stand-ins of
 * its own and sets process.env, which would collide with the pipeline's. Its figures come back as JSON
 * and join the table; figures with a target (an issue's goal) are judged on this run only.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

// Powertools reads its settings when the handler modules load: set the local defaults first
// (as bin/tradeloop.ts does), then import everything that may pull in a handler.
process.env['POWERTOOLS_LOG_LEVEL'] ??= 'SILENT';
process.env['POWERTOOLS_METRICS_DISABLED'] ??= 'true';
process.env['POWERTOOLS_TRACE_ENABLED'] ??= 'false';
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const { loadLeanMinuteData } = await import('../layers/adapters/files');
const micro = await import('./micro');
const { judgeTargets, renderTable, renderTargets } = await import('./report');
const { runChildBench } = await import('./child-figures');
const { DEFAULTS } = await import('./harness');
type Figure = import('./report').Figure;

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const skipPipeline = args.has('--skip-pipeline');
const harness = quick ? { warmupMs: 50, samples: 5, sampleMs: 10 } : DEFAULTS;

const DATA_DIR = fileURLToPath(new URL('../data', import.meta.url));
const RESULTS = fileURLToPath(new URL('./results/latest.json', import.meta.url));
const SYMBOL = 'SPY';
const WEEK = { from: '2013-10-07', to: '2013-10-11' } as const;
const PIPELINE_DATE = '2013-10-07';

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
const started = process.hrtime.bigint();
// Other processes on the machine skew every figure: record the load at the start and at the end.
const loadAtStart = loadavg()[0] ?? Number.NaN;
const seconds = (): number => Number(process.hrtime.bigint() - started) / 1e9;

const loaded = await loadLeanMinuteData(DATA_DIR, [SYMBOL], WEEK.from, WEEK.to);
const bars = loaded.trades.get(SYMBOL) ?? [];
if (bars.length === 0) throw new Error(`no ${SYMBOL} bars under ${DATA_DIR}`);
const data = {
  label: `${SYMBOL} minute trade bars ${WEEK.from}..${WEEK.to} (${bars.length} bars, ${loaded.tradingDates.length} sessions, extended hours included)`,
  bars,
  closes: Float64Array.from(bars, (b) => b.close),
};
const options = { data, harness, log };

const figures: Figure[] = [];
log(`bench: ${data.label}; harness ${JSON.stringify(harness)}`);
log('1 indicators');
figures.push(...micro.benchIndicators(options));
log('2 strategy');
figures.push(...micro.benchStrategy(options));
figures.push(...(log('7 vector sweep'), await (await import('./vector')).benchVector({ log, quick })));
figures.push(...(log('8 event-driven backtest'), await (await import('./backtest')).benchBacktest({ log, quick })));
figures.push(...(log('9 options'), (await import('./options')).benchOptions({ log, quick })));
figures.push(...(log('10 risk'), (await import('./risk')).benchRisk({ log, quick })));
figures.push(...(log('11 pre-trade risk at scale'), await (await import('./risk-checks')).benchRiskChecks({ log, quick })));
figures.push(...(log('12 ml ensemble'), await (await import('./ml')).benchMl({ log, quick })));
log('3 pre-trade verification');
figures.push(...micro.benchPreTrade(options));
log('6 NYSE calendar');
const calendarFigures = micro.benchCalendar(options);

// The pipeline runs before the pattern-matching bench, which matches the replay's real events.
let pipelineDetails: unknown = null;
let replaySummary: unknown = null;
let events: readonly import('../local/bus/event-bus').BusEvent[] = [];
let eventsLabel = '';
const pipelineFigures: Figure[] = [];
if (!skipPipeline) {
  log(`5 local stack: ${SYMBOL} ${PIPELINE_DATE}`);
  const { benchPipeline } = await import('./pipeline');
  const result = await benchPipeline({ symbols: [SYMBOL], date: PIPELINE_DATE, log });
  pipelineFigures.push(...result.figures);
  pipelineDetails = result.details;
  replaySummary = result.summary;
  events = result.events;
  const byType = Object.entries(countBy(events.map((e) => e['detail-type'])))
    .map(([type, n]) => `${n} ${type}`)
    .join(', ');
  eventsLabel = `the ${events.length} real envelopes the bus accepted during the ${SYMBOL} ${PIPELINE_DATE} replay (${byType})`;
} else {
  events = syntheticEvents();
  eventsLabel = `${events.length} synthetic envelopes (pipeline skipped)`;
}
// After the pipeline (whose stand-ins are stopped by then), alone on the machine as far as this run goes.
let mlSignalEngine: { readonly loadAverage1m: { readonly atStart: number; readonly atEnd: number } } | { readonly error: string } | { readonly skipped: string };
if (!skipPipeline) {
  log(`12 ml ensemble: signal-engine path, child process${quick ? ' (--quick: 2 sessions)' : ''}`);
  try {
    const child = await runChildBench({ entry: fileURLToPath(new URL('./ml-signal-engine.ts', import.meta.url)), args: quick ? ['--quick'] : [] });
    figures.push(...child.figures);
    mlSignalEngine = { loadAverage1m: child.loadAverage1m };
  } catch (error) {
    // The other figures are still written; the run exits 1 below so the failure is not mistaken for a result.
    mlSignalEngine = { error: error instanceof Error ? error.message : String(error) };
    log(`  ML signal-engine bench failed: ${mlSignalEngine.error}`);
  }
} else {
  mlSignalEngine = { skipped: '--skip-pipeline (the path runs on the stand-ins)' };
}
log('4 event-pattern matching');
figures.push(...micro.benchEventPatterns(options, events, eventsLabel));
figures.push(...pipelineFigures, ...calendarFigures);

const order = (f: Figure): number => Number.parseInt(f.group, 10) || 99;
const sorted = [...figures].sort((a, b) => order(a) - order(b));
const totalSeconds = seconds();
const targets = judgeTargets(sorted);

const environment = {
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  commit: gitCommit(),
  loadAverage1m: { atStart: loadAtStart, atEnd: loadavg()[0] ?? Number.NaN },
};
process.stdout.write(
  `tradeloop bench — ${new Date().toISOString()} — node ${environment.node}, ${environment.cpus}× ${environment.cpuModel}, commit ${environment.commit}; load average (1 min) ${loadAtStart.toFixed(2)} at start, ${environment.loadAverage1m.atEnd.toFixed(2)} at end\n` +
    `data: ${data.label}\n` +
    `throughputs: median of ${harness.samples} timed samples (~${harness.sampleMs} ms each) after ${harness.warmupMs} ms warm-up; spread = half the interquartile range; ratio = value ÷ baseline measured in this process\n\n`,
);
process.stdout.write(`${renderTable(sorted)}\n\n`);
if (targets.length > 0) process.stdout.write(`${renderTargets(targets)}\n`);
if ('skipped' in mlSignalEngine) process.stdout.write(`ML signal-engine path and its p99 target: not measured in this run (${mlSignalEngine.skipped})\n`);
if ('error' in mlSignalEngine) process.stdout.write(`ML signal-engine path: FAILED (${mlSignalEngine.error}); its target is not judged\n`);
if ('loadAverage1m' in mlSignalEngine) {
  process.stdout.write(`ML signal-engine child: load average (1 min) ${mlSignalEngine.loadAverage1m.atStart.toFixed(2)} at its start, ${mlSignalEngine.loadAverage1m.atEnd.toFixed(2)} at its end\n`);
}
if (replaySummary !== null) {
  const s = replaySummary as { bars: number; signals: number; intents: number; orders: number; fills: number; failedInvocations: number; deadLetters: number; wallSeconds: number };
  process.stdout.write(
    `replay ${SYMBOL} ${PIPELINE_DATE}: ${s.bars} bars, ${s.signals} signals, ${s.intents} intents, ${s.orders} orders (${s.fills} filled), ${s.failedInvocations} failed invocations, ${s.deadLetters} dead letters, ${s.wallSeconds} s\n`,
  );
}
process.stdout.write(`total bench time ${totalSeconds.toFixed(1)} s; JSON: ${RESULTS}\n`);

await mkdir(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
await writeFile(
  RESULTS,
  `${JSON.stringify(
    {
      generatedAt: new Date().toISOString(),
      environment,
      harness,
      data: data.label,
      totalSeconds,
      figures: sorted,
      targets,
      mlSignalEngine,
      pipeline: pipelineDetails,
      replaySummary,
    },
    null,
    2,
  )}\n`,
);
// The stand-ins' keep-alive sockets may hold the loop open for a while; the work is done.
process.exit('error' in mlSignalEngine ? 1 : 0);

function countBy(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

/** When the pipeline is skipped: one envelope per event kind the replay publishes, in its proportions. */
function syntheticEvents(): import('../local/bus/event-bus').BusEvent[] {
  const envelope = (source: string, detailType: string, detail: unknown): import('../local/bus/event-bus').BusEvent => ({
    version: '0',
    id: `bench-${detailType}`,
    'detail-type': detailType,
    source,
    account: '000000000000',
    time: '2013-10-07T14:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail,
  });
  const routine = (routine: string) => envelope('tradeloop.calendar', 'routine.started', { schema: 'RoutineStartedV1', routine, sessionDate: '2013-10-07', at: 1381154400000 });
  const bar = envelope('tradeloop.market', 'bar.closed', { schema: 'BarClosedV1', symbol: 'SPY', timeframe: '1Min', start: 1381154340000, open: 168, high: 168.1, low: 167.9, close: 168.05, volume: 1000, feed: 'iex' });
  return [
    ...Array.from({ length: 8 }, () => routine('intraday')),
    routine('open'),
    ...Array.from({ length: 8 }, () => bar),
    envelope('tradeloop.execution', 'order.submitted', { schema: 'OrderSubmittedV1' }),
  ];
}
