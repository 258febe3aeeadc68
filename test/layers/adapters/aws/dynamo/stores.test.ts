import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { provisionLocalResources } from '../../../../../local/provision';
import { createDynamoStores, policyVersionItem, type DynamoStores } from '../../../../../layers/adapters/aws/dynamo';
import { createDocumentClient } from '../../../../../layers/adapters/aws/clients';
import { DEFAULT_RISK_LIMITS, physicalName } from '../../../../../layers/contracts';
import type { OrderRecord, PositionRecord, SignalRecord } from '../../../../../layers/core/ports';
import { orderIntent } from '../../../../support/order-intent';

const prefix = `stores${Date.now().toString(36)}-`;
let nowMs = 1_700_000_000_000;
let stores: DynamoStores;

beforeAll(async () => {
  await provisionLocalResources({ prefix });
  stores = createDynamoStores({ tablePrefix: prefix, now: () => nowMs });
});

const order = (id: string, over: Partial<OrderRecord> = {}): OrderRecord => ({
  clientOrderId: id,
  intentId: `intent-${id}`,
  accountId: 'acct1',
  strategyId: 'sma',
  symbol: 'SPY',
  side: 'buy',
  quantity: '10',
  orderType: 'market',
  timeInForce: 'day',
  status: 'claimed',
  filledQuantity: '0',
  createdAt: 1000,
  updatedAt: 1000,
  ...over,
});

describe('DynamoOrderStore', () => {
  it('claims once and returns the existing order to the second claimant', async () => {
    expect(await stores.orders.claim(order('c1'))).toEqual({ kind: 'claimed' });
    const second = await stores.orders.claim(order('c1', { quantity: '99' }));
    expect(second.kind).toBe('exists');
    expect(second.kind === 'exists' && second.existing.quantity).toBe('10');
    expect(await stores.orders.get('missing')).toBeUndefined();
  });

  it('applies forward updates and never moves an order backwards', async () => {
    await stores.orders.claim(order('c2', { updatedAt: 5000 }));
    // From claimed any broker update is accepted, even with an earlier broker timestamp.
    await stores.orders.applyBrokerState('c2', { status: 'new', brokerOrderId: 'b2', updatedAt: 4000 });
    await stores.orders.applyBrokerState('c2', { status: 'partially_filled', filledQuantity: '4', updatedAt: 6000 });
    // An older update arriving late is ignored.
    await stores.orders.applyBrokerState('c2', { status: 'new', filledQuantity: '0', updatedAt: 4500 });
    expect(await stores.orders.get('c2')).toMatchObject({ status: 'partially_filled', filledQuantity: '4', brokerOrderId: 'b2' });
    await stores.orders.applyBrokerState('c2', { status: 'filled', filledQuantity: '10', filledAveragePrice: '168.1', updatedAt: 7000 });
    // A terminal status stays even against a newer update.
    await stores.orders.applyBrokerState('c2', { status: 'canceled', updatedAt: 9000 });
    const stored = await stores.orders.get('c2');
    expect(stored).toMatchObject({ status: 'filled', filledQuantity: '10', filledAveragePrice: '168.1', updatedAt: 7000 });
    // Identity fields are never touched by broker updates; unknown orders are ignored.
    await stores.orders.applyBrokerState('nope', { status: 'filled', updatedAt: 1 });
    expect(await stores.orders.get('nope')).toBeUndefined();
  });

  it('lists an account\'s orders newest first', async () => {
    await stores.orders.claim(order('l1', { accountId: 'acctL', createdAt: 10 }));
    await stores.orders.claim(order('l2', { accountId: 'acctL', createdAt: 30 }));
    await stores.orders.claim(order('l3', { accountId: 'acctL', createdAt: 20 }));
    const listed = await stores.orders.listByAccount('acctL', 2);
    expect(listed.map((o) => o.clientOrderId)).toEqual(['l2', 'l3']);
  });
});

