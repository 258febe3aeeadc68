import { InMemoryOrderStore, InMemorySignalStore } from '../../../../layers/adapters/memory';
import type { OrderRecord, SignalRecord } from '../../../../layers/core/ports';
import { executeApprovedOrder, runStrategiesOnBar, verifyOrderIntent } from '../../../../layers/core/trading';
import { bar, harness } from './harness';

/** Closes that give a flat view at bar 2, long at bar 3 (fast SMA(2) crosses above SMA(3)), flat again at bar 6. */
const CLOSES = [100, 100, 100, 101, 102, 99, 97];

/** Runs the whole loop with every message and event delivered `times` times. */
async function runLoop(h: ReturnType<typeof harness>, times: number) {
  for (const [i, close] of CLOSES.entries()) {
    const b = bar(i, close);
    h.closeBar(b);
    for (let n = 0; n < times; n += 1) await runStrategiesOnBar(h.signalDeps, b);
    for (const intent of h.intents.take()) for (let n = 0; n < times; n += 1) await verifyOrderIntent(h.verifyDeps, intent);
    for (const approved of h.approvedOrders.take()) for (let n = 0; n < times; n += 1) await executeApprovedOrder(h.executeDeps, approved);
    // Fills arrive between bars.
    for (const o of h.broker.createdOrders) if (o.status === 'accepted') await h.broker.updateOrder(o.clientOrderId, 'filled', o.quantity);
  }
}

