import { DEFAULT_RISK_LIMITS, type ApprovedOrderV1, type OrderIntentV1 } from '../../../../layers/contracts';
import { clientOrderIdFor } from '../../../../layers/core/execution';
import { executeApprovedOrder, verifyOrderIntent } from '../../../../layers/core/trading';
import { ACCOUNT, bar, harness, SESSION_OPEN } from './harness';

const engage = { engaged: true, reason: 'operator drill', actor: 'ops@example.com', changedAt: SESSION_OPEN };

function exitIntent(quantity: string, id = 'x1'): OrderIntentV1 {
  return {
    schema: 'OrderIntentV1',
    intentId: `${ACCOUNT}:risk-exit:${id}`,
    accountId: ACCOUNT,
    strategyId: 'risk-exit',
    signalId: `risk-exit:${id}`,
    symbol: 'SPY',
    side: 'sell',
    quantity,
    orderType: 'market',
    timeInForce: 'day',
    referencePrice: '101',
    marketDataAt: SESSION_OPEN + 60_000,
    createdAt: SESSION_OPEN + 61_000,
    exit: { source: 'exit-rule', attempt: 1 },
  };
}

const approvedOf = (intent: OrderIntentV1): ApprovedOrderV1 => ({
  schema: 'ApprovedOrderV1',
  intent,
  clientOrderId: clientOrderIdFor(intent.intentId),
  policyVersion: 0,
  approvedAt: SESSION_OPEN + 61_000,
});

describe('execution under an engaged kill switch', () => {
  it('verifies and submits a reduce-only exit, closing the position', async () => {
    const h = harness();
    h.closeBar(bar(0, 101));
    h.broker.setPosition('SPY', '30', '100');
    await h.limits.setKillSwitch(ACCOUNT, engage);
    const intent = exitIntent('30');
    expect((await verifyOrderIntent(h.verifyDeps, intent)).kind).toBe('approved');
    const [approved] = h.approvedOrders.take();
    if (approved === undefined) throw new Error('expected an approval');
    expect(await executeApprovedOrder(h.executeDeps, approved)).toMatchObject({ kind: 'submitted' });
    expect(h.broker.createdOrders).toEqual([expect.objectContaining({ symbol: 'SPY', side: 'sell', quantity: '30' })]);
  });

  it('halts an exit that is no longer reduce-only when it reaches execution (the position closed meanwhile)', async () => {
    const h = harness();
    h.closeBar(bar(0, 101));
    await h.limits.setKillSwitch(ACCOUNT, engage);
    // Approved while 30 were held; by execution the position is gone: selling now would open a short.
    expect(await executeApprovedOrder(h.executeDeps, approvedOf(exitIntent('30')))).toMatchObject({ kind: 'halted', reason: expect.stringContaining('no position') });
    expect(h.broker.submitCalls).toBe(0);
    h.broker.setPosition('SPY', '10', '100');
    expect(await executeApprovedOrder(h.executeDeps, approvedOf(exitIntent('30', 'x2')))).toMatchObject({ kind: 'halted', reason: expect.stringContaining('open the other side') });
  });

  it('counts exits still working at the broker: two in flight never close more than the position', async () => {
    const h = harness(); // the fake broker accepts without filling: each exit stays working
    h.closeBar(bar(0, 101));
    h.broker.setPosition('SPY', '30', '100');
    await h.limits.setKillSwitch(ACCOUNT, engage);
    expect(await executeApprovedOrder(h.executeDeps, approvedOf(exitIntent('20', 'a')))).toMatchObject({ kind: 'submitted' });
    expect(await executeApprovedOrder(h.executeDeps, approvedOf(exitIntent('20', 'b')))).toMatchObject({ kind: 'halted', reason: expect.stringContaining('open the other side') });
    expect(await executeApprovedOrder(h.executeDeps, approvedOf(exitIntent('10', 'c')))).toMatchObject({ kind: 'submitted' });
    expect(await executeApprovedOrder(h.executeDeps, approvedOf(exitIntent('1', 'd')))).toMatchObject({ kind: 'halted', reason: expect.stringContaining('working orders already close') });
    expect(h.broker.createdOrders.map((o) => o.quantity)).toEqual(['20', '10']);
  });

  it('halts exits when the policy blocks them, and halts untagged sells always', async () => {
    const h = harness();
    h.closeBar(bar(0, 101));
    h.broker.setPosition('SPY', '30', '100');
    await h.limits.setKillSwitch(ACCOUNT, engage);
    const { exit: _tag, ...untagged } = exitIntent('30', 'plain');
    expect(await executeApprovedOrder(h.executeDeps, approvedOf(untagged))).toMatchObject({ kind: 'halted' });
    await h.limits.putLimits(ACCOUNT, { ...DEFAULT_RISK_LIMITS, killSwitch: { allowRiskReducingExits: false } }, 0, { changedBy: 'risk', reason: 'strict', changedAt: SESSION_OPEN });
    expect(await executeApprovedOrder(h.executeDeps, approvedOf(exitIntent('30', 'x3')))).toMatchObject({ kind: 'halted', reason: expect.stringContaining('blocks exits too') });
    expect(h.broker.createdOrders).toEqual([]);
  });

  it('with the switch released too, an exit that would open the other side is stopped (a retried exit meeting an earlier attempt)', async () => {
    const h = harness();
    h.closeBar(bar(0, 101));
    h.broker.setPosition('SPY', '30', '100');
    expect(await executeApprovedOrder(h.executeDeps, approvedOf(exitIntent('30', 'first')))).toMatchObject({ kind: 'submitted' });
    expect(await executeApprovedOrder(h.executeDeps, approvedOf(exitIntent('30', 'retry')))).toMatchObject({ kind: 'halted', reason: expect.stringContaining('exit-rule exit no longer reduce-only') });
    expect(h.events.ofType('order.rejected')).toEqual([expect.objectContaining({ failedChecks: [expect.objectContaining({ checkId: 'reduceOnlyExit', measured: '0→-30' })] })]);
    const { exit: _tag, ...plainSell } = exitIntent('30', 'plain');
    expect(await executeApprovedOrder(h.executeDeps, approvedOf(plainSell))).toMatchObject({ kind: 'submitted' }); // untagged orders are the checks' business
  });
});
