/**
 * In-process micro-benchmarks of the core: indicators, the SMA crossover, pre-trade verification,
 * EventBridge pattern matching and the NYSE calendar. Each figure is a median over several timed
 * samples (see harness.ts); baselines run in the same process on the same inputs.
 */
import type { BusEvent } from '../local/bus/event-bus';
import { compileEventPattern, matchesEventPattern } from '../local/bus/event-pattern';
import { DEFAULT_RISK_LIMITS, RULES } from '../layers/contracts';
import type { OrderIntentV1 } from '../layers/contracts';
import { smaAdd, smaBatch, smaInit, smaResult } from '../layers/core/indicators';
import type { SmaState } from '../layers/core/indicators';
import { nyseCalendar } from '../layers/core/market';
import type { MinuteBar } from '../layers/core/ports';
import { PRE_TRADE_CHECKS, verifyIntent } from '../layers/core/risk';
import type { PreTradeContext } from '../layers/core/risk';
import { smaCrossover } from '../layers/core/strategies';
import type { SmaCrossoverState, StrategyBar } from '../layers/core/strategies';
import { ACTIVE_STRATEGY_PARAMS } from '../layers/adapters/runtime/trading-config';
import { measureThroughput } from './harness';
import type { ThroughputSpec, ThroughputStats } from './harness';
import type { Figure } from './report';

/** The real data every micro-benchmark runs on. */
export interface BenchData {
  /** e.g. "SPY minute trade bars 2013-10-07..11 (4128 bars, 04:00–20:00 ET)". */
  readonly label: string;
  readonly bars: readonly MinuteBar[];
  readonly closes: Float64Array;
}

export interface MicroOptions {
  readonly data: BenchData;
  /** Harness settings (tests pass tiny ones). */
  readonly harness?: Pick<ThroughputSpec, 'warmupMs' | 'samples' | 'sampleMs'>;
  /** Progress lines (stderr). */
  readonly log?: (line: string) => void;
}

const spreadOf = (s: ThroughputStats): string => `IQR ±${(s.iqrPct / 2).toFixed(1)}%`;

function sampling(s: ThroughputStats): string {
  return `median of ${s.samples} samples × ${s.opsPerSample.toLocaleString('en-US')} ops`;
}

function run(options: MicroOptions, label: string, spec: ThroughputSpec): ThroughputStats {
  options.log?.(`  ${label}`);
  return measureThroughput({ ...options.harness, ...spec });
}

// ------------------------------------------------------------------------------------------------ 1 indicators

/** The naive baseline: each bar's average summed afresh over its window (O(window) per value). */
function naiveSma(input: Float64Array, window: number, out: Float64Array): void {
  for (let i = window - 1; i < input.length; i += 1) {
    let sum = 0;
    for (let j = i - window + 1; j <= i; j += 1) sum += input[j] ?? 0;
    out[i] = sum / window;
  }
}

