import {
  bearCallSpread,
  buildStrategy,
  bullCallSpread,
  butterfly,
  calendarSpread,
  coveredCall,
  entryCost,
  ironCondor,
  inverseIronCondor,
  straddle,
  strangle,
  yearFraction,
} from '../../../../../layers/core/options/strategies';

const q = (strike: number, premium: number) => ({ strike, premium });

describe('catalogue: legs of each structure', () => {
  it('bull call spread: +lower call, −upper call, 100 shares per contract, debit = (7 − 3)·100·quantity', () => {
    const s = bullCallSpread({ expiry: 0.25, quantity: 2, lower: q(100, 7), upper: q(110, 3) });
    expect(s.structure).toBe('bull-call-spread');
    expect(s.legs).toEqual([
      { type: 'option', right: 'call', strike: 100, expiry: 0.25, quantity: 2, premium: 7, multiplier: 100 },
      { type: 'option', right: 'call', strike: 110, expiry: 0.25, quantity: -2, premium: 3, multiplier: 100 },
    ]);
    expect(entryCost(s)).toBe(800);
  });
  it('quantity defaults to 1; covered call holds 100 shares per contract', () => {
    const s = coveredCall({ stockPrice: 50, expiry: 0.1, call: { strike: 55, premium: 1, iv: 0.3 } });
    expect(s.quantity).toBe(1);
    expect(s.legs).toEqual([
      { type: 'stock', quantity: 100, price: 50 },
      { type: 'option', right: 'call', strike: 55, expiry: 0.1, quantity: -1, premium: 1, iv: 0.3, multiplier: 100 },
    ]);
    expect(entryCost(s)).toBe(4900);
  });
  it('iron condor and its inverse are opposite legs; credit and debit of the same size', () => {
    const params = { expiry: 0.1, lowerPut: q(90, 1), upperPut: q(95, 2), lowerCall: q(105, 2), upperCall: q(110, 1) };
    const a = ironCondor(params);
    const b = inverseIronCondor(params);
    expect(a.legs.map((l) => l.quantity)).toEqual([1, -1, -1, 1]);
    expect(b.legs.map((l) => l.quantity)).toEqual([-1, 1, 1, -1]);
    expect(entryCost(a)).toBe(-200);
    expect(entryCost(b)).toBe(200);
  });
  it('butterfly sells two bodies; straddle/strangle side picks the sign; calendar sells the near expiry', () => {
    expect(butterfly({ right: 'put', expiry: 1, lower: q(90, 1), middle: q(100, 4), upper: q(110, 11) }).legs.map((l) => l.quantity)).toEqual([1, -2, 1]);
    expect(straddle({ side: 'short', expiry: 1, call: q(100, 5), put: q(100, 4) }).structure).toBe('short-straddle');
    expect(strangle({ side: 'long', expiry: 1, put: q(95, 2), call: q(105, 2) }).legs.map((l) => l.quantity)).toEqual([1, 1]);
    const cal = calendarSpread({ right: 'call', strike: 100, near: { expiry: 0.1, premium: 2 }, far: { expiry: 0.3, premium: 4 } });
    expect(cal.legs.map((l) => (l.type === 'option' ? [l.expiry, l.quantity] : null))).toEqual([
      [0.1, -1],
      [0.3, 1],
    ]);
  });
  it('yearFraction is ACT/365 between epoch-ms instants', () => {
    expect(yearFraction(Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1) + 73 * 86_400_000)).toBeCloseTo(0.2, 15);
  });
});

describe('catalogue: validation', () => {
  it('typed constructors throw on inverted strikes, non-positive expiry, fractional quantity', () => {
    expect(() => bullCallSpread({ expiry: 0.25, lower: q(110, 3), upper: q(100, 7) })).toThrow(/lower.strike must be below/);
    expect(() => bearCallSpread({ expiry: 0, lower: q(100, 3), upper: q(110, 7) })).toThrow();
    expect(() => bearCallSpread({ expiry: 1, quantity: 1.5, lower: q(100, 3), upper: q(110, 7) })).toThrow();
    expect(() => straddle({ side: 'long', expiry: 1, call: q(100, 5), put: q(95, 4) })).toThrow(/one strike/);
    expect(() => calendarSpread({ right: 'put', strike: 100, near: { expiry: 0.5, premium: 2 }, far: { expiry: 0.3, premium: 4 } })).toThrow(/near.expiry/);
  });
  it('buildStrategy answers reasons with zod paths, never throws', () => {
    const bad = buildStrategy({ kind: 'ironCondor', params: { expiry: 0.1, lowerPut: q(90, 1), upperPut: q(95, 2), lowerCall: q(94, 2), upperCall: q(110, 1) } });
    expect(bad).toEqual({ ok: false, reason: expect.stringMatching(/lowerCall.strike: strikes must satisfy/) });
    expect(buildStrategy({ kind: 'nope', params: {} }).ok).toBe(false);
    expect(buildStrategy(null).ok).toBe(false);
    const negPremium = buildStrategy({ kind: 'longCall', params: { expiry: 1, call: { strike: 100, premium: -1 } } });
    expect(negPremium.ok).toBe(false);
    const good = buildStrategy({ kind: 'bullCallSpread', params: { expiry: 0.25, lower: q(100, 7), upper: q(110, 3) } });
    expect(good.ok && good.value).toEqual(bullCallSpread({ expiry: 0.25, lower: q(100, 7), upper: q(110, 3) }));
  });
});
