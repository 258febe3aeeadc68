import { InMemoryOrderStore } from '../../../../layers/adapters/memory';
import { DEFAULT_RISK_LIMITS, OrderRejectedV1, type ApprovedOrderV1, type OrderIntentV1 } from '../../../../layers/contracts';
import { executeApprovedOrder, reconcileAccount, runStrategiesOnBar, scheduledRoutine, verifyOrderIntent } from '../../../../layers/core/trading';
import { bar, harness, MINUTE, SESSION_OPEN } from './harness';

/** Runs bars 0..3 (flat, then long) and returns the long intent. */
async function longIntent(h: ReturnType<typeof harness>): Promise<OrderIntentV1> {
  for (const [i, close] of [100, 100, 100, 101].entries()) {
    h.closeBar(bar(i, close));
    await runStrategiesOnBar(h.signalDeps, bar(i, close));
  }
  const [intent] = h.intents.take();
  if (intent === undefined) throw new Error('expected an intent');
  return intent;
}

async function approvedOrder(h: ReturnType<typeof harness>): Promise<ApprovedOrderV1> {
  await verifyOrderIntent(h.verifyDeps, await longIntent(h));
  const [approved] = h.approvedOrders.take();
  if (approved === undefined) throw new Error('expected an approval');
  return approved;
}

const engage = { engaged: true, reason: 'operator drill', actor: 'ops@example.com', changedAt: SESSION_OPEN };

describe('kill switch', () => {
  it('stops orders on the verify path', async () => {
    const h = harness();
    const intent = await longIntent(h);
    await h.limits.setKillSwitch('paper', engage);
    const outcome = await verifyOrderIntent(h.verifyDeps, intent);
    expect(outcome.kind).toBe('rejected');
    expect(h.approvedOrders.sent).toEqual([]);
    const [rejection] = h.events.ofType('order.rejected');
    expect(rejection?.failedChecks).toEqual([expect.objectContaining({ checkId: 'killSwitch', reason: expect.stringContaining('operator drill') })]);
    expect(h.audit.all()).toEqual([expect.objectContaining({ intentId: intent.intentId, approved: false })]);
  });

  it('stops orders already approved on the execute path, and a later re-delivery stays stopped', async () => {
    const h = harness();
    const approved = await approvedOrder(h);
    await h.limits.setKillSwitch('paper', engage);
    expect(await executeApprovedOrder(h.executeDeps, approved)).toMatchObject({ kind: 'halted' });
    expect(h.broker.submitCalls).toBe(0);
    expect(h.events.ofType('order.rejected')).toEqual([
      expect.objectContaining({ stage: 'verify', failedChecks: [expect.objectContaining({ checkId: 'killSwitch' })] }),
    ]);
    await h.limits.setKillSwitch('paper', { ...engage, engaged: false, reason: 'drill over' });
    expect(await executeApprovedOrder(h.executeDeps, approved)).toMatchObject({ kind: 'already-handled' });
    expect(h.broker.createdOrders).toEqual([]);
  });
});

