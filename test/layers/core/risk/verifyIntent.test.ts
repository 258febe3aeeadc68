import { DEFAULT_RISK_LIMITS, type OrderIntentV1 } from '../../../../layers/contracts';
import { nyseCalendar } from '../../../../layers/core/market';
import type { OrderRecord } from '../../../../layers/core/ports';
import { checkResult, PRE_TRADE_CHECKS, type PreTradeCheck, type PreTradeContext, verifyIntent } from '../../../../layers/core/risk';

const NOW = Date.UTC(2024, 0, 2, 14, 35); // 09:35 New York, a trading day
const intent: OrderIntentV1 = {
  schema: 'OrderIntentV1',
  intentId: 'paper:s:SPY:1',
  accountId: 'paper',
  strategyId: 's',
  signalId: 's:SPY:1',
  symbol: 'SPY',
  side: 'buy',
  quantity: '10',
  orderType: 'market',
  timeInForce: 'day',
  referencePrice: '100',
  marketDataAt: NOW - 30_000,
  createdAt: NOW - 1_000,
};
const context: PreTradeContext = {
  now: NOW,
  calendar: nyseCalendar(),
  killSwitch: { engaged: false, reason: 'x', actor: 'ops', changedAt: 0 },
  limits: { version: 3, limits: DEFAULT_RISK_LIMITS, changedBy: 'ops', reason: 'r', changedAt: 0 },
  account: { accountNumber: 'A', status: 'ACTIVE', cash: '5000', buyingPower: '5000', equity: '1000000', lastEquity: '1000000', tradingBlocked: false, patternDayTrader: false },
  positions: [],
  lastTrade: { price: 100.2, at: NOW - 5_000 },
};
const failedIds = (i: OrderIntentV1, c: PreTradeContext) => verifyIntent(i, c).failed.map((f) => f.checkId);

describe('verifyIntent', () => {
  it('approves a sound intent and reports every check with the policy version', () => {
    const v = verifyIntent(intent, context);
    expect(v.failed).toEqual([]);
    expect(v.approved).toBe(true);
    expect(v.policyVersion).toBe(3);
    expect(v.checks.map((c) => c.checkId).sort()).toEqual(PRE_TRADE_CHECKS.map((c) => c.checkId).sort());
    expect(v.checks.length).toBeGreaterThanOrEqual(10);
  });

  it.each<[string, Partial<OrderIntentV1>, Partial<PreTradeContext>]>([
    ['killSwitch', {}, { killSwitch: { engaged: true, reason: 'drill', actor: 'ops', changedAt: 1 } }],
    ['accountTradable', {}, { account: { ...context.account, tradingBlocked: true } }],
    ['marketOpen', { marketDataAt: Date.UTC(2024, 0, 2, 20, 59) }, { now: Date.UTC(2024, 0, 2, 21, 0) }],
    ['staleMarketData', { marketDataAt: NOW - 181_000 }, {}],
    ['buyingPower', { quantity: '51' }, {}],
    ['maxOrderNotional', { quantity: '300' }, { account: { ...context.account, buyingPower: '1000000' } }],
    ['maxOrderQuantity', { quantity: '1001', referencePrice: '1' }, { lastTrade: { price: 1, at: NOW } }],
    ['restrictedSymbol', {}, { limits: { ...context.limits, limits: { ...DEFAULT_RISK_LIMITS, restrictedSymbols: ['SPY'] } } }],
    ['priceCollar', { referencePrice: '106' }, { account: { ...context.account, buyingPower: '100000' } }],
    ['priceCollar', {}, { lastTrade: undefined }],
  ])('fails %s with a reason, measured value and limit', (checkId, intentPatch, contextPatch) => {
    const c = { ...context, ...contextPatch };
    if ('lastTrade' in contextPatch && contextPatch.lastTrade === undefined) delete (c as { lastTrade?: unknown }).lastTrade;
    const v = verifyIntent({ ...intent, ...intentPatch }, c);
    expect(v.approved).toBe(false);
    expect(v.failed.map((f) => f.checkId)).toEqual([checkId]);
    expect(v.failed[0]?.reason.length).toBeGreaterThan(5);
    expect(v.failed[0]?.measured).toBeDefined();
  });

  it('measures the price collar in basis points against an independent figure', () => {
    // |106 − 100.2| / 100.2 × 10 000 = 578.84 bps > 500.
    const v = verifyIntent({ ...intent, referencePrice: '106', quantity: '1' }, context);
    const collar = v.checks.find((c) => c.checkId === 'priceCollar');
    expect(collar?.measured).toBe('578.84');
    expect(collar?.limit).toBe('500');
  });

  it('judges post-trade position notional but lets reducing orders through', () => {
    const big = { ...context, positions: [{ symbol: 'SPY', quantity: '600' }], account: { ...context.account, buyingPower: '1e6' } };
    expect(failedIds(intent, big)).toEqual(['maxPositionNotional']); // 610 × 100 = 61 000 > 50 000
    expect(failedIds({ ...intent, side: 'sell' }, big)).toEqual([]);
  });

  it('rejects an intent that already has an order', () => {
    const existing = { clientOrderId: 'c', status: 'accepted' } as unknown as OrderRecord;
    expect(failedIds(intent, { ...context, existingOrder: existing })).toEqual(['duplicateIntent']);
  });

  it('reports every failure, not just the first, and fails closed on a throwing check', () => {
    const v = verifyIntent({ ...intent, quantity: '2000', marketDataAt: 0 }, { ...context, killSwitch: { ...context.killSwitch, engaged: true } });
    expect(v.failed.map((f) => f.checkId)).toEqual(expect.arrayContaining(['killSwitch', 'staleMarketData', 'maxOrderQuantity', 'maxOrderNotional', 'buyingPower']));
    const broken: PreTradeCheck = { checkId: 'broken', description: 'throws', evaluate: () => { throw new Error('boom'); } };
    const extra: PreTradeCheck = { checkId: 'extra', description: 'passes', evaluate: () => checkResult('extra', true, 'ok') };
    const r = verifyIntent(intent, context, [...PRE_TRADE_CHECKS, extra, broken]);
    expect(r.failed).toEqual([expect.objectContaining({ checkId: 'broken', reason: expect.stringContaining('boom') })]);
    expect(verifyIntent(intent, context, []).approved).toBe(false);
  });
});