export function benchIndicators(options: MicroOptions): Figure[] {
  const { closes, label } = options.data;
  const figures: Figure[] = [];
  for (const window of [20, 200]) {
    const values = closes.length - window + 1;
    const naiveOut = new Float64Array(closes.length);
    const naive = run(options, `naive SMA(${window})`, {
      opsPerRep: values,
      body: (reps) => {
        for (let r = 0; r < reps; r += 1) naiveSma(closes, window, naiveOut);
        return naiveOut[closes.length - 1] ?? 0;
      },
    });
    const batch = run(options, `smaBatch(${window})`, {
      opsPerRep: values,
      body: (reps) => {
        let last = 0;
        for (let r = 0; r < reps; r += 1) last = smaBatch(closes, window)[closes.length - 1] ?? 0;
        return last;
      },
    });
    const streaming = run(options, `streaming SMA(${window})`, {
      opsPerRep: closes.length,
      body: (reps) => {
        let acc = 0;
        for (let r = 0; r < reps; r += 1) {
          let state: SmaState = smaInit(window);
          for (let i = 0; i < closes.length; i += 1) {
            state = smaAdd(state, closes[i] ?? 0);
            acc += smaResult(state) ?? 0;
          }
        }
        return acc;
      },
    });
    const naiveBaseline = { name: `naive O(window) SMA(${window})`, value: naive.opsPerSec };
    figures.push(
      {
        id: `indicators.sma-batch.w${window}`,
        group: '1 indicators',
        name: `smaBatch, window ${window}`,
        value: batch.opsPerSec,
        unit: 'values/s',
        baseline: naiveBaseline,
        ratio: batch.opsPerSec / naive.opsPerSec,
        spread: spreadOf(batch),
        method: `smaBatch over a Float64Array of ${label}; one op = one SMA value (${values} per pass); ${sampling(batch)}; baseline: naive loop summing the window for every bar into a preallocated Float64Array, same data (IQR ±${(naive.iqrPct / 2).toFixed(1)}%)`,
        stats: { value: batch, baseline: naive },
      },
      {
        id: `indicators.sma-streaming.w${window}`,
        group: '1 indicators',
        name: `streaming smaAdd+smaResult, window ${window}`,
        value: streaming.opsPerSec,
        unit: 'updates/s',
        baseline: naiveBaseline,
        ratio: streaming.opsPerSec / naive.opsPerSec,
        spread: spreadOf(streaming),
        method: `fresh smaInit(${window}), then smaAdd + smaResult per close over ${label}; one op = one bar (${closes.length} per pass, warm-up bars included); ${sampling(streaming)}; baseline as above`,
        stats: { value: streaming, baseline: naive },
      },
    );
  }
  return figures;
}

// ------------------------------------------------------------------------------------------------ 2 strategy

export function benchStrategy(options: MicroOptions): Figure[] {
  const { bars, label } = options.data;
  const strategy = smaCrossover(ACTIVE_STRATEGY_PARAMS);
  const strategyBars: readonly StrategyBar[] = bars.map((b) => ({ symbol: b.symbol, start: b.start, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume }));
  let signalsPerPass = 0;
  {
    let state: SmaCrossoverState = strategy.initialState();
    for (const bar of strategyBars) {
      const step = strategy.onBar(state, bar);
      if (step.kind === 'applied' && step.signal) signalsPerPass += 1;
      state = step.state;
    }
  }
  const stats = run(options, `smaCrossover ${strategy.id}`, {
    opsPerRep: strategyBars.length,
    body: (reps) => {
      let acc = 0;
      for (let r = 0; r < reps; r += 1) {
        // A fresh state each pass: the strategy ignores bars at or before the last one it saw.
        let state: SmaCrossoverState = strategy.initialState();
        for (const bar of strategyBars) {
          const step = strategy.onBar(state, bar);
          if (step.kind === 'applied' && step.signal) acc += step.signal.strength;
          state = step.state;
        }
      }
      return acc;
    },
  });
  return [
    {
      id: 'strategy.sma-crossover',
      group: '2 strategy',
      name: `smaCrossover onBar (${strategy.id})`,
      value: stats.opsPerSec,
      unit: 'bars/s',
      spread: spreadOf(stats),
      method: `onBar with the state carried bar to bar, params ${JSON.stringify(ACTIVE_STRATEGY_PARAMS)} (the live config), fresh state per pass over ${label}; ${signalsPerPass} signals per pass (each formats a reason string); one op = one bar; ${sampling(stats)}; no baseline`,
      stats: { value: stats, signalsPerPass },
    },
  ];
}

// ------------------------------------------------------------------------------------------------ 3 pre-trade

