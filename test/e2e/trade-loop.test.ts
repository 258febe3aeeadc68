import { container } from '../../layers/adapters/runtime/container';
import type { LocalTradeloop } from '../../local/runtime/local-tradeloop';
import { runReplay } from '../../local/runtime/replay';
import type { ReplaySummary } from '../../local/runtime/replay';
import { callControlApi, newYork, startOnTestStandins } from './support';

/**
 * The whole trade loop on the embedded default: real minute bars (data/, SPY and IBM, the morning of
 * 2013-10-07) through the scheduler, market-calendar, market-events, signal-engine, verify-trade,
 * execute-order and reconcile, with the real AWS SDK and Alpaca clients against the stand-ins.
 */
describe('the trade loop, end to end on the embedded default', () => {
  let tradeloop: LocalTradeloop;
  let summary: ReplaySummary;
  const range = { from: '2013-10-07', to: '2013-10-07', symbols: ['SPY', 'IBM'], endAt: newYork('2013-10-07T11:30') };

  beforeAll(async () => {
    tradeloop = await startOnTestStandins({ symbols: range.symbols, fromDate: range.from, toDate: range.to });
    summary = await runReplay(tradeloop, range, { kind: 'max' });
  }, 120_000);

  afterAll(async () => {
    await tradeloop.stop();
  });

  it('turns real bars into signals, intents and broker orders, losing nothing', () => {
    expect(summary.bars).toBeGreaterThan(200); // two symbols, two hours of minute bars
    expect(summary.signals).toBeGreaterThan(0);
    expect(summary.intents).toBeGreaterThan(0);
    expect(summary.orders).toBeGreaterThan(0);
    expect(summary.fills).toBeGreaterThan(0);
    expect(summary.duplicateOrders).toBe(0);
    expect(summary.deadLetters).toBe(0);
    expect(summary.failedInvocations).toBe(0);
    expect(summary.eventsRejectedByBus).toBe(0);
    expect(summary.completed).toBe(true);
  });

  it('records every broker order under its client order id and every decision in the audit trail', async () => {
    const stores = container().aws.stores;
    const brokerOrders = tradeloop.broker.orders();
    for (const brokerOrder of brokerOrders) {
      const stored = await stores.orders.get(brokerOrder.client_order_id);
      expect(stored?.brokerOrderId).toBe(brokerOrder.id);
      expect(stored?.symbol).toBe(brokerOrder.symbol);
    }
    const decisions = await stores.riskAudit.listByAccount(tradeloop.accountId, 1000);
    const approvedIntents = new Set(decisions.filter((d) => d.approved).map((d) => d.intentId));
    const orderedIntents = new Set(
      await Promise.all(brokerOrders.map(async (o) => (await stores.orders.get(o.client_order_id))?.intentId)),
    );
    expect(orderedIntents).toEqual(approvedIntents);
    for (const decision of decisions) expect(decision.policyVersion).toBeGreaterThanOrEqual(0);
  });

  it('reconciles positions to broker truth', async () => {
    await tradeloop.scheduler.advance(newYork('2013-10-07T11:30'), newYork('2013-10-07T11:31'));
    tradeloop.broker.advanceTo(newYork('2013-10-07T11:31'));
    await tradeloop.settle();
    const stored = await container().aws.stores.positions.list(tradeloop.accountId);
    const broker = tradeloop.broker.positions().map((p) => ({ symbol: String(p['symbol']), qty: String(p['qty']) }));
    expect(stored.map((p) => ({ symbol: p.symbol, qty: p.quantity })).sort((a, b) => a.symbol.localeCompare(b.symbol))).toEqual(
      broker.sort((a, b) => a.symbol.localeCompare(b.symbol)),
    );
  });

  it('serves the control API only to an authenticated caller', async () => {
    expect((await callControlApi(tradeloop, 'GET', '/status', undefined, 'wrong-token')).status).toBe(403);
    expect((await callControlApi(tradeloop, 'POST', '/kill-switch', { action: 'engage', reason: 'no token' }, '')).status).toBe(403);
    const status = await callControlApi(tradeloop, 'GET', '/status');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ accountId: tradeloop.accountId, killSwitch: { engaged: false } });
    const orders = await callControlApi(tradeloop, 'GET', '/orders?limit=500');
    expect((orders.body as { orders: unknown[] }).orders).toHaveLength(summary.orders);
    const strategies = await callControlApi(tradeloop, 'GET', '/strategies');
    expect((strategies.body as { strategies: { strategyId: string }[] }).strategies[0]?.strategyId).toBe('sma-crossover-5-20');
  });

  it('answers malformed API bodies with 400 and every issue, changing nothing', async () => {
    const bad = await callControlApi(tradeloop, 'POST', '/kill-switch', { action: 'explode' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/action/);
    expect(JSON.stringify(bad.body)).toMatch(/reason/);
    expect((await container().aws.stores.limits.killSwitch(tradeloop.accountId)).engaged).toBe(false);
  });

  // Last: it moves the market clock on to November.
  it('does nothing on a closed day: every weekday schedule fires, market-calendar announces no routine', async () => {
    const published = tradeloop.bus.stats.published;
    const calendarRuns = tradeloop.invocations['market-calendar'] ?? 0;
    const thanksgiving = await runReplay(tradeloop, { from: '2013-11-28', to: '2013-11-28', symbols: range.symbols }, { kind: 'max' });
    expect(tradeloop.invocations['market-calendar']).toBeGreaterThanOrEqual(calendarRuns + 480);
    expect(tradeloop.bus.stats.published).toBe(published);
    expect(thanksgiving.bars).toBe(0);
    expect(thanksgiving.sessionsReplayed).toBe(0);
  });
});
