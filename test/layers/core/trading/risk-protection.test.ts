import { FakeRiskMarketData } from '../../../../layers/adapters/memory/risk-market';
import { DEFAULT_RISK_LIMITS, OrderRejectedV1, RiskLimitsV1, type OrderIntentV1 } from '../../../../layers/contracts';
import type { MinuteBar, OrderRecord } from '../../../../layers/core/ports';
import { ACCOUNT_RISK_STATE_KEY, loadAccountRiskState } from '../../../../layers/core/risk';
import { AUTOMATIC_KILL_SWITCH_ACTOR, protectAgainstLosses, runStrategiesOnBar, verifyOrderIntent } from '../../../../layers/core/trading';
import { ACCOUNT, bar, harness, MINUTE, SESSION_OPEN } from './harness';

const DAY = 86_400_000;

const intent = (patch: Partial<OrderIntentV1> = {}): OrderIntentV1 => ({
  schema: 'OrderIntentV1',
  intentId: `${ACCOUNT}:s:SPY:${patch.createdAt ?? 1}`,
  accountId: ACCOUNT,
  strategyId: 's',
  signalId: 's:SPY:1',
  symbol: 'SPY',
  side: 'buy',
  quantity: '10',
  orderType: 'market',
  timeInForce: 'day',
  referencePrice: '101',
  marketDataAt: SESSION_OPEN + 2 * MINUTE,
  createdAt: SESSION_OPEN + 2 * MINUTE,
  ...patch,
});

/** 70 daily bars ending the session before SESSION_OPEN, alternating ±1 % (annualised vol ≈ 15.9 %), 1M shares a day. */
function dailyBars(symbol: string, lastMove = 0.01): MinuteBar[] {
  const bars: MinuteBar[] = [];
  let close = 100;
  for (let i = 70; i >= 1; i -= 1) {
    close *= i === 1 ? 1 + lastMove : i % 2 === 0 ? 1.01 : 1 / 1.01;
    bars.push({ symbol, start: SESSION_OPEN - i * DAY, open: close, high: close, low: close, close, volume: 1_000_000 });
  }
  return bars;
}

function riskHarness() {
  const h = harness();
  const riskMarket = new FakeRiskMarketData();
  riskMarket.setAsset('SPY');
  riskMarket.daily.set('SPY', dailyBars('SPY'));
  h.clock.set(SESSION_OPEN + 3 * MINUTE);
  h.marketData.setLatestTrade('SPY', 101, SESSION_OPEN + 2 * MINUTE);
  h.broker.prices.set('SPY', 101);
  const verifyDeps = { ...h.verifyDeps, riskMarket, strategyState: h.strategyState };
  const protectionDeps = {
    accountId: ACCOUNT,
    clock: h.clock,
    calendar: h.calendar,
    broker: h.broker,
    limits: h.limits,
    strategyState: h.strategyState,
    events: h.events,
  };
  return { ...h, riskMarket, verifyDeps, protectionDeps };
}

const order = (i: number, patch: Partial<OrderRecord> = {}): OrderRecord => ({
  clientOrderId: `c${i}`,
  intentId: `i${i}`,
  accountId: ACCOUNT,
  strategyId: 's',
  symbol: 'IBM',
  side: 'buy',
  quantity: '1',
  orderType: 'market',
  timeInForce: 'day',
  status: 'filled',
  filledQuantity: '1',
  createdAt: SESSION_OPEN + 2 * MINUTE + 1000 + i,
  updatedAt: SESSION_OPEN + 2 * MINUTE + 1000 + i,
  ...patch,
});