/** A representative verification: a market buy of 10 SPY during the session, every check passing. */
export function representativeVerification(lastBar: MinuteBar): { intent: OrderIntentV1; context: PreTradeContext } {
  const now = lastBar.start + 60_000 + 500;
  const price = lastBar.close.toFixed(2);
  const intent: OrderIntentV1 = {
    schema: 'OrderIntentV1',
    intentId: `sma-crossover-5-20:SPY:${lastBar.start}:buy`,
    accountId: 'paper-local',
    strategyId: 'sma-crossover-5-20',
    signalId: `sma-crossover-5-20:SPY:${lastBar.start}`,
    symbol: 'SPY',
    side: 'buy',
    quantity: '10',
    orderType: 'market',
    timeInForce: 'day',
    referencePrice: price,
    marketDataAt: lastBar.start + 60_000,
    createdAt: now - 200,
  };
  const context: PreTradeContext = {
    now,
    calendar: nyseCalendar(),
    killSwitch: { engaged: false, reason: 'initial', actor: 'system', changedAt: 0 },
    limits: { version: 3, limits: DEFAULT_RISK_LIMITS, changedBy: 'bench', reason: 'defaults', changedAt: 0 },
    account: {
      accountNumber: 'PA0000BENCH',
      status: 'ACTIVE',
      cash: '98302.15',
      buyingPower: '196604.30',
      equity: '100012.48',
      lastEquity: '100000',
      tradingBlocked: false,
      patternDayTrader: false,
    },
    positions: [
      { symbol: 'SPY', quantity: '50' },
      { symbol: 'IBM', quantity: '-12' },
      { symbol: 'BAC', quantity: '300' },
    ],
    lastTrade: { price: lastBar.close, at: lastBar.start + 59_000 },
  };
  return { intent, context };
}

export function benchPreTrade(options: MicroOptions): Figure[] {
  const regular = options.data.bars.filter((b) => nyseCalendar().isRegularHours(b.start));
  const lastBar = regular[Math.floor(regular.length / 2)];
  if (lastBar === undefined) throw new Error('no regular-hours bar in the bench data');
  const { intent, context } = representativeVerification(lastBar);
  const verdict = verifyIntent(intent, context);
  if (!verdict.approved) throw new Error(`the representative intent should pass: ${JSON.stringify(verdict.failed)}`);
  const at = new Date(context.now).toISOString();
  const all = run(options, 'verifyIntent', {
    opsPerRep: 1,
    body: (reps) => {
      let acc = 0;
      for (let r = 0; r < reps; r += 1) acc += verifyIntent(intent, context).checks.length;
      return acc;
    },
  });
  const figures: Figure[] = [
    {
      id: 'risk.verify-intent',
      group: '3 pre-trade verification',
      name: `verifyIntent, all ${PRE_TRADE_CHECKS.length} checks`,
      value: all.opsPerSec,
      unit: 'verifications/s',
      spread: spreadOf(all),
      method: `verifyIntent(intent, context) with PRE_TRADE_CHECKS: market buy 10 SPY @ ${intent.referencePrice} at ${at}, default limits, 3 positions, last trade 1.5 s old, all checks pass (approved); ${sampling(all)}; no baseline`,
      stats: { value: all, checks: PRE_TRADE_CHECKS.map((c) => c.checkId) },
    },
  ];
  // Where the time goes: each check alone (check.evaluate, no verifyIntent bookkeeping).
  for (const check of PRE_TRADE_CHECKS) {
    const one = run(options, `check ${check.checkId}`, {
      opsPerRep: 1,
      body: (reps) => {
        let acc = 0;
        for (let r = 0; r < reps; r += 1) acc += check.evaluate(intent, context).passed ? 1 : 0;
        return acc;
      },
    });
    figures.push({
      id: `risk.check.${check.checkId}`,
      group: '3 pre-trade verification',
      name: `  check ${check.checkId} alone`,
      value: one.nsPerOp / 1000,
      unit: 'µs/eval',
      spread: spreadOf(one),
      method: `${check.checkId}.evaluate on the same intent and context; ${sampling(one)}; share of verifyIntent time ≈ ${((all.opsPerSec / one.opsPerSec) * 100).toFixed(0)}%`,
      stats: { value: one },
    });
  }
  return figures;
}

// ------------------------------------------------------------------------------------------------ 4 event patterns

