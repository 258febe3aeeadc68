import { runReplay } from '../../local/runtime/replay';
import type { ReplaySummary } from '../../local/runtime/replay';
import { newYork, startOnTestStandins } from './support';

interface PlacedOrder {
  readonly clientOrderId: string;
  readonly side: string;
  readonly qty: string;
}

async function replayMorning(
  duplicateDeliveries: boolean,
): Promise<{ summary: ReplaySummary; orders: PlacedOrder[]; invocations: Readonly<Record<string, number>> }> {
  const range = { from: '2013-10-07', to: '2013-10-07', symbols: ['SPY'], endAt: newYork('2013-10-07T11:00') };
  const tradeloop = await startOnTestStandins({ symbols: range.symbols, fromDate: range.from, toDate: range.to, duplicateDeliveries });
  try {
    const summary = await runReplay(tradeloop, range, { kind: 'max' });
    const orders = tradeloop.broker
      .orders()
      .map((o) => ({ clientOrderId: o.client_order_id, side: o.side, qty: o.qty ?? '' }))
      .sort((a, b) => a.clientOrderId.localeCompare(b.clientOrderId));
    return { summary, orders, invocations: { ...tradeloop.invocations } };
  } finally {
    await tradeloop.stop();
  }
}

/**
 * Every event and every SQS batch delivered twice (as EventBridge and SQS may) must place exactly the
 * orders a single delivery places: same client order ids, sides and quantities, none twice.
 */
describe('exactly one order per intent under duplicate delivery', () => {
  it('places the same orders when every event and message arrives twice', async () => {
    const once = await replayMorning(false);
    const twice = await replayMorning(true);

    expect(once.orders.length).toBeGreaterThan(0);
    expect(twice.orders).toEqual(once.orders);
    expect(twice.summary.duplicateOrders).toBe(0);
    expect(twice.summary.deadLetters).toBe(0);
    expect(twice.summary.failedInvocations).toBe(0);
    // The duplicates really happened: every handler ran at least twice as often.
    expect(twice.summary.bars).toBe(once.summary.bars);
    for (const fn of ['signal-engine', 'verify-trade', 'execute-order', 'reconcile']) {
      expect(twice.invocations[fn] ?? 0).toBeGreaterThanOrEqual(2 * (once.invocations[fn] ?? 0));
      expect(once.invocations[fn] ?? 0).toBeGreaterThan(0);
    }
  }, 180_000);
});
