import { InMemoryStrategyStateStore } from '../../../../layers/adapters/memory';
import type { StrategyStateRecord } from '../../../../layers/core/ports';
import {
  liveHitSeries,
  OUTCOME_LEDGER_CAPACITY,
  pendingCallFor,
  recordSignalOutcomes,
  resolvePendingCalls,
  runStrategiesOnBar,
  SIGNAL_OUTCOMES_KEY,
  type PendingCall,
  type SignalOutcome,
} from '../../../../layers/core/trading';
import { bar, harness, MINUTE } from './harness';

const call = (over: Partial<PendingCall> = {}): PendingCall => ({
  signalId: 's:SPY:0',
  strategyId: 's',
  symbol: 'SPY',
  direction: 'long',
  referencePrice: '100.0000',
  barStart: 0,
  resolveAt: 5 * MINUTE,
  ...over,
});

const outcome = (signalId: string, scoredBarStart: number, hit: boolean, strategyId = 's'): SignalOutcome => ({
  signalId,
  strategyId,
  symbol: 'SPY',
  direction: 'long',
  barStart: scoredBarStart - 5 * MINUTE,
  scoredBarStart,
  referencePrice: '100',
  scoredPrice: hit ? '101' : '99',
  hit,
});

describe('scoring a call against the bar at its horizon', () => {
  it('scores long up and short down as hits, the opposite as misses, and drops ties', () => {
    const at = { symbol: 'SPY', start: 5 * MINUTE };
    expect(resolvePendingCalls([call()], { ...at, close: 100.01 }).outcomes.map((o) => o.hit)).toEqual([true]);
    expect(resolvePendingCalls([call()], { ...at, close: 99.99 }).outcomes.map((o) => o.hit)).toEqual([false]);
    expect(resolvePendingCalls([call({ direction: 'short' })], { ...at, close: 99.99 }).outcomes.map((o) => o.hit)).toEqual([true]);
    expect(resolvePendingCalls([call({ direction: 'short' })], { ...at, close: 100.01 }).outcomes.map((o) => o.hit)).toEqual([false]);
    const tie = resolvePendingCalls([call()], { ...at, close: 100 });
    expect(tie).toEqual({ outcomes: [], pending: [] });
  });

  it('keeps a call waiting before its horizon and on another symbol; scores it on the first bar at or after it', () => {
    expect(resolvePendingCalls([call()], { symbol: 'SPY', start: 4 * MINUTE, close: 120 })).toEqual({ outcomes: [], pending: [call()] });
    expect(resolvePendingCalls([call()], { symbol: 'IBM', start: 9 * MINUTE, close: 120 }).pending).toEqual([call()]);
    // A gap: no bar at minute 5, the bar at minute 7 scores it.
    const late = resolvePendingCalls([call()], { symbol: 'SPY', start: 7 * MINUTE, close: 120 });
    expect(late.outcomes).toEqual([expect.objectContaining({ signalId: 's:SPY:0', scoredBarStart: 7 * MINUTE, scoredPrice: '120', hit: true })]);
  });

  it('opens no call for a flat signal', () => {
    const base = { signalId: 'x', strategyId: 's', symbol: 'SPY', referencePrice: '1', barStart: 0 };
    expect(pendingCallFor({ ...base, direction: 'flat' }, MINUTE)).toBeUndefined();
    expect(pendingCallFor({ ...base, direction: 'short' }, MINUTE)).toMatchObject({ direction: 'short', resolveAt: MINUTE });
  });
});

