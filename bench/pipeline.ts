/**
 * The real local stack, measured from outside: handler latency per function, replay-step latency and
 * pipeline throughput for one replayed session.
 *
 * Per-handler timing without touching production files: startLocalTradeloop builds each LocalFunction
 * around `HANDLERS[name]` when it starts, so the bench replaces the entries of that (plain, mutable)
 * record with timing wrappers before the start and puts the originals back afterwards. A wrapper times
 * from the moment LocalFunction calls the handler until the handler's promise settles: middy, zod,
 * container init on the first call, and every SDK/Alpaca round trip to dynalite, fauxqs, the EventBridge
 * endpoint and the paper broker over loopback. It excludes Lambda-emulation overhead around the call
 * (reserved-concurrency waits, async retries, SQS polling and deletes). Handlers of one step run
 * concurrently on one event loop, so a duration includes time spent waiting for other handlers' work.
 *
 * Import this module only after the Powertools environment is set (run.ts does): the handler modules
 * read it when they load.
 */
import type { BusEvent } from '../local/bus/event-bus';
import type { LambdaHandler } from '../local/lambda';
import { HANDLERS } from '../local/runtime/handlers';
import { startLocalTradeloop } from '../local/runtime/local-tradeloop';
import type { LocalTradeloop } from '../local/runtime/local-tradeloop';
import { runReplay } from '../local/runtime/replay';
import type { ReplaySummary } from '../local/runtime/replay';
import type { FunctionName } from '../layers/contracts';
import { latencyStats } from './harness';
import { traceLoopbackRequests } from './http-trace';
import type { RequestTraceSummary } from './http-trace';
import type { LatencyStats } from './harness';
import type { Figure } from './report';

export interface PipelineOptions {
  readonly symbols: readonly string[];
  /** One New York session date, YYYY-MM-DD. */
  readonly date: string;
  readonly log?: (line: string) => void;
}

export interface PipelineResult {
  readonly figures: Figure[];
  /** Every event the bus accepted during the replay (real envelopes, for the pattern-matching bench). */
  readonly events: readonly BusEvent[];
  readonly summary: ReplaySummary;
  readonly details: unknown;
}

interface Invocation {
  readonly ms: number;
  readonly ok: boolean;
}

const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;
const fmt = (ms: number): string => ms.toFixed(ms < 10 ? 2 : 1);

/** Replaces every HANDLERS entry with a timing wrapper; returns the recordings and the undo. */
function instrumentHandlers(): { readonly calls: Map<string, Invocation[]>; restore(): void } {
  const table = HANDLERS as Record<FunctionName, LambdaHandler>;
  const originals = { ...table };
  const calls = new Map<string, Invocation[]>();
  for (const name of Object.keys(originals) as FunctionName[]) {
    const original = originals[name];
    const list: Invocation[] = [];
    calls.set(name, list);
    table[name] = async (event, context) => {
      const start = nowMs();
      let ok = false;
      try {
        const result = await original(event, context);
        ok = true;
        return result;
      } finally {
        list.push({ ms: nowMs() - start, ok });
      }
    };
  }
  return {
    calls,
    restore() {
      Object.assign(table, originals);
    },
  };
}