describe('verify-trade builds the risk snapshot from the ports', () => {
  it('judges ADV, volatility, asset flags, order activity and VaR, and audits every check with the policy version', async () => {
    const h = riskHarness();
    const outcome = await verifyOrderIntent(h.verifyDeps, intent());
    expect(outcome.kind).toBe('approved');
    expect(outcome.warnings).toBeUndefined();
    const [decision] = await h.audit.listByAccount(ACCOUNT, 10);
    expect(decision?.policyVersion).toBe(0);
    const byId = new Map(decision?.checks.map((c) => [c.checkId, c]));
    expect(byId.size).toBeGreaterThanOrEqual(20);
    for (const c of decision?.checks ?? []) {
      expect(c.limit).toBeDefined();
      expect(c.measured).toBeDefined();
    }
    // 10 shares of ADV 1 000 000
    expect(byId.get('liquidity')).toMatchObject({ passed: true, measured: '0.00001', limit: '0.01' });
    expect(byId.get('haltedSymbol')).toMatchObject({ passed: true, measured: 'trading' });
    expect(byId.get('volatilityHalt')?.measured).not.toBe('n/a');
    expect(byId.get('orderRatePerMinute')).toMatchObject({ measured: '1', limit: '30' });
    expect(byId.get('postTradeVar')?.reason).toMatch(/parametric/);
  });

  it('rejects with every failed check and reason: halted, illiquid, volatility spike, rate limit', async () => {
    const h = riskHarness();
    h.riskMarket.setAsset('SPY', { tradable: false });
    h.riskMarket.daily.set('SPY', dailyBars('SPY', 0.3).map((b) => ({ ...b, volume: 500 })));
    for (let i = 0; i < 30; i += 1) await h.orders.claim(order(i));
    const outcome = await verifyOrderIntent(h.verifyDeps, intent());
    if (outcome.kind !== 'rejected') throw new Error(`expected a rejection, got ${outcome.kind}`);
    const [event] = h.events.ofType('order.rejected');
    expect(OrderRejectedV1.parse(event)).toEqual(outcome.rejection);
    expect(event?.failedChecks.map((c) => c.checkId).sort()).toEqual(['haltedSymbol', 'liquidity', 'orderRatePerMinute', 'volatilityHalt']);
    for (const c of event?.failedChecks ?? []) expect(c.reason.length).toBeGreaterThan(10);
    const [decision] = await h.audit.listByAccount(ACCOUNT, 10);
    expect(decision?.approved).toBe(false);
    expect(decision?.checks.filter((c) => !c.passed)).toHaveLength(4);
  });

  it('a failing market source leaves its checks "not measured" and reports a warning; fail-closed policies reject', async () => {
    const h = riskHarness();
    h.riskMarket.failWith = new Error('data API down');
    const outcome = await verifyOrderIntent(h.verifyDeps, intent());
    expect(outcome.kind).toBe('approved');
    expect(outcome.warnings?.join(' ')).toMatch(/data API down/);
    await h.limits.putLimits(ACCOUNT, RiskLimitsV1.parse({ ...DEFAULT_RISK_LIMITS, failClosedOnMissingData: true }), 0, { changedBy: 'risk', reason: 'strict', changedAt: 0 });
    const strict = await verifyOrderIntent(h.verifyDeps, intent({ createdAt: 2 }));
    if (strict.kind !== 'rejected') throw new Error('expected a rejection');
    expect(strict.rejection.policyVersion).toBe(1);
    expect(strict.rejection.failedChecks.map((c) => c.checkId)).toEqual(expect.arrayContaining(['haltedSymbol', 'liquidity', 'volatilityHalt', 'postTradeVar']));
  });

  it('applies the strategy override of the intent\'s strategy', async () => {
    const h = riskHarness();
    await h.limits.putLimits(ACCOUNT, RiskLimitsV1.parse({ ...DEFAULT_RISK_LIMITS, strategyOverrides: { s: { maxOrderQuantity: '5' } } }), 0, {
      changedBy: 'risk',
      reason: 'cap s',
      changedAt: 0,
    });
    const capped = await verifyOrderIntent(h.verifyDeps, intent());
    expect(capped.kind === 'rejected' && capped.rejection.failedChecks.map((c) => c.checkId)).toEqual(['maxOrderQuantity']);
    expect((await verifyOrderIntent(h.verifyDeps, intent({ strategyId: 'other', createdAt: 3 }))).kind).toBe('approved');
  });
});

