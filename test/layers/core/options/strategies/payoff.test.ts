import {
  analyzeExpiryPayoff,
  analyzePayoff,
  bearCallSpread,
  bearPutSpread,
  bullCallSpread,
  bullPutSpread,
  butterfly,
  cashSecuredPut,
  coveredCall,
  ironCondor,
  inverseIronCondor,
  longCall,
  longPut,
  pnlAtExpiry,
  protectivePut,
  shortCall,
  straddle,
  strangle,
  type Strategy,
  type StrategyLeg,
} from '../../../../../layers/core/options/strategies';

const q = (strike: number, premium: number) => ({ strike, premium });
const T = 0.25;

/** Tolerance for amounts built from a few float operations on values of order 1e4. */
const EPS = 1e-9;

function expectAnalysis(s: Strategy, expected: { maxProfit: number; maxLoss: number; breakevens: number[] }): void {
  const a = analyzeExpiryPayoff(s);
  expect(a.method).toBe('exact');
  if (Number.isFinite(expected.maxProfit)) expect(a.maxProfit).toBeCloseTo(expected.maxProfit, 9);
  else expect(a.maxProfit).toBe(Number.POSITIVE_INFINITY);
  expect(a.maxProfitUnbounded).toBe(!Number.isFinite(expected.maxProfit));
  if (Number.isFinite(expected.maxLoss)) expect(a.maxLoss).toBeCloseTo(expected.maxLoss, 9);
  else expect(a.maxLoss).toBe(Number.POSITIVE_INFINITY);
  expect(a.maxLossUnbounded).toBe(!Number.isFinite(expected.maxLoss));
  expect(a.breakevens).toHaveLength(expected.breakevens.length);
  a.breakevens.forEach((b, i) => expect(b).toBeCloseTo(expected.breakevens[i] ?? Number.NaN, 9));
}

describe('payoff at expiry: textbook examples (per 1 contract = 100 shares)', () => {
  it('bull call spread 100/110, debit 4 → max profit 600, max loss 400, breakeven 104', () => {
    expectAnalysis(bullCallSpread({ expiry: T, lower: q(100, 7), upper: q(110, 3) }), { maxProfit: 600, maxLoss: 400, breakevens: [104] });
  });
  it('Hull (10th ed.) Example 12.1 bull spread: buy 30 call for 3, sell 35 call for 1 → profit ≤ 3, loss ≤ 2, breakeven 32 (per share)', () => {
    expectAnalysis(bullCallSpread({ expiry: T, lower: q(30, 3), upper: q(35, 1) }), { maxProfit: 300, maxLoss: 200, breakevens: [32] });
  });
  it('Hull Example 12.2 bear spread: buy 35 put for 3, sell 30 put for 1 → profit ≤ 3, loss ≤ 2, breakeven 33', () => {
    expectAnalysis(bearPutSpread({ expiry: T, lower: q(30, 1), upper: q(35, 3) }), { maxProfit: 300, maxLoss: 200, breakevens: [33] });
  });
  it('Hull Example 12.3 butterfly: 55 @ 10, 60 @ 7 (×2 short), 65 @ 5 → cost 1, max profit 4 at 60, breakevens 56 and 64', () => {
    const s = butterfly({ right: 'call', expiry: T, lower: q(55, 10), middle: q(60, 7), upper: q(65, 5) });
    expectAnalysis(s, { maxProfit: 400, maxLoss: 100, breakevens: [56, 64] });
    expect(pnlAtExpiry(s, 60)).toBeCloseTo(400, 12);
  });
  it('Hull Example 12.4 straddle: strike 70, call 4, put 3 → breakevens 63 and 77, loss ≤ 7, profit unbounded', () => {
    expectAnalysis(straddle({ side: 'long', expiry: T, call: q(70, 4), put: q(70, 3) }), { maxProfit: Infinity, maxLoss: 700, breakevens: [63, 77] });
  });
  it('short straddle mirrors it: loss unbounded, profit ≤ 700', () => {
    expectAnalysis(straddle({ side: 'short', expiry: T, call: q(70, 4), put: q(70, 3) }), { maxProfit: 700, maxLoss: Infinity, breakevens: [63, 77] });
  });
  it('long strangle 95/105 for 2 + 2 → breakevens 91 and 109, loss ≤ 400', () => {
    expectAnalysis(strangle({ side: 'long', expiry: T, put: q(95, 2), call: q(105, 2) }), { maxProfit: Infinity, maxLoss: 400, breakevens: [91, 109] });
  });
  it('iron condor 90/95/105/110 for a credit of 2 → profit ≤ 200, loss ≤ 300, breakevens 93 and 107; inverse is its mirror', () => {
    const params = { expiry: T, lowerPut: q(90, 1), upperPut: q(95, 2), lowerCall: q(105, 2), upperCall: q(110, 1) };
    expectAnalysis(ironCondor(params), { maxProfit: 200, maxLoss: 300, breakevens: [93, 107] });
    expectAnalysis(inverseIronCondor(params), { maxProfit: 300, maxLoss: 200, breakevens: [93, 107] });
  });
  it('bear call spread 100/110 for a credit of 4 → profit ≤ 400, loss ≤ 600, breakeven 104; bull put 90/100 credit 3 → 300, 700, 97', () => {
    expectAnalysis(bearCallSpread({ expiry: T, lower: q(100, 7), upper: q(110, 3) }), { maxProfit: 400, maxLoss: 600, breakevens: [104] });
    expectAnalysis(bullPutSpread({ expiry: T, lower: q(90, 2), upper: q(100, 5) }), { maxProfit: 300, maxLoss: 700, breakevens: [97] });
  });
  it('single options: long call 100 @ 5 (BE 105, loss 500, unbounded profit); long put 100 @ 5 (BE 95, profit 9500); short call unbounded loss', () => {
    expectAnalysis(longCall({ expiry: T, call: q(100, 5) }), { maxProfit: Infinity, maxLoss: 500, breakevens: [105] });
    expectAnalysis(longPut({ expiry: T, put: q(100, 5) }), { maxProfit: 9500, maxLoss: 500, breakevens: [95] });
    expectAnalysis(shortCall({ expiry: T, call: q(100, 5) }), { maxProfit: 500, maxLoss: Infinity, breakevens: [105] });
  });
  it('covered call: stock 100, 105 call @ 2 → profit ≤ 700, loss ≤ 9800 (stock to 0), breakeven 98', () => {
    expectAnalysis(coveredCall({ stockPrice: 100, expiry: T, call: q(105, 2) }), { maxProfit: 700, maxLoss: 9800, breakevens: [98] });
  });
  it('protective put: stock 100, 95 put @ 3 → loss ≤ 800, profit unbounded, breakeven 103', () => {
    expectAnalysis(protectivePut({ stockPrice: 100, expiry: T, put: q(95, 3) }), { maxProfit: Infinity, maxLoss: 800, breakevens: [103] });
  });
  it('cash-secured put 95 @ 2 → profit ≤ 200, loss ≤ 9300, breakeven 93; quantity scales every amount', () => {
    expectAnalysis(cashSecuredPut({ expiry: T, put: q(95, 2) }), { maxProfit: 200, maxLoss: 9300, breakevens: [93] });
    expectAnalysis(cashSecuredPut({ expiry: T, quantity: 3, put: q(95, 2) }), { maxProfit: 600, maxLoss: 27900, breakevens: [93] });
  });
});