export function benchEventPatterns(options: MicroOptions, events: readonly BusEvent[], eventsLabel: string): Figure[] {
  if (events.length === 0) throw new Error('no events to match');
  const compiled = RULES.map((rule) => compileEventPattern(rule.eventPattern));
  // Both forms must agree before their speed is compared.
  let matches = 0;
  for (const event of events) {
    for (const [i, rule] of RULES.entries()) {
      const a = compiled[i]?.(event) ?? false;
      if (a !== matchesEventPattern(rule.eventPattern, event)) throw new Error(`compiled and uncompiled disagree on rule ${rule.name}`);
      if (a) matches += 1;
    }
  }
  const uncompiled = run(options, 'matchesEventPattern (uncompiled)', {
    opsPerRep: events.length,
    body: (reps) => {
      let acc = 0;
      for (let r = 0; r < reps; r += 1) {
        for (const event of events) for (const rule of RULES) if (matchesEventPattern(rule.eventPattern, event)) acc += 1;
      }
      return acc;
    },
  });
  const fast = run(options, 'compiled patterns', {
    opsPerRep: events.length,
    body: (reps) => {
      let acc = 0;
      for (let r = 0; r < reps; r += 1) {
        for (const event of events) for (const match of compiled) if (match(event)) acc += 1;
      }
      return acc;
    },
  });
  return [
    {
      id: 'bus.event-pattern.compiled',
      group: '4 event-pattern matching',
      name: `compiled patterns, ${RULES.length} rules`,
      value: fast.opsPerSec,
      unit: 'events/s',
      baseline: { name: 'matchesEventPattern uncompiled', value: uncompiled.opsPerSec },
      ratio: fast.opsPerSec / uncompiled.opsPerSec,
      spread: spreadOf(fast),
      method: `each event tested against all ${RULES.length} wiring RULES (as the bus does per entry); ${eventsLabel}; ${matches} rule matches per pass; one op = one event; ${sampling(fast)}; baseline: matchesEventPattern(rule.eventPattern, event), which re-validates the pattern each call (IQR ±${(uncompiled.iqrPct / 2).toFixed(1)}%)`,
      stats: { value: fast, baseline: uncompiled, events: events.length, matchesPerPass: matches },
    },
  ];
}

// ------------------------------------------------------------------------------------------------ 6 calendar

export function benchCalendar(options: MicroOptions): Figure[] {
  const calendar = nyseCalendar();
  const { bars } = options.data;
  const first = bars[0]?.start ?? 0;
  const dayMs = 24 * 3600 * 1000;
  // Every minute of the week around the data (weekend and night minutes included), as UTC epoch ms.
  const stamps: number[] = [];
  const from = first - (first % dayMs);
  for (let t = from; t < from + 7 * dayMs; t += 60_000) stamps.push(t);
  const regularCount = stamps.filter((t) => calendar.isRegularHours(t)).length;
  const label = `every minute of the 7 UTC days from ${new Date(from).toISOString().slice(0, 10)} (${stamps.length} instants, ${regularCount} in regular hours)`;
  const regular = run(options, 'isRegularHours', {
    opsPerRep: stamps.length,
    body: (reps) => {
      let acc = 0;
      for (let r = 0; r < reps; r += 1) for (const t of stamps) if (calendar.isRegularHours(t)) acc += 1;
      return acc;
    },
  });
  const session = run(options, 'sessionDate', {
    opsPerRep: stamps.length,
    body: (reps) => {
      let acc = 0;
      for (let r = 0; r < reps; r += 1) for (const t of stamps) acc += calendar.sessionDate(t).length;
      return acc;
    },
  });
  return [
    {
      id: 'calendar.is-regular-hours',
      group: '6 NYSE calendar',
      name: 'isRegularHours',
      value: regular.opsPerSec,
      unit: 'calls/s',
      spread: spreadOf(regular),
      method: `nyseCalendar().isRegularHours over ${label}; one op = one call; ${sampling(regular)}; no baseline`,
      stats: { value: regular },
    },
    {
      id: 'calendar.session-date',
      group: '6 NYSE calendar',
      name: 'sessionDate',
      value: session.opsPerSec,
      unit: 'calls/s',
      spread: spreadOf(session),
      method: `nyseCalendar().sessionDate over the same instants; one op = one call; ${sampling(session)}; no baseline`,
      stats: { value: session },
    },
  ];
}