export async function benchPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const { symbols, date } = options;
  const dataLabel = `${symbols.join(',')} minute bars of ${date}`;
  const instrumented = instrumentHandlers();
  let tradeloop: LocalTradeloop | undefined;
  try {
    const startT = nowMs();
    tradeloop = await startLocalTradeloop({ symbols, fromDate: date, toDate: date });
    const startupMs = nowMs() - startT;
    options.log?.(`  stack started in ${fmt(startupMs)} ms; replaying ${date}`);

    const events: BusEvent[] = [];
    const unsubscribe = tradeloop.bus.onEvent((event) => events.push(event));

    // settle() timed from outside: the replay gets the same object with a timing settle.
    const settleMs: number[] = [];
    const base = tradeloop;
    const timed: LocalTradeloop = {
      ...base,
      async settle() {
        const t = nowMs();
        await base.settle();
        settleMs.push(nowMs() - t);
      },
    };

    interface Step {
      readonly ms: number;
      readonly bars: number;
      readonly orders: number;
    }
    const steps: Step[] = [];
    // Loopback requests during the replay, by stand-in (origins as startLocalTradeloop set them).
    const env = process.env;
    const services: Record<string, string> = {};
    const addService = (origin: string | undefined, name: string): void => {
      if (origin) services[origin] = name;
    };
    addService(env['AWS_ENDPOINT_URL_DYNAMODB'], 'DynamoDB (dynalite)');
    addService(env['AWS_ENDPOINT_URL_SQS'], 'SQS (fauxqs)');
    addService(env['AWS_ENDPOINT_URL_EVENTBRIDGE'], 'EventBridge endpoint');
    addService(env['AWS_ENDPOINT_URL_SECRETS_MANAGER'], 'Secrets Manager endpoint');
    addService(tradeloop.broker.baseUrl, 'paper broker (Alpaca API)');
    addService(tradeloop.apiUrl, 'control API');
    const trace = traceLoopbackRequests(services);

    const replayT = nowMs();
    let last = { t: replayT, bars: 0, orders: 0 };
    const summary = await runReplay(timed, { from: date, to: date, symbols }, { kind: 'max' }, (p) => {
      const t = nowMs();
      steps.push({ ms: t - last.t, bars: p.bars - last.bars, orders: p.orders - last.orders });
      last = { t, bars: p.bars, orders: p.orders };
    });
    const replayMs = nowMs() - replayT;
    unsubscribe();
    const requests: RequestTraceSummary[] = trace.stop();

    // The floor of every step: settle() on an idle stack (the quiescence checks alone).
    const idleSettle: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      const t = nowMs();
      await base.settle();
      idleSettle.push(nowMs() - t);
    }

    const figures: Figure[] = [];
    const handlerDetails: Record<string, unknown> = {};
    let handlerBusyMs = 0;
    for (const [name, list] of instrumented.calls) {
      if (list.length === 0) continue;
      const [first, ...warm] = list;
      const stats = latencyStats(warm.map((c) => c.ms));
      const failed = list.filter((c) => !c.ok).length;
      const total = list.reduce((acc, c) => acc + c.ms, 0);
      handlerBusyMs += total;
      handlerDetails[name] = {
        invocations: list.length,
        failed,
        firstMs: first?.ms,
        warm: stats,
        totalMs: total,
        durationsMs: list.map((c) => Math.round(c.ms * 100) / 100),
      };
      figures.push({
        id: `handler.${name}.p50`,
        group: '5 handler latency (local stack)',
        name: `${name} p50`,
        value: stats.p50,
        unit: 'ms',
        spread: `p99 ${fmt(stats.p99)} ms, max ${fmt(stats.max)}`,
        method: `duration of each ${name} handler invocation during the ${dataLabel} replay (timing wrapper around HANDLERS['${name}'], see bench/pipeline.ts); ${stats.count} warm invocations (first/cold one: ${fmt(first?.ms ?? Number.NaN)} ms, excluded)${failed > 0 ? `; ${failed} threw` : ''}; ${((total / replayMs) * 100).toFixed(0)}% of replay wall time`,
        stats: handlerDetails[name],
      });
      figures.push({
        id: `handler.${name}.p99`,
        group: '5 handler latency (local stack)',
        name: `${name} p99`,
        value: stats.p99,
        unit: 'ms',
        spread: `n=${stats.count}`,
        method: `as above, 99th percentile (linear interpolation)`,
      });
    }

    const stepStats = latencyStats(steps.map((s) => s.ms));
    const slowest = steps.reduce<Step | undefined>((worst, s) => (worst === undefined || s.ms > worst.ms ? s : worst), undefined);
    const barSteps = latencyStats(steps.filter((s) => s.bars > 0 && s.orders === 0).map((s) => s.ms));
    const orderSteps = latencyStats(steps.filter((s) => s.orders > 0).map((s) => s.ms));
    const settleStats = latencyStats(settleMs);
    const idleStats = latencyStats(idleSettle);
    const replayS = replayMs / 1000;
    const group = '5 replay pipeline (local stack)';
    const stepMethod = `wall time between runReplay's onProgress callbacks (${dataLabel}, pace max): advance the broker clock, fire the due schedules (market-calendar awaited), settle() until bus and queues are quiet`;
    figures.push(
      {
        id: 'replay.step.p50',
        group,
        name: 'replay step p50',
        value: stepStats.p50,
        unit: 'ms',
        spread: `p99 ${fmt(stepStats.p99)} ms, max ${fmt(stepStats.max)}`,
        method: `${stepMethod}; ${stepStats.count} steps (scheduler fire times); slowest step ${fmt(slowest?.ms ?? Number.NaN)} ms with ${slowest?.bars ?? 0} bars and ${slowest?.orders ?? 0} orders`,
        stats: stepStats,
      },
      {
        id: 'replay.step.p99',
        group,
        name: 'replay step p99',
        value: stepStats.p99,
        unit: 'ms',
        spread: `n=${stepStats.count}`,
        method: 'as above, 99th percentile',
      },
      {
        id: 'replay.step-with-bar.p50',
        group,
        name: 'step with a bar, no order, p50',
        value: barSteps.p50,
        unit: 'ms',
        spread: `p99 ${fmt(barSteps.p99)} ms, n=${barSteps.count}`,
        method: 'steps in which ≥1 bar.closed was published and no order reached the broker: market-events → signal-engine (+ reconcile)',
        stats: barSteps,
      },
      {
        id: 'replay.step-with-order.p50',
        group,
        name: 'step with an order, p50',
        value: orderSteps.p50,
        unit: 'ms',
        spread: `p99 ${fmt(orderSteps.p99)} ms, n=${orderSteps.count}`,
        method: 'steps in which an order reached the paper broker: bar → signal → order-intents → verify-trade → orders → execute-order → order.submitted → reconcile',
        stats: orderSteps,
      },
      {
        id: 'replay.settle.p50',
        group,
        name: 'settle() wait per step p50',
        value: settleStats.p50,
        unit: 'ms',
        spread: `p99 ${fmt(settleStats.p99)} ms`,
        method: 'time inside settle() per step (after the fire returned): async handlers finishing plus quiescence polling (10 ms poll, GetQueueAttributes per queue)',
        stats: settleStats,
      },
      {
        id: 'replay.settle-idle.p50',
        group,
        name: 'settle() on an idle stack p50',
        value: idleStats.p50,
        unit: 'ms',
        spread: `p99 ${fmt(idleStats.p99)} ms, n=${idleStats.count}`,
        method: 'settle() called 30× after the replay with nothing in flight: the fixed cost every step pays',
        stats: idleStats,
      },
      {
        id: 'replay.bars-per-second',
        group,
        name: 'pipeline throughput: bars',
        value: summary.bars / replayS,
        unit: 'bars/s',
        spread: `${summary.bars} bars in ${replayS.toFixed(1)} s`,
        method: `bar.closed events published ÷ replay wall time (${dataLabel}, ${steps.length} steps, each bar taken through signal-engine before the next step)`,
      },
      {
        id: 'replay.orders-per-second',
        group,
        name: 'pipeline throughput: orders',
        value: summary.orders / replayS,
        unit: 'orders/s',
        spread: `${summary.orders} orders, ${summary.fills} filled`,
        method: `orders at the paper broker ÷ replay wall time; ${summary.signals} signals, ${summary.intents} intents, ${summary.rejections} rejected`,
      },
      {
        id: 'replay.steps-per-second',
        group,
        name: 'pipeline throughput: steps',
        value: steps.length / replayS,
        unit: 'steps/s',
        spread: `handlers busy ${((handlerBusyMs / replayMs) * 100).toFixed(0)}% of wall`,
        method: 'scheduler fire times replayed ÷ replay wall time; "handlers busy" = sum of all handler durations ÷ replay wall time (can exceed 100% when handlers overlap)',
      },
    );

    for (const r of requests) {
      const top = Object.entries(r.operations)
        .slice(0, 4)
        .map(([op, n]) => `${op} ${n}`)
        .join(', ');
      figures.push({
        id: `replay.requests.${r.service.split(' ')[0]?.toLowerCase() ?? 'other'}`,
        group: '5 where replay time goes (loopback requests)',
        name: `${r.service} request p50`,
        value: r.latency.p50,
        unit: 'ms',
        spread: `${r.requests} req (${(r.requests / steps.length).toFixed(1)}/step), p99 ${fmt(r.latency.p99)} ms, Σ ${(r.totalMs / 1000).toFixed(1)} s`,
        method: `every HTTP request to it during the replay, from creation to response headers (diagnostics_channel http.client/undici, bench/http-trace.ts); includes the SQS pollers and settle()'s checks; Σ = ${((r.totalMs / replayMs) * 100).toFixed(0)}% of replay wall time (requests overlap); top operations: ${top}`,
        stats: r,
      });
    }

    const details = {
      requests,
      data: dataLabel,
      startupMs,
      replayMs,
      handlerBusyMs,
      handlers: handlerDetails,
      steps: { all: stepStats, withBar: barSteps, withOrder: orderSteps, raw: steps.map((st) => ({ ...st, ms: Math.round(st.ms * 100) / 100 })) },
      settle: settleStats,
      idleSettle: idleStats,
      eventsByDetailType: countBy(events.map((e) => e['detail-type'])),
    };
    if (summary.failedInvocations > 0 || summary.deadLetters > 0) {
      options.log?.(`  warning: ${summary.failedInvocations} failed invocations, ${summary.deadLetters} dead letters during the replay`);
    }
    return { figures, events, summary, details };
  } finally {
    instrumented.restore();
    await tradeloop?.stop();
  }
}

function countBy(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