describe('payoff at expiry: parity relations', () => {
  const grid = Array.from({ length: 401 }, (_, i) => i * 0.5);
  it('long straddle = long call + long put, at every price', () => {
    const s = straddle({ side: 'long', expiry: T, call: q(100, 5.3), put: q(100, 4.1) });
    const c = longCall({ expiry: T, call: q(100, 5.3) });
    const p = longPut({ expiry: T, put: q(100, 4.1) });
    for (const x of grid) expect(Math.abs(pnlAtExpiry(s, x) - pnlAtExpiry(c, x) - pnlAtExpiry(p, x))).toBeLessThan(EPS);
  });
  it('iron condor = bull put spread + bear call spread (P&L everywhere, and max loss = the wider wing minus the total credit)', () => {
    const quotes = { lowerPut: q(85, 0.7), upperPut: q(95, 2.2), lowerCall: q(105, 2.4), upperCall: q(110, 1.1) };
    const ic = ironCondor({ expiry: T, ...quotes });
    const bp = bullPutSpread({ expiry: T, lower: quotes.lowerPut, upper: quotes.upperPut });
    const bc = bearCallSpread({ expiry: T, lower: quotes.lowerCall, upper: quotes.upperCall });
    for (const x of grid) expect(Math.abs(pnlAtExpiry(ic, x) - pnlAtExpiry(bp, x) - pnlAtExpiry(bc, x))).toBeLessThan(EPS);
    const credit = (2.2 - 0.7 + 2.4 - 1.1) * 100;
    expect(analyzeExpiryPayoff(ic).maxLoss).toBeCloseTo(10 * 100 - credit, 9);
    expect(analyzeExpiryPayoff(ic).maxProfit).toBeCloseTo(credit, 9);
  });
  it('put–call parity of structures: call butterfly and put butterfly on the same strikes have the same terminal payoff before premiums', () => {
    const zero = (k: number) => q(k, 0);
    const c = butterfly({ right: 'call', expiry: T, lower: zero(90), middle: zero(100), upper: zero(110) });
    const p = butterfly({ right: 'put', expiry: T, lower: zero(90), middle: zero(100), upper: zero(110) });
    for (const x of grid) {
      expect(Math.abs(pnlAtExpiry(c, x) - pnlAtExpiry(p, x))).toBeLessThan(EPS);
      expect(pnlAtExpiry(c, x)).toBeGreaterThanOrEqual(0);
    }
    const a = analyzeExpiryPayoff(c);
    expect(a.maxProfit).toBe(1000);
    expect(a.maxLoss).toBe(-0); // never loses without premiums
  });
  it('butterfly payoff + debit ≥ 0 with maximum (middle − lower)·100 − debit at the middle strike', () => {
    const s = butterfly({ right: 'put', expiry: T, lower: q(90, 1.2), middle: q(100, 4.5), upper: q(110, 10.9) });
    const debit = (1.2 - 9 + 10.9) * 100;
    for (const x of grid) expect(pnlAtExpiry(s, x) + debit).toBeGreaterThanOrEqual(-EPS);
    expect(analyzeExpiryPayoff(s).maxProfit).toBeCloseTo(1000 - debit, 9);
    expect(analyzeExpiryPayoff(s).maxLoss).toBeCloseTo(debit, 9);
  });
});

