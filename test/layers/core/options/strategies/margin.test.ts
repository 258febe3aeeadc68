import {
  BROAD_INDEX_NAKED_RATES,
  bearCallSpread,
  bullCallSpread,
  bullPutSpread,
  butterfly,
  calendarSpread,
  cashSecuredPut,
  coveredCall,
  inverseIronCondor,
  ironCondor,
  longCall,
  longPut,
  marginRequirement,
  nakedOptionRequirement,
  protectivePut,
  shortCall,
  shortPut,
  straddle,
  strangle,
} from '../../../../../layers/core/options/strategies';

const q = (strike: number, premium: number) => ({ strike, premium });
const T = 0.25;

describe('margin / buying power (CBOE Margin Manual conventions), hand-computed', () => {
  it('long options are paid in full: 100 call @ 5 × 2 → 1000; long put @ 3.2 → 320; long straddle 5 + 4 → 900; long strangle 2 + 2 → 400', () => {
    expect(marginRequirement(longCall({ expiry: T, quantity: 2, call: q(100, 5) }), 100)).toMatchObject({ requirement: 1000, rule: 'long-premium', account: 'cash' });
    expect(marginRequirement(longPut({ expiry: T, put: q(100, 3.2) }), 100).requirement).toBeCloseTo(320, 9);
    expect(marginRequirement(straddle({ side: 'long', expiry: T, call: q(100, 5), put: q(100, 4) }), 100).requirement).toBe(900);
    expect(marginRequirement(strangle({ side: 'long', expiry: T, put: q(95, 2), call: q(105, 2) }), 100).requirement).toBe(400);
  });
  it('defined-risk spreads = max loss: bull call 100/110 debit 4 → 400; bear call 100/110 credit 4 → 10·100 − 400 = 600; bull put 90/100 credit 3 → 700', () => {
    expect(marginRequirement(bullCallSpread({ expiry: T, lower: q(100, 7), upper: q(110, 3) }), 100)).toMatchObject({ requirement: 400, rule: 'defined-risk' });
    expect(marginRequirement(bearCallSpread({ expiry: T, lower: q(100, 7), upper: q(110, 3) }), 100).requirement).toBe(600);
    expect(marginRequirement(bullPutSpread({ expiry: T, lower: q(90, 2), upper: q(100, 5) }), 100).requirement).toBe(700);
  });
  it('iron condor: the wider wing (10) × 100 − total credit; inverse iron condor and butterfly: the debit', () => {
    const params = { expiry: T, lowerPut: q(85, 0.7), upperPut: q(95, 2.2), lowerCall: q(105, 2.4), upperCall: q(110, 1.1) };
    expect(marginRequirement(ironCondor(params), 100).requirement).toBeCloseTo(1000 - 280, 9);
    expect(marginRequirement(inverseIronCondor(params), 100).requirement).toBeCloseTo(280, 9);
    expect(marginRequirement(butterfly({ right: 'call', expiry: T, lower: q(55, 10), middle: q(60, 7), upper: q(65, 5) }), 61).requirement).toBeCloseTo(100, 9);
  });
  it('cash-secured put 95 @ 2 × 3 → 3·(9500 − 200) = 27 900; covered call → stock cost 10 000; protective put → 10 000 + 300', () => {
    expect(marginRequirement(cashSecuredPut({ expiry: T, quantity: 3, put: q(95, 2) }), 100)).toMatchObject({ requirement: 27_900, rule: 'cash-secured-put', account: 'cash' });
    expect(marginRequirement(coveredCall({ stockPrice: 100, expiry: T, call: q(105, 2) }), 100)).toMatchObject({ requirement: 10_000, rule: 'covered-call' });
    expect(marginRequirement(protectivePut({ stockPrice: 100, expiry: T, put: q(95, 3) }), 100).requirement).toBe(10_300);
  });
  it('long calendar: the net debit (6.1 − 3.2) × 100 = 290', () => {
    const s = calendarSpread({ right: 'call', strike: 100, near: { expiry: 0.1, premium: 3.2 }, far: { expiry: 0.35, premium: 6.1 } });
    expect(marginRequirement(s, 100)).toMatchObject({ rule: 'long-calendar', account: 'margin' });
    expect(marginRequirement(s, 100).requirement).toBeCloseTo(290, 9);
  });
  it('naked short call 105 @ 2, S = 100: 2 + max(20 − 5, 10) = 17 per share → 1700', () => {
    expect(marginRequirement(shortCall({ expiry: T, call: q(105, 2) }), 100)).toMatchObject({ requirement: 1700, rule: 'naked-short', account: 'margin' });
  });
  it('naked short put: 90 @ 1, S = 100 → 1 + max(20 − 10, 9) = 11 → 1100; deep OTM 70 @ 0.2 → 0.2 + max(−10, 7) → 720 (the 10 % of strike minimum)', () => {
    expect(marginRequirement(shortPut({ expiry: T, put: q(90, 1) }), 100).requirement).toBeCloseTo(1100, 9);
    expect(marginRequirement(shortPut({ expiry: T, put: q(70, 0.2) }), 100).requirement).toBeCloseTo(720, 9);
  });
  it('deep OTM call uses 10 % of the underlying: 150 @ 0.1, S = 100 → 0.1 + max(20 − 50, 10) = 10.1 → 1010; index rates 15 %: 105 @ 2 → 2 + max(15 − 5, 10) → 1200', () => {
    expect(nakedOptionRequirement({ right: 'call', strike: 150, premium: 0.1, quantity: -1, multiplier: 100 }, 100)).toBeCloseTo(1010, 9);
    expect(marginRequirement(shortCall({ expiry: T, call: q(105, 2) }), 100, BROAD_INDEX_NAKED_RATES).requirement).toBeCloseTo(1200, 9);
  });
  it('short straddle 100 (call 5, put 4), S = 100: max(call 25, put 24) per share + the other side 4 → 2900; short strangle 95/105 @ 2/2.5 → max(17.5, 17) + 2 → 1950', () => {
    expect(marginRequirement(straddle({ side: 'short', expiry: T, call: q(100, 5), put: q(100, 4) }), 100)).toMatchObject({ requirement: 2900, rule: 'short-straddle-strangle' });
    // call: 2.5 + max(20 − 5, 10) = 17.5; put: 2 + max(20 − 5, 9.5) = 17 → 1750 + 200 = 1950.
    expect(marginRequirement(strangle({ side: 'short', expiry: T, put: q(95, 2), call: q(105, 2.5) }), 100).requirement).toBeCloseTo(1950, 9);
  });
  it('every result explains its rule with the CBOE reference', () => {
    expect(marginRequirement(shortCall({ expiry: T, call: q(105, 2) }), 100).explanation).toMatch(/CBOE Margin Manual/);
  });
});