describe('trade loop idempotency', () => {
  it('trades the crossover: buy on the long signal, sell on the flat one', async () => {
    const h = harness();
    await runLoop(h, 1);
    const orders = h.broker.createdOrders;
    expect(orders.map((o) => [o.side, o.quantity])).toEqual([
      ['buy', '99'], // floor(100 000 × 0.1 / 101)
      ['sell', '99'],
    ]);
    expect(h.events.ofType('signal.generated').map((s) => s.direction)).toEqual(['flat', 'long', 'flat']);
    expect(h.events.ofType('order.submitted')).toHaveLength(2);
    expect(h.events.ofType('order.rejected')).toEqual([]);
    expect(await h.broker.positions()).toEqual([]);
  });

  it('delivers every message and event twice and still places exactly one order per intent', async () => {
    const once = harness();
    await runLoop(once, 1);
    const twice = harness();
    await runLoop(twice, 2);
    expect(twice.broker.createdOrders.map((o) => [o.clientOrderId, o.side, o.quantity])).toEqual(
      once.broker.createdOrders.map((o) => [o.clientOrderId, o.side, o.quantity]),
    );
    const perIntent = new Map<string, number>();
    for (const o of twice.broker.createdOrders) perIntent.set(o.clientOrderId, (perIntent.get(o.clientOrderId) ?? 0) + 1);
    expect([...perIntent.values()].every((n) => n === 1)).toBe(true);
    expect(twice.signals instanceof InMemorySignalStore && twice.signals.all()).toHaveLength(3);
    // Duplicates never surface as rejections.
    expect(twice.events.ofType('order.rejected')).toEqual([]);
  });

  it('survives a crash between broker acceptance and the store update: one order', async () => {
    class CrashOnceAfterSubmit extends InMemoryOrderStore {
      crashes = 1;
      override async applyBrokerState(id: string, update: Partial<OrderRecord> & { readonly updatedAt: number }): Promise<void> {
        if (update.brokerOrderId !== undefined && this.crashes > 0) {
          this.crashes -= 1;
          throw new Error('lambda timed out before the write');
        }
        return super.applyBrokerState(id, update);
      }
    }
    const h = harness({ orders: new CrashOnceAfterSubmit() });
    for (const [i, close] of CLOSES.slice(0, 4).entries()) {
      h.closeBar(bar(i, close));
      await runStrategiesOnBar(h.signalDeps, bar(i, close));
    }
    const [intent] = h.intents.take();
    if (intent === undefined) throw new Error('expected an intent');
    await verifyOrderIntent(h.verifyDeps, intent);
    const [approved] = h.approvedOrders.take();
    if (approved === undefined) throw new Error('expected an approval');

    await expect(executeApprovedOrder(h.executeDeps, approved)).rejects.toThrow('timed out');
    expect((await h.orders.get(approved.clientOrderId))?.status).toBe('claimed');
    const retry = await executeApprovedOrder(h.executeDeps, approved);
    expect(retry).toMatchObject({ kind: 'submitted', recovered: true });
    const third = await executeApprovedOrder(h.executeDeps, approved);
    expect(third.kind).toBe('already-handled');
    expect(h.broker.createdOrders).toHaveLength(1);
    expect(h.broker.submitCalls).toBe(1); // the retry asked the broker instead of submitting
    expect((await h.orders.get(approved.clientOrderId))?.brokerOrderId).toBe(h.broker.createdOrders[0]?.brokerOrderId);
  });

  it('survives a lost broker response and a failure before the broker answered: one order each', async () => {
    for (const afterAccept of [true, false]) {
      const h = harness();
      for (const [i, close] of CLOSES.slice(0, 4).entries()) {
        h.closeBar(bar(i, close));
        await runStrategiesOnBar(h.signalDeps, bar(i, close));
      }
      for (const intent of h.intents.take()) await verifyOrderIntent(h.verifyDeps, intent);
      const [approved] = h.approvedOrders.take();
      if (approved === undefined) throw new Error('expected an approval');
      h.broker.failNextSubmit(afterAccept);
      await expect(executeApprovedOrder(h.executeDeps, approved)).rejects.toMatchObject({ retryable: true });
      expect(await executeApprovedOrder(h.executeDeps, approved)).toMatchObject({ kind: 'submitted' });
      expect(h.broker.createdOrders).toHaveLength(1);
      expect(h.broker.submitCalls).toBe(afterAccept ? 1 : 2);
    }
  });

  it('replays the signal of a bar whose state was saved before the process died', async () => {
    class FailOncePutSignals extends InMemorySignalStore {
      fail = true;
      override async putOnce(signal: SignalRecord, ttl: number): Promise<boolean> {
        if (this.fail) {
          this.fail = false;
          throw new Error('throttled');
        }
        return super.putOnce(signal, ttl);
      }
    }
    const signals = new FailOncePutSignals();
    const h = harness({ signals });
    for (const [i, close] of CLOSES.slice(0, 3).entries()) {
      h.closeBar(bar(i, close));
      if (i < 2) await runStrategiesOnBar(h.signalDeps, bar(i, close));
    }
    // Bar 2 emits the first (flat) view: the save succeeds, storing the signal throws.
    await expect(runStrategiesOnBar(h.signalDeps, bar(2, 100))).rejects.toThrow('throttled');
    const replay = await runStrategiesOnBar(h.signalDeps, bar(2, 100));
    expect(replay.outcomes).toEqual([expect.objectContaining({ kind: 'signal', replayed: true, stored: true })]);
    expect(signals.all()).toHaveLength(1);
    const again = await runStrategiesOnBar(h.signalDeps, bar(1, 100));
    expect(again.outcomes).toEqual([expect.objectContaining({ kind: 'ignored' })]);
  });

  it('applies a bar once when two deliveries race on the state save', async () => {
    const h = harness();
    for (const [i, close] of CLOSES.slice(0, 3).entries()) {
      h.closeBar(bar(i, close));
      await runStrategiesOnBar(h.signalDeps, bar(i, close));
    }
    h.closeBar(bar(3, 101));
    const results = await Promise.all([runStrategiesOnBar(h.signalDeps, bar(3, 101)), runStrategiesOnBar(h.signalDeps, bar(3, 101))]);
    const kinds = results.map((r) => r.outcomes[0]?.kind);
    expect(kinds).toEqual(['signal', 'signal']); // the loser reloads, sees the bar applied and replays its signal
    expect(results.filter((r) => r.outcomes[0]?.kind === 'signal' && r.outcomes[0].replayed)).toHaveLength(1);
    const record = await h.strategyState.load<{ strategy: { lastBarStart: number } }>(h.strategy.id, 'SPY');
    expect(record?.version).toBe(4); // one save per bar
    const intents = h.intents.take();
    expect(new Set(intents.map((i) => i.intentId)).size).toBe(1);
  });
});