describe('rejections and duplicates', () => {
  it('publishes order.rejected carrying every failed check with its reason', async () => {
    const h = harness();
    const intent = await longIntent(h);
    await h.limits.putLimits('paper', { ...DEFAULT_RISK_LIMITS, maxOrderNotional: '100', maxPositionNotional: '100', maxOrderQuantity: '5', priceCollarBps: 10, maxMarketDataAgeSeconds: 180, restrictedSymbols: ['SPY'], maxDailyLoss: '2000' }, 0, {
      changedBy: 'risk',
      reason: 'tight',
      changedAt: SESSION_OPEN,
    });
    h.marketData.setLatestTrade('SPY', 120, SESSION_OPEN);
    const outcome = await verifyOrderIntent(h.verifyDeps, intent);
    if (outcome.kind !== 'rejected') throw new Error(`expected a rejection, got ${outcome.kind}`);
    const [event] = h.events.ofType('order.rejected');
    expect(OrderRejectedV1.parse(event)).toEqual(outcome.rejection);
    expect(event?.policyVersion).toBe(1);
    expect(event?.failedChecks.map((c) => c.checkId).sort()).toEqual(['maxOrderNotional', 'maxOrderQuantity', 'maxPositionNotional', 'priceCollar', 'restrictedSymbol']);
    for (const c of event?.failedChecks ?? []) {
      expect(c.passed).toBe(false);
      expect(c.reason).not.toBe('');
      expect(c.limit).toBeDefined();
    }
  });

  it('a second verify of an intent whose order exists is a duplicate: audited, no rejection event, nothing re-sent', async () => {
    const h = harness();
    const intent = await longIntent(h);
    await verifyOrderIntent(h.verifyDeps, intent);
    for (const a of h.approvedOrders.take()) await executeApprovedOrder(h.executeDeps, a);
    const again = await verifyOrderIntent(h.verifyDeps, intent);
    expect(again.kind).toBe('duplicate');
    expect(again.verdict.failed.map((f) => f.checkId)).toEqual(['duplicateIntent']);
    expect(h.approvedOrders.take()).toEqual([]);
    expect(h.events.ofType('order.rejected')).toEqual([]);
    expect(h.audit.all().map((d) => d.approved)).toEqual([true, false]); // the approval is kept
    expect(h.broker.createdOrders).toHaveLength(1);
  });

  it('repeats the first decision when an approved intent comes back before execution, even on a worse snapshot', async () => {
    const h = harness();
    const intent = await longIntent(h);
    const first = await verifyOrderIntent(h.verifyDeps, intent);
    expect(first.kind).toBe('approved');
    h.clock.set(SESSION_OPEN + 8 * 60 * MINUTE); // after the close, the data long stale: a fresh judgement would reject
    const again = await verifyOrderIntent(h.verifyDeps, intent);
    expect(again.kind).toBe('approved');
    expect(h.events.ofType('order.rejected')).toEqual([]);
    const sent = h.approvedOrders.take();
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]); // the same approval, so the FIFO queue de-duplicates it
    for (const a of sent) await executeApprovedOrder(h.executeDeps, a);
    expect(h.broker.createdOrders).toHaveLength(1);
    expect(h.audit.all()).toHaveLength(1);
  });

  it('repeats a rejection, with the same checks and reasons, after the cause went away', async () => {
    const h = harness();
    const intent = await longIntent(h);
    await h.limits.setKillSwitch('paper', engage);
    await verifyOrderIntent(h.verifyDeps, intent);
    await h.limits.setKillSwitch('paper', { ...engage, engaged: false, reason: 'drill over' });
    const again = await verifyOrderIntent(h.verifyDeps, intent);
    expect(again.kind).toBe('rejected');
    const [first, second] = h.events.ofType('order.rejected');
    expect(second).toEqual(first);
    expect(h.approvedOrders.sent).toEqual([]);
  });

  it('records a broker rejection and publishes it at stage broker', async () => {
    const h = harness();
    const approved = await approvedOrder(h);
    h.broker.rejectNext('insufficient buying power', 403);
    expect(await executeApprovedOrder(h.executeDeps, approved)).toMatchObject({ kind: 'rejected', httpStatus: 403 });
    expect(await h.orders.get(approved.clientOrderId)).toMatchObject({ status: 'rejected', rejectionReason: 'insufficient buying power' });
    expect(h.events.ofType('order.rejected')).toEqual([
      expect.objectContaining({ stage: 'broker', failedChecks: [expect.objectContaining({ checkId: 'broker', reason: 'insufficient buying power', measured: 'HTTP 403' })] }),
    ]);
    expect(await executeApprovedOrder(h.executeDeps, approved)).toMatchObject({ kind: 'already-handled' });
  });

  it('records the existing broker order when the broker answers duplicate', async () => {
    const h = harness();
    const approved = await approvedOrder(h);
    await executeApprovedOrder(h.executeDeps, approved);
    // A store that lost the record (restored from backup) still cannot cause a second order.
    const fresh = new InMemoryOrderStore();
    const outcome = await executeApprovedOrder({ ...h.executeDeps, orders: fresh }, approved);
    expect(outcome).toMatchObject({ kind: 'submitted', recovered: true });
    expect(h.broker.createdOrders).toHaveLength(1);
    expect((await fresh.get(approved.clientOrderId))?.brokerOrderId).toBe(h.broker.createdOrders[0]?.brokerOrderId);
  });
});

