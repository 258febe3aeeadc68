import { parseDecimal as d } from '../../../../layers/core/market/exact';
import { optionContract, type ChainEntry, type OptionChainSnapshot } from '../../../../layers/core/options';
import { proposeProtection } from '../../../../layers/core/options/protection';
import { AS_OF, calendar, day, syntheticChain } from './correlator/synthetic-chain';

/** A hand-quoted chain: spot 102, a 10-day expiry (outside the default 30–120 window) and a 45-day one. */
function handChain(): OptionChainSnapshot {
  const entry = (days: number, right: 'call' | 'put', strike: string, bid: string, ask: string): ChainEntry => ({
    contract: optionContract({ underlying: 'XYZ', expiry: day(days), right, strike: d(strike), style: 'american' }),
    quote: { ts: AS_OF, bid: { price: d(bid), size: d('10') }, ask: { price: d(ask), size: d('10') } },
  });
  return {
    underlying: 'XYZ',
    asOf: AS_OF,
    underlyingPrice: { price: d('102'), source: 'quote-mid', ts: AS_OF },
    entries: [
      // Cheaper and nearer, but 10 days out: never chosen with the 30–120 day window.
      entry(10, 'put', '95', '0.40', '0.45'),
      entry(45, 'put', '90', '0.90', '1.00'),
      entry(45, 'put', '95', '1.90', '2.10'),
      entry(45, 'call', '105', '3.00', '3.20'),
      entry(45, 'call', '110', '1.80', '2.00'),
    ],
  };
}

const position = { symbol: 'XYZ', shares: 350, costBasis: '100', price: '102' };
const byStrikes = { put: { floorPctOtm: 0.06 }, call: { capPctOtm: 0.07 } } as const;

describe('proposeProtection', () => {
  it('a protective put: floor, cost, max loss and breakeven by hand (3 lots of 350 shares)', () => {
    const outcome = proposeProtection(position, handChain(), calendar, { ...byStrikes });
    if (outcome.kind !== 'proposed') throw new Error(outcome.reason);
    const p = outcome.proposal;
    // Highest put strike ≤ 102 × 0.94 = 95.88 → 95, in the 45-day expiry (the 10-day one is outside the window).
    expect(p.legs).toEqual([expect.objectContaining({ contractSymbol: optionContract({ underlying: 'XYZ', expiry: day(45), right: 'put', strike: d('95'), style: 'american' }).symbol, side: 'buy', contracts: 3, ask: '2.1' })]);
    expect(p).toMatchObject({ expiry: day(45), daysToExpiry: 45, contracts: 3, coveredShares: 300, uncoveredShares: 50, floor: '95', cap: null, maxProfit: null });
    expect(p.netPremiumPerShare).toBe('2.1'); // bought at the ask
    expect(p.netPremium).toBe('630'); // 2.10 × 300
    expect(p.maxLoss).toBe('2130'); // (100 − 95 + 2.10) × 300
    expect(p.maxLossFromCurrent).toBe('2730'); // (102 − 95 + 2.10) × 300
    expect(p.breakeven).toBe('102.1'); // 100 + 2.10
    expect(p.premiumPctOfPosition).toBeCloseTo(630 / 30600, 12);
    expect(p.reason).toMatch(/50 shares beyond the last full lot stay unprotected/);
  });

  it('a collar: the call sold at the bid pays for most of the put; floor, cap, max loss and max profit by hand', () => {
    const outcome = proposeProtection(position, handChain(), calendar, { ...byStrikes, structure: 'collar' });
    if (outcome.kind !== 'proposed') throw new Error(outcome.reason);
    const p = outcome.proposal;
    expect(p.legs.map((l) => [l.right, l.strike, l.side, l.contracts])).toEqual([['put', '95', 'buy', 3], ['call', '110', 'sell', 3]]);
    expect(p.netPremiumPerShare).toBe('0.3'); // 2.10 − 1.80
    expect(p.netPremiumMidPerShare).toBe('0.1'); // 2.00 − 1.90
    expect(p).toMatchObject({ floor: '95', cap: '110', netPremium: '90', breakeven: '100.3' });
    expect(p.maxLoss).toBe('1590'); // (100 − 95 + 0.30) × 300
    expect(p.maxProfit).toBe('2910'); // (110 − 100 − 0.30) × 300
    // Greeks of the protected lots: 300 shares + 300 × Δput − 300 × Δcall (deltas as the legs report them).
    const [put, call] = p.legs;
    expect(p.greeks.delta).toBeCloseTo(300 + 300 * (put?.delta ?? Number.NaN) - 300 * (call?.delta ?? Number.NaN), 9);
    expect(put?.delta).toBeLessThan(0);
    // The breakeven (100.30) is below the spot (102): more likely than not to end above it.
    expect(p.probabilityAboveBreakeven).toBeGreaterThan(0.5);
    expect(p.probabilityAboveBreakeven).toBeLessThan(1);
  });

  it('the premium budget: a put over it is refused with the reason; the cheaper collar passes', () => {
    const put = proposeProtection(position, handChain(), calendar, { ...byStrikes, maxPremiumPct: 0.01 });
    expect(put.kind).toBe('none');
    expect(put.attempts.join(' ')).toMatch(/net debit \$630 over the budget \$306/);
    expect(proposeProtection(position, handChain(), calendar, { ...byStrikes, maxPremiumPct: 0.01, structure: 'collar' }).kind).toBe('proposed');
  });

  it('a put outside the DTE window is not chosen, and without an eligible expiry the answer is none', () => {
    const outcome = proposeProtection(position, handChain(), calendar, { ...byStrikes, dte: { min: 5, max: 20, target: 10 } });
    if (outcome.kind !== 'proposed') throw new Error(outcome.reason);
    expect(outcome.proposal.expiry).toBe(day(10));
    const none = proposeProtection(position, handChain(), calendar, { ...byStrikes, dte: { min: 60, max: 90, target: 75 } });
    expect(none).toMatchObject({ kind: 'none', reason: expect.stringMatching(/no expiry with 60–90 days/) });
  });

  it('by delta: the put is the one in the |Δ| band closest to its target; a band no put falls in gives none', () => {
    // Flat 25 % vol, European pricing: the deltas are BSM's closed form.
    const chain = syntheticChain({ spot: 100, sigma: 0.25 });
    const outcome = proposeProtection({ symbol: 'XYZ', shares: 200, costBasis: '90', price: '100' }, chain, calendar, { put: { delta: { target: 0.25, tolerance: 0.05 } }, model: 'european', maxPremiumPct: 0.1 });
    if (outcome.kind !== 'proposed') throw new Error(`${outcome.reason} ${outcome.attempts.join('; ')}`);
    const leg = outcome.proposal.legs[0];
    expect(Math.abs(Math.abs(leg?.delta ?? 0) - 0.25)).toBeLessThanOrEqual(0.05);
    expect(outcome.proposal.daysToExpiry).toBe(45); // closest to the 60-day target within 30–120 (30, 45, 90 offered)
    const none = proposeProtection({ symbol: 'XYZ', shares: 200, costBasis: '90', price: '100' }, chain, calendar, { put: { delta: { target: 0.25, tolerance: 0.0001 } }, model: 'european' });
    expect(none.kind).toBe('none');
    expect(none.attempts.every((a) => /no liquid put with \|Δ\| 0.25 ± 0.0001/.test(a))).toBe(true);
  });

  it('fewer than 100 shares: none, with the reason', () => {
    expect(proposeProtection({ ...position, shares: 99 }, handChain(), calendar)).toMatchObject({ kind: 'none', reason: expect.stringMatching(/at least 100 shares/) });
  });
});