describe('the per-strategy outcome ledger', () => {
  it('adds each signal once, orders by scoring bar whatever the write order, and keeps the most recent', async () => {
    const store = new InMemoryStrategyStateStore();
    expect(await recordSignalOutcomes(store, [outcome('b', 2 * MINUTE, false), outcome('a', MINUTE, true)])).toBe(2);
    expect(await recordSignalOutcomes(store, [outcome('a', MINUTE, true)])).toBe(0);
    expect(await liveHitSeries(store, 's')).toEqual([true, false]);
    expect(await liveHitSeries(store, 'other')).toEqual([]);

    const many = Array.from({ length: OUTCOME_LEDGER_CAPACITY + 10 }, (_, i) => outcome(`m${String(i).padStart(4, '0')}`, (10 + i) * MINUTE, i % 2 === 0));
    await recordSignalOutcomes(store, many);
    const series = await liveHitSeries(store, 's');
    expect(series).toHaveLength(OUTCOME_LEDGER_CAPACITY);
    expect(series.at(-1)).toBe((OUTCOME_LEDGER_CAPACITY + 9) % 2 === 0);
  });

  it('retries a lost race and then gives up loudly', async () => {
    class LosesRaces extends InMemoryStrategyStateStore {
      losses = 2;
      override async save<S>(record: StrategyStateRecord<S>, expected: number): Promise<boolean> {
        if (this.losses > 0) {
          this.losses -= 1;
          return false;
        }
        return super.save(record, expected);
      }
    }
    const store = new LosesRaces();
    expect(await recordSignalOutcomes(store, [outcome('a', MINUTE, true)])).toBe(1);
    store.losses = 5;
    await expect(recordSignalOutcomes(store, [outcome('b', 2 * MINUTE, true)], 3)).rejects.toThrow(/lost the optimistic save 3 times/);
  });
});

/** Closes that give a flat view at bar 2, long at bar 3 (close 101), flat again at bar 6 for SMA(2)/SMA(3). */
const CLOSES = [100, 100, 100, 101, 102, 99, 97];

describe('the signal engine as the live hit-rate source', () => {
  const withHorizon = (h: ReturnType<typeof harness>, minutes: number) => ({
    ...h.signalDeps,
    config: { ...h.signalDeps.config, outcomeHorizonMs: minutes * MINUTE },
  });

  it('scores the long call on the bar its horizon reaches (101 → 99 two minutes later: a miss); flat signals are not scored', async () => {
    const h = harness();
    const deps = withHorizon(h, 2);
    const scored: SignalOutcome[] = [];
    for (const [i, close] of CLOSES.entries()) {
      const b = bar(i, close);
      h.closeBar(b);
      scored.push(...(await runStrategiesOnBar(deps, b)).scored);
    }
    expect(scored).toEqual([
      expect.objectContaining({ signalId: `${h.strategy.id}:SPY:${bar(3, 0).start}`, direction: 'long', referencePrice: '101', scoredBarStart: bar(5, 0).start, scoredPrice: '99', hit: false }),
    ]);
    expect(await liveHitSeries(h.strategyState, h.strategy.id)).toEqual([false]);
  });

  it('records each outcome once when every bar is delivered twice, and after a crash between the state save and the ledger write', async () => {
    class CrashOnLedgerWrite extends InMemoryStrategyStateStore {
      crashes = 1;
      override async save<S>(record: StrategyStateRecord<S>, expected: number): Promise<boolean> {
        if (record.strategyId === SIGNAL_OUTCOMES_KEY && this.crashes > 0) {
          this.crashes -= 1;
          throw new Error('lambda timed out before the ledger write');
        }
        return super.save(record, expected);
      }
    }
    const store = new CrashOnLedgerWrite();
    const h = harness({ strategyState: store });
    const deps = withHorizon(h, 2);
    let failures = 0;
    for (const [i, close] of CLOSES.entries()) {
      const b = bar(i, close);
      h.closeBar(b);
      for (let n = 0; n < 2; n += 1) {
        try {
          await runStrategiesOnBar(deps, b);
        } catch {
          failures += 1; // the queue redelivers: the next loop iteration is that redelivery
        }
      }
    }
    expect(failures).toBe(1);
    expect(await liveHitSeries(store, h.strategy.id)).toEqual([false]);
  });

  it('scores nothing without a configured horizon (the stored envelope keeps no calls)', async () => {
    const h = harness();
    for (const [i, close] of CLOSES.entries()) {
      const b = bar(i, close);
      h.closeBar(b);
      expect((await runStrategiesOnBar(h.signalDeps, b)).scored).toEqual([]);
    }
    expect(await h.strategyState.load(SIGNAL_OUTCOMES_KEY, h.strategy.id)).toBeUndefined();
  });
});
