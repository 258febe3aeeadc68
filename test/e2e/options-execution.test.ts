import { DEFAULT_RISK_LIMITS, EVENT_BUS_NAME, OptionsStrategyProposedV1, type RoutineStartedV1, type SignalGeneratedV1 } from '../../layers/contracts';
import { container } from '../../layers/adapters/runtime/container';
import { clientOrderIdFor } from '../../layers/core/execution';
import type { LocalTradeloop } from '../../local/runtime/local-tradeloop';
import { callControlApi, newYork, startOnTestStandins } from './support';

/**
 * A multi-leg proposal with auto-submit on, end to end on the embedded default: signal.generated → options
 * correlator (GOOG 2015-12-24 chain from the paper broker) → order-intents → verify-trade (the account's options
 * level from the paper broker's /v2/account) → orders → execute-order (one Alpaca `order_class: mleg` order with
 * a deterministic client order id) → the paper broker fills it on the shipped option quotes → reconcile stores
 * one position per OCC leg. Run once with single delivery and once with every event and SQS batch delivered
 * twice: both place exactly one broker order for the intent.
 */
async function proposeAndExecute(duplicateDeliveries: boolean, optionCollarBps = DEFAULT_RISK_LIMITS.optionPriceCollarBps) {
  const at = newYork('2015-12-24T10:00');
  const tradeloop: LocalTradeloop = await startOnTestStandins({ symbols: ['GOOG'], fromDate: '2015-12-24', toDate: '2015-12-24', startingCash: '250000', optionsAutoSubmit: true, duplicateDeliveries });
  try {
    const proposals: OptionsStrategyProposedV1[] = [];
    const rejections: unknown[] = [];
    tradeloop.bus.onEvent((event) => {
      if (event['detail-type'] === 'options.strategy.proposed') proposals.push(OptionsStrategyProposedV1.parse(event.detail));
      if (event['detail-type'] === 'order.rejected') rejections.push(event.detail);
    });
    // The correlator limits a spread at its taker net; on GOOG's wide Christmas-Eve quotes that is 2.90 over a
    // 19.40 net mid, 1 300 bps of the 2 230 max loss: inside the default option collar (2 000 bps), outside a
    // 500 bps one (see the verify test below).
    const put = await callControlApi(tradeloop, 'PUT', '/limits', { limits: { ...DEFAULT_RISK_LIMITS, optionPriceCollarBps: optionCollarBps }, expectedVersion: 0, reason: 'e2e: the option collar under test' });
    if (put.status !== 200) throw new Error(`PUT /limits: ${put.status} ${JSON.stringify(put.body)}`);
    tradeloop.broker.advanceTo(at);
    const signal: SignalGeneratedV1 = {
      schema: 'SignalGeneratedV1',
      signalId: 'e2e:GOOG:exec',
      accountId: tradeloop.accountId,
      strategyId: 'e2e',
      strategyVersion: '1',
      symbol: 'GOOG',
      direction: 'long',
      strength: 0.8,
      referencePrice: '747.09',
      barStart: at - 60_000,
      generatedAt: at,
      reason: 'e2e',
    };
    tradeloop.bus.putEvents([{ Source: 'tradeloop.signals', DetailType: 'signal.generated', Detail: JSON.stringify(signal), EventBusName: EVENT_BUS_NAME }]);
    await tradeloop.settle();

    // Fills happen on later minutes: move the broker on, then a routine reconciles from broker truth.
    tradeloop.broker.advanceTo(newYork('2015-12-24T10:10'));
    const open: RoutineStartedV1 = { schema: 'RoutineStartedV1', routine: 'open', sessionDate: '2015-12-24', at: newYork('2015-12-24T10:10') };
    tradeloop.bus.putEvents([{ Source: 'tradeloop.calendar', DetailType: 'routine.started', Detail: JSON.stringify(open), EventBusName: EVENT_BUS_NAME }]);
    await tradeloop.settle();

    const positions = await container().aws.stores.positions.list(tradeloop.accountId);
    const record = proposals[0] === undefined ? undefined : await container().aws.stores.orders.get(clientOrderIdFor(proposals[0].intent.intentId));
    return {
      proposals,
      rejections,
      orders: tradeloop.broker.orders(),
      brokerPositions: tradeloop.broker.positions(),
      positions,
      record,
      failures: tradeloop.failures.all(),
      dead: await tradeloop.deadLetterCounts(),
      invocations: { ...tradeloop.invocations },
    };
  } finally {
    await tradeloop.stop();
  }
}

describe('a multi-leg proposal with auto-submit goes verify → execute → paper fill → reconcile', () => {
  it('places one mleg order, fills it, reconciles the option positions; duplicate delivery places the same single order', async () => {
    const once = await proposeAndExecute(false);
    expect(once.failures).toEqual([]);
    expect(once.rejections).toEqual([]);
    const proposal = once.proposals[0];
    expect(proposal?.submitted).toBe(true);
    const legs = proposal?.intent.multiLeg?.legs ?? [];
    expect(legs).toHaveLength(2);

    expect(once.orders).toHaveLength(1);
    const order = once.orders[0] as Record<string, unknown>;
    expect(order).toMatchObject({ order_class: 'mleg', status: 'filled', qty: proposal?.intent.quantity, type: 'limit' });
    expect((order['legs'] as Record<string, unknown>[]).map((l) => l['symbol'])).toEqual(legs.map((l) => l.contractSymbol));
    // A debit spread: the net paid is at most the limit.
    expect(Number(order['filled_avg_price'])).toBeLessThanOrEqual(Number(proposal?.intent.limitPrice));

    // Reconcile stored broker truth: one position per OCC leg, long the bought leg, short the sold one.
    const units = Number(proposal?.intent.quantity);
    expect(once.positions.map((p) => [p.symbol, Number(p.quantity)]).sort()).toEqual(legs.map((l) => [l.contractSymbol, (l.side === 'buy' ? 1 : -1) * l.ratio * units]).sort());
    expect(once.record).toMatchObject({ status: 'filled', filledQuantity: proposal?.intent.quantity });
    expect(Object.values(once.dead).reduce((a, b) => a + b, 0)).toBe(0);

    const twice = await proposeAndExecute(true);
    expect(twice.failures).toEqual([]);
    expect(twice.invocations['execute-order'] ?? 0).toBeGreaterThanOrEqual(2 * (once.invocations['execute-order'] ?? 0));
    expect(twice.orders.map((o) => o.client_order_id)).toEqual(once.orders.map((o) => o.client_order_id));
    expect(twice.positions.map((p) => [p.symbol, p.quantity]).sort()).toEqual(once.positions.map((p) => [p.symbol, p.quantity]).sort());
    expect(Object.values(twice.dead).reduce((a, b) => a + b, 0)).toBe(0);
  }, 240_000);

  it('with a 500 bps option collar verify-trade rejects the same spread on priceCollar alone, and nothing is placed', async () => {
    const run = await proposeAndExecute(false, 500);
    expect(run.orders).toEqual([]);
    expect(run.rejections).toHaveLength(1);
    expect((run.rejections[0] as { failedChecks: { checkId: string }[] }).failedChecks.map((c) => c.checkId)).toEqual(['priceCollar']);
  }, 120_000);
});