describe('loss protection', () => {
  it('engages the kill switch automatically on a daily-loss breach, with the audited reason, and verify stops', async () => {
    const h = riskHarness();
    h.broker.accountState = { ...h.broker.accountState, equity: '97500', lastEquity: '100000' };
    const summary = await protectAgainstLosses(h.protectionDeps);
    expect(summary.engaged).toBe(true);
    const ks = await h.limits.killSwitch(ACCOUNT);
    expect(ks).toMatchObject({ engaged: true, actor: AUTOMATIC_KILL_SWITCH_ACTOR });
    expect(ks.reason).toMatch(/^auto: daily loss 2500 > limit 2000/);
    const [event] = h.events.ofType('kill-switch.changed');
    expect(event).toMatchObject({ engaged: true, reason: ks.reason, actor: AUTOMATIC_KILL_SWITCH_ACTOR });
    const outcome = await verifyOrderIntent(h.verifyDeps, intent());
    expect(outcome.kind === 'rejected' && outcome.rejection.failedChecks.map((c) => c.checkId)).toEqual(['killSwitch', 'dailyLoss']);
  });

  it('never releases the switch, and does not re-engage for the same breach once an operator released it; a new session does', async () => {
    const h = riskHarness();
    h.broker.accountState = { ...h.broker.accountState, equity: '97500', lastEquity: '100000' };
    await protectAgainstLosses(h.protectionDeps);
    // The operator releases it through the control API (authenticated, with a reason).
    await h.limits.setKillSwitch(ACCOUNT, { engaged: false, reason: 'reviewed, cutting the book by hand', actor: 'arn:aws:iam::1:user/ops', changedAt: SESSION_OPEN + 10 * MINUTE });
    h.clock.set(SESSION_OPEN + 11 * MINUTE);
    expect((await protectAgainstLosses(h.protectionDeps)).engaged).toBe(false);
    expect((await h.limits.killSwitch(ACCOUNT)).engaged).toBe(false);
    // The next session with a new breach engages again.
    h.clock.set(SESSION_OPEN + DAY + 5 * MINUTE);
    h.broker.accountState = { ...h.broker.accountState, equity: '95000', lastEquity: '97500' };
    expect((await protectAgainstLosses(h.protectionDeps)).engaged).toBe(true);
    // An engaged switch stays engaged when the loss recovers: only the control API releases it.
    h.broker.accountState = { ...h.broker.accountState, equity: '99000', lastEquity: '97500' };
    h.clock.set(SESSION_OPEN + DAY + 9 * MINUTE);
    await protectAgainstLosses(h.protectionDeps);
    expect((await h.limits.killSwitch(ACCOUNT)).engaged).toBe(true);
  });

  it('tracks the equity peak, engages on a drawdown breach and keeps the de-risking multiplier the signal engine sizes with', async () => {
    const h = riskHarness();
    h.broker.accountState = { ...h.broker.accountState, equity: '120000', lastEquity: '119000' };
    await protectAgainstLosses(h.protectionDeps);
    expect((await loadAccountRiskState(h.strategyState, ACCOUNT))?.state).toMatchObject({ equityPeak: '120000', exposureMultiplier: '1' });
    // 10 % below the peak: between startPct 5 % and fullPct 15 % → 1 − 0.5 × 0.75 = 0.625
    h.clock.set(SESSION_OPEN + DAY + 5 * MINUTE);
    h.broker.accountState = { ...h.broker.accountState, equity: '108000', lastEquity: '108500' };
    const mid = await protectAgainstLosses(h.protectionDeps);
    expect(mid).toMatchObject({ engaged: false, state: { equityPeak: '120000', drawdown: '0.1', exposureMultiplier: '0.625' } });
    // The signal engine sizes with it: 10 % of 108 000 × 0.625 = 6 750 → 66 shares at 101.
    h.broker.accountState = { ...h.broker.accountState, equity: '108000', buyingPower: '200000' };
    h.clock.set(SESSION_OPEN);
    for (const [i, close] of [100, 100, 100, 101].entries()) {
      h.closeBar(bar(i, close));
      await runStrategiesOnBar(h.signalDeps, bar(i, close));
    }
    const [sized] = h.intents.take();
    expect(sized?.quantity).toBe('66');
    // 20 % below the peak: the drawdown limit; the switch engages with the reason.
    h.clock.set(SESSION_OPEN + 2 * DAY + 5 * MINUTE);
    h.broker.accountState = { ...h.broker.accountState, equity: '96000', lastEquity: '96500' };
    const deep = await protectAgainstLosses(h.protectionDeps);
    expect(deep.engaged).toBe(true);
    expect(deep.killSwitch.reason).toMatch(/^auto: drawdown 20 % from peak 120000 = limit 20 %/);
    expect(deep.state.exposureMultiplier).toBe('0.25');
    const stored = await h.strategyState.load(ACCOUNT_RISK_STATE_KEY, ACCOUNT);
    expect(stored?.version).toBe(3);
  });
});
