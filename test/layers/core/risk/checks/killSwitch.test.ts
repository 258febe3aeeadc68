import { RiskLimitsV1, DEFAULT_RISK_LIMITS, type OrderIntentV1 } from '../../../../../layers/contracts';
import { mulberry32 } from '../../../../../layers/core/analytics';
import * as money from '../../../../../layers/core/money';
import { killSwitchCheck, killSwitchPassage, reduceOnly, type PositionView } from '../../../../../layers/core/risk';
import { baseContext, baseIntent, withPolicy } from '../support';

const engaged = { engaged: true, reason: 'daily loss breach', actor: 'reconcile', changedAt: 1 };
const long100: PositionView[] = [{ symbol: 'SPY', quantity: '100', marketValue: '10000', currentPrice: '100' }];
const short50: PositionView[] = [{ symbol: 'SPY', quantity: '-50', marketValue: '-5000', currentPrice: '100' }];
const exitSell = (quantity: string): OrderIntentV1 => ({ ...baseIntent, side: 'sell', quantity, exit: { source: 'exit-rule', attempt: 1 } });

describe('killSwitchCheck', () => {
  const engagedWith = (positions: readonly PositionView[], patch = {}) => ({ ...withPolicy(patch), killSwitch: engaged, positions });

  it('passes everything while released', () => {
    expect(killSwitchCheck.evaluate(baseIntent, baseContext)).toMatchObject({ passed: true, measured: 'released' });
  });

  it('blocks a buy, an untagged sell and a tagged exit that adds or flips while engaged', () => {
    const context = engagedWith(long100);
    expect(killSwitchCheck.evaluate(baseIntent, context)).toMatchObject({ passed: false, measured: 'engaged' });
    expect(killSwitchCheck.evaluate({ ...baseIntent, side: 'sell', quantity: '100' }, context)).toMatchObject({ passed: false });
    expect(killSwitchCheck.evaluate({ ...exitSell('10'), side: 'buy' }, context)).toMatchObject({ passed: false, reason: expect.stringContaining('adds to the long') });
    expect(killSwitchCheck.evaluate(exitSell('101'), context)).toMatchObject({ passed: false, reason: expect.stringContaining('open the other side') });
    expect(killSwitchCheck.evaluate(exitSell('10'), engagedWith([]))).toMatchObject({ passed: false, reason: expect.stringContaining('no position') });
  });

  it('lets a tagged reduce-only exit through, partial or whole, long or short', () => {
    expect(killSwitchCheck.evaluate(exitSell('100'), engagedWith(long100))).toMatchObject({
      passed: true,
      measured: 'engaged/reduce-only exit',
      reason: expect.stringContaining('from 100 to 0'),
    });
    expect(killSwitchCheck.evaluate(exitSell('40'), engagedWith(long100))).toMatchObject({ passed: true });
    const cover: OrderIntentV1 = { ...baseIntent, side: 'buy', quantity: '50', exit: { source: 'flatten', attempt: 1 } };
    expect(killSwitchCheck.evaluate(cover, engagedWith(short50))).toMatchObject({ passed: true, reason: expect.stringContaining('flatten exit allowed') });
  });

  it('blocks exits too when the policy says so', () => {
    const context = engagedWith(long100, { killSwitch: { allowRiskReducingExits: false } });
    expect(killSwitchCheck.evaluate(exitSell('100'), context)).toMatchObject({ passed: false, reason: expect.stringContaining('blocks exits too') });
  });

  it('never lets a multi-leg structure through as an exit', () => {
    const mleg = { ...exitSell('1'), multiLeg: { structure: 'bull-call-spread', legs: [], maxLossPerUnit: '100' } } as unknown as OrderIntentV1;
    expect(reduceOnly(mleg, long100).reduceOnly).toBe(false);
  });

  it('a policy stored before the field existed parses with exits allowed', () => {
    const { killSwitch: _dropped, ...old } = DEFAULT_RISK_LIMITS;
    expect(RiskLimitsV1.parse(old).killSwitch).toEqual({ allowRiskReducingExits: true });
  });
});

/**
 * Property: whatever the position, side and quantity, an intent the engaged kill switch lets through
 * never increases |position| and never flips its sign (seeded, 2 000 scenarios; mulberry32 as in
 * properties.test.ts). It also checks the converse on the same draws: every allowed intent was tagged.
 */
describe('property: an exit allowed under the kill switch never increases |position|', () => {
  it('holds on 2 000 seeded scenarios', () => {
    const r = mulberry32(20261126);
    let allowed = 0;
    for (let n = 0; n < 2000; n += 1) {
      const held = Math.floor(r() * 401) - 200; // −200..200, flat included
      const quantity = String(1 + Math.floor(r() * 300));
      const side = r() < 0.5 ? 'buy' : 'sell';
      const tagged = r() < 0.8;
      const intent: OrderIntentV1 = { ...baseIntent, side, quantity, ...(tagged ? { exit: { source: r() < 0.5 ? 'exit-rule' : 'flatten', attempt: 1 } } : {}) };
      const positions: PositionView[] = held === 0 ? [] : [{ symbol: 'SPY', quantity: String(held) }];
      const passage = killSwitchPassage(intent, engaged, DEFAULT_RISK_LIMITS, positions);
      if (!passage.allowed) continue;
      allowed += 1;
      const after = money.add(String(held), side === 'buy' ? quantity : money.neg(quantity));
      expect(tagged).toBe(true);
      expect(money.compare(money.abs(after), money.abs(String(held)))).toBeLessThan(0);
      expect(money.isZero(after) || money.isNegative(after) === held < 0).toBe(true);
    }
    // The property is not vacuous: a fair share of the draws were reduce-only exits.
    expect(allowed).toBeGreaterThan(200);
  });
});