/** Seeded PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('exact analysis against a brute-force scan (random single-expiry positions, seed 7)', () => {
  it('extremes, unboundedness, breakevens and profit regions agree with a 0.1-step scan of 0..400', () => {
    const u = rng(7);
    for (let trial = 0; trial < 100; trial += 1) {
      const legs: StrategyLeg[] = [];
      const n = 1 + Math.floor(u() * 4);
      for (let i = 0; i < n; i += 1) {
        legs.push({
          type: 'option',
          right: u() < 0.5 ? 'call' : 'put',
          strike: 80 + Math.floor(u() * 41),
          expiry: T,
          quantity: (u() < 0.5 ? -1 : 1) * (1 + Math.floor(u() * 3)),
          premium: Math.round(u() * 1000) / 97,
          multiplier: 100,
        });
      }
      if (u() < 0.3) legs.push({ type: 'stock', quantity: (u() < 0.5 ? -1 : 1) * 100, price: 90 + u() * 20 });
      const s = { legs };
      const a = analyzeExpiryPayoff(s);
      const scan = Array.from({ length: 4001 }, (_, i) => i * 0.1);
      const values = scan.map((x) => pnlAtExpiry(s, x));
      const scale = 1e-9 * Math.max(1, ...values.map(Math.abs));
      // Slope far beyond every strike decides unboundedness.
      const slope = pnlAtExpiry(s, 1001) - pnlAtExpiry(s, 1000);
      expect(a.maxProfitUnbounded).toBe(slope > 1e-9);
      expect(a.maxLossUnbounded).toBe(slope < -1e-9);
      if (!a.maxProfitUnbounded) expect(Math.abs(a.maxProfit - Math.max(...values))).toBeLessThan(scale);
      if (!a.maxLossUnbounded) expect(Math.abs(a.maxLoss + Math.min(...values))).toBeLessThan(scale);
      for (const b of a.breakevens) expect(Math.abs(pnlAtExpiry(s, b))).toBeLessThan(scale);
      // Every sign change of the scan brackets a breakeven; profit regions are exactly where P&L > 0 (points within
      // 1e-6 of a breakeven skipped). Mismatches are counted, not asserted per point (expect() is slow in a loop).
      let unbracketed = 0;
      let misplaced = 0;
      for (let i = 0; i < scan.length; i += 1) {
        const x = scan[i] ?? 0;
        const va = values[i] ?? 0;
        const vb = values[i + 1] ?? 0;
        const xb = scan[i + 1] ?? x;
        if (i + 1 < scan.length && va * vb < 0 && !a.breakevens.some((b) => b >= x && b <= xb)) unbracketed += 1;
        if (x === 0 || a.breakevens.some((b) => Math.abs(b - x) < 1e-6)) continue;
        if (a.profitRegions.some((r) => x > r.lower && x < r.upper) !== va > 0) misplaced += 1;
      }
      expect({ trial, unbracketed, misplaced }).toEqual({ trial, unbracketed: 0, misplaced: 0 });
    }
  });
});

describe('analyzePayoff dispatch', () => {
  it('single expiry → exact, no market needed; several expiries without market → error', () => {
    expect(analyzePayoff(longCall({ expiry: T, call: q(100, 5) })).method).toBe('exact');
    const legs: StrategyLeg[] = [
      { type: 'option', right: 'call', strike: 100, expiry: 0.1, quantity: -1, premium: 2, multiplier: 100, iv: 0.2 },
      { type: 'option', right: 'call', strike: 100, expiry: 0.3, quantity: 1, premium: 4, multiplier: 100, iv: 0.2 },
    ];
    expect(() => analyzePayoff({ legs })).toThrow(/market inputs/);
    expect(() => analyzeExpiryPayoff({ legs })).toThrow(/one common expiry/);
  });
});