describe('DynamoPositionStore', () => {
  const position = (symbol: string, quantity: string): PositionRecord => ({
    accountId: 'acctP',
    symbol,
    quantity,
    averageEntryPrice: '100',
    marketValue: '1000',
    unrealizedPl: '0',
    updatedAt: 1,
  });

  it('replaces positions with broker truth, removing the missing ones', async () => {
    await stores.positions.replaceAll('acctP', [position('SPY', '10'), position('IBM', '5'), position('BAC', '-3')]);
    await stores.positions.replaceAll('acctP', [position('SPY', '12'), position('AIG', '1')]);
    const listed = await stores.positions.list('acctP');
    expect(listed.map((p) => `${p.symbol}:${p.quantity}`).sort()).toEqual(['AIG:1', 'SPY:12']);
    await stores.positions.replaceAll('acctP', []);
    expect(await stores.positions.list('acctP')).toEqual([]);
  });

  it('handles more positions than one batch write', async () => {
    const many = Array.from({ length: 30 }, (_, i) => position(`S${i}`, String(i + 1)));
    await stores.positions.replaceAll('acctP', many);
    expect(await stores.positions.list('acctP')).toHaveLength(30);
  });
});

describe('DynamoSignalStore', () => {
  const signal = (id: string, generatedAt: number): SignalRecord => ({
    signalId: id,
    strategyId: 'sma',
    symbol: 'SPY',
    direction: 'long',
    strength: 0.5,
    referencePrice: '168.10',
    barStart: generatedAt - 60_000,
    generatedAt,
    reason: 'cross',
  });

  it('records a signal once and lists recent ones newest first', async () => {
    expect(await stores.signals.putOnce(signal('s1', 100), 3600)).toBe(true);
    expect(await stores.signals.putOnce(signal('s1', 100), 3600)).toBe(false);
    expect(await stores.signals.putOnce(signal('s2', 200), 3600)).toBe(true);
    const recent = await stores.signals.recent('sma', 10);
    expect(recent.map((s) => s.signalId)).toEqual(['s2', 's1']);
    expect(recent[0]).toEqual(signal('s2', 200));
  });

  it('treats an expired but not yet deleted signal as absent', async () => {
    expect(await stores.signals.putOnce(signal('s3', 300), 60)).toBe(true);
    nowMs += 61_000;
    expect(await stores.signals.putOnce(signal('s3', 300), 60)).toBe(true);
  });
});

describe('DynamoStrategyStateStore', () => {
  it('saves with an optimistic version and refuses a lost race', async () => {
    expect(await stores.strategyState.load('sma', 'SPY')).toBeUndefined();
    expect(await stores.strategyState.save({ strategyId: 'sma', symbol: 'SPY', state: { ema: 1.5 }, version: 1 }, 0)).toBe(true);
    expect(await stores.strategyState.save({ strategyId: 'sma', symbol: 'SPY', state: { ema: 9 }, version: 1 }, 0)).toBe(false);
    const loaded = await stores.strategyState.load<{ ema: number }>('sma', 'SPY');
    expect(loaded).toEqual({ strategyId: 'sma', symbol: 'SPY', state: { ema: 1.5 }, version: 1 });
    expect(await stores.strategyState.save({ strategyId: 'sma', symbol: 'SPY', state: { ema: 2 }, version: 2 }, 1)).toBe(true);
    expect(await stores.strategyState.save({ strategyId: 'sma', symbol: 'SPY', state: { ema: 3 }, version: 2 }, 1)).toBe(false);
    expect((await stores.strategyState.load<{ ema: number }>('sma', 'SPY'))?.state.ema).toBe(2);
  });
});

describe('DynamoRiskAuditStore', () => {
  const intent = orderIntent({ intentId: 'i1', accountId: 'acctR', signalId: 'sig', marketDataAt: 1, createdAt: 2 });

  it('records decisions and lists them newest first', async () => {
    const decision = {
      intentId: 'i1',
      accountId: 'acctR',
      symbol: 'SPY',
      decidedAt: 10,
      approved: false,
      policyVersion: 3,
      checks: [{ checkId: 'max-notional', passed: false, reason: 'too big', measured: '30000', limit: '25000' }],
      intent,
    };
    await stores.riskAudit.record(decision);
    await stores.riskAudit.record({ ...decision, intentId: 'i2', decidedAt: 20, approved: true, intent: { ...intent, intentId: 'i2' } });
    const listed = await stores.riskAudit.listByAccount('acctR', 10);
    expect(listed.map((d) => d.intentId)).toEqual(['i2', 'i1']);
    expect(listed[1]).toEqual(decision);
  });

  it('finds the first decision of an intent, however many came after it', async () => {
    const base = { intentId: 'i9', accountId: 'acctF', symbol: 'SPY', policyVersion: 1, checks: [], intent: { ...intent, intentId: 'i9' } };
    expect(await stores.riskAudit.firstDecision('i9')).toBeUndefined();
    await stores.riskAudit.record({ ...base, decidedAt: 30, approved: false });
    await stores.riskAudit.record({ ...base, decidedAt: 20, approved: true });
    await stores.riskAudit.record({ ...base, decidedAt: 40, approved: false });
    expect(await stores.riskAudit.firstDecision('i9')).toMatchObject({ decidedAt: 20, approved: true });
  });
});

