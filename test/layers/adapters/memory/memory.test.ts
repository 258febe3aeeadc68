import {
  InMemoryIdempotencyStore,
  InMemoryLimitsStore,
  InMemoryOrderStore,
  InMemoryStrategyStateStore,
  ManualClock,
  RecordingEventPublisher,
} from '../../../../layers/adapters/memory';
import type { OrderRecord } from '../../../../layers/core/ports';

const order: OrderRecord = {
  clientOrderId: 'c1', intentId: 'i1', accountId: 'paper', strategyId: 's', symbol: 'SPY', side: 'buy', quantity: '1',
  orderType: 'market', timeInForce: 'day', status: 'claimed', filledQuantity: '0', createdAt: 1, updatedAt: 1,
};

describe('in-memory adapters keep DynamoDB-like conditional semantics', () => {
  it('order claim is a conditional create; updates never go backwards', async () => {
    const s = new InMemoryOrderStore();
    expect(await s.claim(order)).toEqual({ kind: 'claimed' });
    expect(await s.claim({ ...order, quantity: '2' })).toEqual({ kind: 'exists', existing: order });
    await s.applyBrokerState('c1', { status: 'filled', filledQuantity: '1', brokerOrderId: 'b1', updatedAt: 5 });
    await s.applyBrokerState('c1', { status: 'accepted', filledQuantity: '0', updatedAt: 6 });
    expect(await s.get('c1')).toMatchObject({ status: 'filled', filledQuantity: '1', brokerOrderId: 'b1', updatedAt: 5 });
    await expect(s.applyBrokerState('nope', { updatedAt: 1 })).rejects.toThrow();
  });

  it('strategy state saves only at the expected version', async () => {
    const s = new InMemoryStrategyStateStore();
    expect(await s.save({ strategyId: 'a', symbol: 'SPY', state: { n: 1 }, version: 0 }, 0)).toBe(true);
    expect(await s.save({ strategyId: 'a', symbol: 'SPY', state: { n: 2 }, version: 0 }, 0)).toBe(false);
    expect(await s.load('a', 'SPY')).toEqual({ strategyId: 'a', symbol: 'SPY', state: { n: 1 }, version: 1 });
  });

  it('limits are versioned with optimistic concurrency; the kill switch starts released', async () => {
    const s = new InMemoryLimitsStore();
    expect((await s.killSwitch('x')).engaged).toBe(false);
    const v0 = await s.currentLimits('x');
    expect(v0.version).toBe(0);
    const meta = { changedBy: 'a', reason: 'r', changedAt: 1 };
    expect(await s.putLimits('x', v0.limits, 0, meta)).toEqual({ kind: 'stored', version: 1 });
    expect(await s.putLimits('x', v0.limits, 0, meta)).toEqual({ kind: 'conflict', currentVersion: 1 });
  });

  it('publisher validates against the event catalogue; idempotency marks once; clock moves by hand', async () => {
    const p = new RecordingEventPublisher();
    await expect(p.publish('routine.started', { schema: 'RoutineStartedV1', routine: 'open', sessionDate: 'bad', at: 1 })).rejects.toThrow();
    expect(p.events).toEqual([]);
    const i = new InMemoryIdempotencyStore();
    expect([await i.markOnce('a', 1), await i.markOnce('a', 1)]).toEqual([true, false]);
    const c = new ManualClock(10);
    c.advance(5);
    expect(await c.now()).toBe(15);
  });
});
