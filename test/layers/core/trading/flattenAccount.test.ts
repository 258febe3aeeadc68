import { ApprovedOrderV1, DEFAULT_RISK_LIMITS, OrderIntentV1 } from '../../../../layers/contracts';
import { clientOrderIdFor } from '../../../../layers/core/execution';
import { executeApprovedOrder } from '../../../../layers/core/trading';
import { FLATTEN_STRATEGY_ID, flattenAccount, flattenAuditKey, flattenIntents, type FlattenDeps } from '../../../../layers/core/trading/flattenAccount';
import { ACCOUNT, harness, SESSION_OPEN } from './harness';

const ENGAGED_AT = SESSION_OPEN + 5 * 60_000;
const request = { engagedAt: ENGAGED_AT, actor: 'ops@example.com', reason: 'flatten drill' };

function setup() {
  const h = harness();
  h.clock.set(ENGAGED_AT + 1_000);
  h.broker.prices.set('SPY', 100);
  h.broker.prices.set('IBM', 150);
  h.broker.setPosition('SPY', '300', '95');
  h.broker.setPosition('IBM', '-40', '160');
  h.broker.setPosition('SPY240119C00470000', '2', '3.10');
  const deps: FlattenDeps = { clock: h.clock, broker: h.broker, limits: h.limits, intents: h.intents, audit: h.strategyState, config: { accountId: ACCOUNT } };
  return { h, deps };
}

const approve = (intent: OrderIntentV1): ApprovedOrderV1 => ({ schema: 'ApprovedOrderV1', intent, clientOrderId: clientOrderIdFor(intent.intentId), policyVersion: 0, approvedAt: ENGAGED_AT });

describe('flattenIntents', () => {
  it('closes the whole position in chunks within maxOrderQuantity and maxOrderNotional, with deterministic valid ids', () => {
    const position = { symbol: 'SPY', quantity: '300.5', averageEntryPrice: '95', marketValue: '30050', currentPrice: '100', unrealizedPl: '0' };
    const intents = flattenIntents(position, { ...DEFAULT_RISK_LIMITS, maxOrderNotional: '25000', maxOrderQuantity: '1000' }, { accountId: ACCOUNT, engagedAt: ENGAGED_AT, now: ENGAGED_AT });
    expect(intents.map((i) => [i.side, i.quantity])).toEqual([['sell', '250'], ['sell', '50.5']]);
    for (const intent of intents) {
      expect(OrderIntentV1.parse(intent)).toEqual(intent);
      expect(intent).toMatchObject({ strategyId: FLATTEN_STRATEGY_ID, exit: { source: 'flatten', attempt: 1 }, orderType: 'market' });
    }
    expect(flattenIntents(position, DEFAULT_RISK_LIMITS, { accountId: ACCOUNT, engagedAt: ENGAGED_AT, now: ENGAGED_AT + 9 }).map((i) => i.intentId)).toEqual(intents.map((i) => i.intentId));
    expect(flattenIntents({ ...position, quantity: '-7' }, DEFAULT_RISK_LIMITS, { accountId: ACCOUNT, engagedAt: ENGAGED_AT, now: ENGAGED_AT })).toEqual([expect.objectContaining({ side: 'buy', quantity: '7' })]);
  });
});

describe('flattenAccount', () => {
  it('cancels working orders, sends closing intents for every equity position, skips options, and records the request', async () => {
    const { h, deps } = setup();
    await h.broker.submitOrder({ clientOrderId: 'strategy-buy', symbol: 'SPY', side: 'buy', orderType: 'limit', timeInForce: 'day', quantity: '10', limitPrice: '99' });
    const result = await flattenAccount(deps, request);
    expect(result.canceled).toHaveLength(1);
    expect((await h.broker.orderByClientId('strategy-buy'))?.status).toBe('canceled');
    expect(h.intents.sent.map((i) => [i.symbol, i.side, i.quantity])).toEqual([['SPY', 'sell', '250'], ['SPY', 'sell', '50'], ['IBM', 'buy', '40']]);
    expect(result.skipped).toEqual([expect.objectContaining({ symbol: 'SPY240119C00470000', quantity: '2' })]);
    const audit = await h.strategyState.load<{ actor: string; intents: unknown[] }>(flattenAuditKey(ACCOUNT), new Date(ENGAGED_AT + 1_000).toISOString());
    expect(audit?.state).toMatchObject({ actor: 'ops@example.com', intents: expect.arrayContaining([expect.objectContaining({ symbol: 'IBM', quantity: '40' })]) });
  });

  it('repeated while its own orders work: keeps them, re-sends the same intent ids, and they execute once', async () => {
    const { h, deps } = setup();
    await h.limits.setKillSwitch(ACCOUNT, { engaged: true, reason: 'flatten drill', actor: 'ops', changedAt: ENGAGED_AT });
    const first = await flattenAccount(deps, request);
    for (const intent of first.intents) expect(await executeApprovedOrder(h.executeDeps, approve(intent))).toMatchObject({ kind: 'submitted' });
    expect(h.broker.createdOrders).toHaveLength(3); // accepted, not filled yet: still working

    h.clock.set(ENGAGED_AT + 30_000);
    const second = await flattenAccount(deps, request);
    expect(second.canceled).toEqual([]);
    expect(second.kept).toHaveLength(3);
    expect(second.intents.map((i) => i.intentId)).toEqual(first.intents.map((i) => i.intentId));
    for (const intent of second.intents) expect(await executeApprovedOrder(h.executeDeps, approve(intent))).toMatchObject({ kind: 'already-handled' });
    expect(h.broker.createdOrders).toHaveLength(3);
  });

  it('after the closing orders filled, a repeat sends nothing', async () => {
    const { h, deps } = setup();
    await h.limits.setKillSwitch(ACCOUNT, { engaged: true, reason: 'flatten drill', actor: 'ops', changedAt: ENGAGED_AT });
    h.broker.fillMode = 'fill';
    const first = await flattenAccount(deps, request);
    for (const intent of first.intents) await executeApprovedOrder(h.executeDeps, approve(intent));
    expect((await h.broker.positions()).map((p) => p.symbol)).toEqual(['SPY240119C00470000']);
    h.intents.take();
    const again = await flattenAccount(deps, request);
    expect(again.intents).toEqual([]);
    expect(h.intents.take()).toEqual([]);
  });
});
