import { container } from '../../layers/adapters/runtime/container';
import { clientOrderIdFor } from '../../layers/core/execution';
import type { LocalTradeloop } from '../../local/runtime/local-tradeloop';
import { runReplay } from '../../local/runtime/replay';
import { callControlApi, newYork, startOnTestStandins } from './support';

/** The kill switch, engaged through the authenticated control API, stops every new order until released. */
describe('kill switch on the embedded default', () => {
  let tradeloop: LocalTradeloop;
  const day = { from: '2013-10-07', to: '2013-10-07', symbols: ['SPY'] };

  beforeAll(async () => {
    tradeloop = await startOnTestStandins({ symbols: day.symbols, fromDate: day.from, toDate: day.to });
  });
  afterAll(async () => {
    await tradeloop.stop();
  });

  it('rejects every intent while engaged, with the check and the reason, and trades again once released', async () => {
    const engage = await callControlApi(tradeloop, 'POST', '/kill-switch', { action: 'engage', reason: 'operator drill before the open' });
    expect(engage.status).toBe(200);

    const halted = await runReplay(tradeloop, { ...day, endAt: newYork('2013-10-07T11:00') }, { kind: 'max' });
    expect(halted.intents).toBeGreaterThan(0);
    expect(halted.orders).toBe(0);
    expect(halted.rejectionsByCheck['killSwitch']).toBe(halted.rejections);
    const decisions = await container().aws.stores.riskAudit.listByAccount(tradeloop.accountId, 1000);
    expect(decisions.length).toBeGreaterThan(0);
    for (const decision of decisions) {
      expect(decision.approved).toBe(false);
      const check = decision.checks.find((c) => c.checkId === 'killSwitch');
      expect(check?.passed).toBe(false);
      expect(check?.reason).toMatch(/operator drill before the open/);
    }

    const releaseWithoutReason = await callControlApi(tradeloop, 'POST', '/kill-switch', { action: 'release' });
    expect(releaseWithoutReason.status).toBe(400);
    const release = await callControlApi(tradeloop, 'POST', '/kill-switch', { action: 'release', reason: 'drill over' });
    expect(release.status).toBe(200);

    const resumed = await runReplay(
      tradeloop,
      { ...day, startAfter: newYork('2013-10-07T11:00'), endAt: newYork('2013-10-07T13:00') },
      { kind: 'max' },
    );
    expect(resumed.orders).toBeGreaterThan(0);
    expect(resumed.duplicateOrders).toBe(0);
  }, 120_000);
});

/**
 * Flatten: with positions open mid-session, POST /kill-switch {flatten: true} closes every position through
 * the pipeline (order-intents → verify-trade → execute-order) while the switch blocks everything else, and
 * repeating the request (before the closing orders fill and after) closes nothing twice.
 */
describe('kill switch flatten on the embedded default', () => {
  let tradeloop: LocalTradeloop;
  const day = { from: '2013-10-07', to: '2013-10-07', symbols: ['SPY', 'IBM'] };

  beforeAll(async () => {
    tradeloop = await startOnTestStandins({ symbols: day.symbols, fromDate: day.from, toDate: day.to });
  });
  afterAll(async () => {
    await tradeloop.stop();
  });

  it('closes every open position once, even when the flatten request is repeated', async () => {
    // Trade until the first step that leaves a position open, then stop there.
    const stop = new AbortController();
    let stoppedAt = 0;
    const trading = await runReplay(tradeloop, { ...day, endAt: newYork('2013-10-07T12:00'), signal: stop.signal }, { kind: 'max' }, (progress) => {
      if (!stop.signal.aborted && tradeloop.broker.positions().length > 0) {
        stoppedAt = progress.marketTime;
        stop.abort();
      }
    });
    expect(trading.orders).toBeGreaterThan(0);
    const open = tradeloop.broker.positions();
    expect(open.length).toBeGreaterThan(0);
    const ordersBefore = tradeloop.broker.orders().length;

    const flatten = { action: 'engage', reason: 'flatten drill', flatten: true };
    const first = await callControlApi(tradeloop, 'POST', '/kill-switch', flatten);
    expect(first.status).toBe(200);
    const firstIntents = (first.body as { flatten: { intents: { intentId: string; symbol: string }[] } }).flatten.intents;
    expect(new Set(firstIntents.map((i) => i.symbol))).toEqual(new Set(open.map((p) => String(p['symbol']))));
    await tradeloop.settle();
    const repeat = await callControlApi(tradeloop, 'POST', '/kill-switch', flatten);
    expect(repeat.status).toBe(200);
    // The paper broker fills 1 s of market time after acceptance and its clock has not moved: the closing orders
    // are still working, so the repeat keeps them and derives the same intents (which become no second order).
    const repeated = (repeat.body as { flatten: { kept: string[]; canceled: string[]; intents: { intentId: string }[] } }).flatten;
    expect(repeated.kept).toHaveLength(firstIntents.length);
    expect(repeated.canceled).toEqual([]);
    expect(repeated.intents.map((i) => i.intentId)).toEqual(firstIntents.map((i) => i.intentId));
    await tradeloop.settle();

    // A few more minutes of market: the closing orders fill; the strategy's new intents meet the switch.
    const after = await runReplay(tradeloop, { ...day, startAfter: stoppedAt, endAt: stoppedAt + 5 * 60_000 }, { kind: 'max' });
    expect(tradeloop.broker.positions()).toEqual([]);
    const third = await callControlApi(tradeloop, 'POST', '/kill-switch', flatten);
    expect((third.body as { flatten: { intents: unknown[] } }).flatten.intents).toEqual([]);
    await tradeloop.settle();

    const flattenOrders = new Set(firstIntents.map((i) => clientOrderIdFor(i.intentId)));
    const newOrders = tradeloop.broker.orders().slice(ordersBefore);
    expect(newOrders.map((o) => o.client_order_id).sort()).toEqual([...flattenOrders].sort());
    expect(newOrders.every((o) => o.status === 'filled')).toBe(true);
    expect(after.duplicateOrders).toBe(0);
    expect(after.deadLetters).toBe(0);
    const decisions = await container().aws.stores.riskAudit.listByAccount(tradeloop.accountId, 1000);
    for (const intent of firstIntents) {
      const check = decisions.find((d) => d.intentId === intent.intentId)?.checks.find((c) => c.checkId === 'killSwitch');
      expect(check).toMatchObject({ passed: true, measured: 'engaged/reduce-only exit' });
    }
  }, 180_000);
});