describe('DynamoLimitsStore', () => {
  const meta = { changedBy: 'ops', reason: 'tighten', changedAt: 5 };

  it('defaults: released kill switch and policy version 0', async () => {
    expect((await stores.limits.killSwitch('acctK')).engaged).toBe(false);
    expect(await stores.limits.currentLimits('acctK')).toMatchObject({ version: 0, limits: DEFAULT_RISK_LIMITS });
  });

  it('engages and releases the kill switch', async () => {
    await stores.limits.setKillSwitch('acctK', { engaged: true, reason: 'drawdown', actor: 'ops', changedAt: 7 });
    expect(await stores.limits.killSwitch('acctK')).toEqual({ engaged: true, reason: 'drawdown', actor: 'ops', changedAt: 7 });
  });

  it('stores versions with optimistic concurrency and keeps the history', async () => {
    const v1 = { ...DEFAULT_RISK_LIMITS, maxOrderQuantity: '500' };
    const v2 = { ...DEFAULT_RISK_LIMITS, maxOrderQuantity: '200' };
    expect(await stores.limits.putLimits('acctV', v1, 0, meta)).toEqual({ kind: 'stored', version: 1 });
    expect(await stores.limits.putLimits('acctV', v2, 0, meta)).toEqual({ kind: 'conflict', currentVersion: 1 });
    expect(await stores.limits.putLimits('acctV', v2, 1, meta)).toEqual({ kind: 'stored', version: 2 });
    expect(await stores.limits.currentLimits('acctV')).toEqual({ version: 2, limits: v2, ...meta });
    expect((await stores.limits.limitsVersion('acctV', 1))?.limits.maxOrderQuantity).toBe('500');
  });

  it('lets exactly one of two concurrent writers win', async () => {
    const results = await Promise.all([
      stores.limits.putLimits('acctC', { ...DEFAULT_RISK_LIMITS, maxOrderQuantity: '1' }, 0, meta),
      stores.limits.putLimits('acctC', { ...DEFAULT_RISK_LIMITS, maxOrderQuantity: '2' }, 0, meta),
    ]);
    expect(results.filter((r) => r.kind === 'stored')).toHaveLength(1);
    const current = await stores.limits.currentLimits('acctC');
    expect(current.version).toBe(1);
    // The pointer always carries the content of its history item.
    expect((await stores.limits.limitsVersion('acctC', 1))?.limits).toEqual(current.limits);
  });

  it('completes a commit abandoned between the two writes instead of blocking forever', async () => {
    // A writer that crashed after step 1: policy#v000001 exists, the pointer does not.
    const orphan = { ...DEFAULT_RISK_LIMITS, maxOrderQuantity: '7' };
    await createDocumentClient().send(
      new PutCommand({
        TableName: physicalName.table(prefix, 'limits'),
        Item: { accountId: 'acctO', item: policyVersionItem(1), version: 1, limits: orphan, changedBy: 'x', reason: 'crashed', changedAt: 1, writeId: 'w' },
      }),
    );
    const next = { ...DEFAULT_RISK_LIMITS, maxOrderQuantity: '8' };
    expect(await stores.limits.putLimits('acctO', next, 0, meta)).toEqual({ kind: 'conflict', currentVersion: 1 });
    expect((await stores.limits.currentLimits('acctO')).limits.maxOrderQuantity).toBe('7');
    expect(await stores.limits.putLimits('acctO', next, 1, meta)).toEqual({ kind: 'stored', version: 2 });
  });
});

describe('DynamoIdempotencyStore', () => {
  it('marks an id once until its TTL passes', async () => {
    expect(await stores.idempotency.markOnce('m1', 60)).toBe(true);
    expect(await stores.idempotency.markOnce('m1', 60)).toBe(false);
    nowMs += 120_000;
    expect(await stores.idempotency.markOnce('m1', 60)).toBe(true);
  });
});