describe('reconcileAccount', () => {
  it('replaces positions, moves orders forward once and never backwards', async () => {
    const h = harness();
    const approved = await approvedOrder(h);
    await executeApprovedOrder(h.executeDeps, approved);
    h.clock.advance(MINUTE);
    await h.broker.updateOrder(approved.clientOrderId, 'partially_filled', '40', 101);
    const first = await reconcileAccount(h.reconcileDeps);
    expect(first).toMatchObject({ positions: 1, ordersSeen: 1, ordersUpdated: 1, unknownOrders: [] });
    expect(await h.positions.list('paper')).toEqual([expect.objectContaining({ symbol: 'SPY', quantity: '40' })]);
    h.clock.advance(MINUTE);
    await h.broker.updateOrder(approved.clientOrderId, 'filled', approved.intent.quantity, 101);
    const second = await reconcileAccount(h.reconcileDeps, { since: first.watermark });
    expect(second.ordersUpdated).toBe(1);
    expect((await h.orders.get(approved.clientOrderId))?.status).toBe('filled');
    expect(await reconcileAccount(h.reconcileDeps)).toMatchObject({ ordersUpdated: 0 });
    // A stale report (the broker replaying an older state) does not move the order back.
    await h.orders.applyBrokerState(approved.clientOrderId, { status: 'accepted', filledQuantity: '0', updatedAt: 0 });
    expect((await h.orders.get(approved.clientOrderId))?.status).toBe('filled');
    const updates = h.events.ofType('order.updated');
    expect(updates.map((u) => [u.status, u.filledQuantity])).toEqual([
      ['partially_filled', '40'],
      ['filled', approved.intent.quantity],
    ]);
    expect(updates[0]?.intentId).toBe(approved.intent.intentId);
  });

  it('reports broker orders it did not place', async () => {
    const h = harness();
    await h.broker.submitOrder({ clientOrderId: 'manual-1', symbol: 'SPY', side: 'buy', orderType: 'market', timeInForce: 'day', quantity: '1' });
    expect(await reconcileAccount(h.reconcileDeps)).toMatchObject({ unknownOrders: ['manual-1'], ordersUpdated: 0 });
  });
});

describe('scheduledRoutine', () => {
  const h = harness();
  const ny = (date: string, hhmm: string): number => {
    const s = h.calendar.session(date);
    if (s === undefined) return Date.parse(`${date}T${hhmm}:00-05:00`);
    return s.open + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)) - 570) * MINUTE;
  };
  it.each([
    ['pre-market', '2024-01-02', '08:00', 'started'],
    ['pre-market', '2024-01-02', '10:00', 'skipped'],
    ['open', '2024-01-02', '09:30', 'started'],
    ['intraday', '2024-01-02', '09:30', 'skipped'], // no session bar has closed yet
    ['intraday', '2024-01-02', '09:31', 'started'],
    ['intraday', '2024-01-02', '16:00', 'started'], // collects the 15:59 bar
    ['intraday', '2024-11-29', '12:59', 'started'],
    ['intraday', '2024-11-29', '13:00', 'started'], // early close: the 12:59 bar
    ['intraday', '2024-11-29', '13:01', 'skipped'],
    ['intraday', '2024-11-28', '11:00', 'skipped'], // Thanksgiving
    ['intraday', '2024-11-30', '11:00', 'skipped'], // Saturday
    ['close', '2024-11-29', '13:05', 'started'],
    ['close', '2024-01-02', '15:59', 'skipped'],
    ['close', '2024-01-02', '16:05', 'started'],
    ['nightly', '2024-12-25', '22:00', 'skipped'],
  ] as const)('%s on %s at %s New York is %s', (routine, date, hhmm, expected) => {
    const at = ny(date, hhmm);
    const decision = scheduledRoutine(h.calendar, routine, at);
    expect(decision.kind).toBe(expected);
    if (decision.kind === 'started') expect(decision.event).toEqual({ schema: 'RoutineStartedV1', routine, sessionDate: date, at });
    else expect(decision.reason.length).toBeGreaterThan(10);
  });
});
