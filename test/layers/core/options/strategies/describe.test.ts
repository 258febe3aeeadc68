import { bsmPrice, strategies } from '../../../../../layers/core/options';
import {
  analyzeHorizonPayoff,
  bullCallSpread,
  calendarSpread,
  describeStrategy,
  ironCondor,
  longCall,
  strategyPnl,
  withImpliedVolatilities,
} from '../../../../../layers/core/options/strategies';

const q = (strike: number, premium: number) => ({ strike, premium });
const market = { S: 100, r: 0.03, q: 0.01 };

describe('describeStrategy', () => {
  it('is JSON-safe (a JSON round trip gives the same object) and flags unbounded amounts with null', () => {
    const d = describeStrategy(longCall({ expiry: 0.25, call: q(100, 5.5) }), { market });
    if (!d.ok) throw new Error(d.reason);
    expect(JSON.parse(JSON.stringify(d.value))).toEqual(d.value);
    expect(d.value.payoff).toMatchObject({ method: 'exact', maxProfit: null, maxProfitUnbounded: true, maxLoss: 550, maxLossUnbounded: false, breakevens: [105.5] });
    expect(d.value.payoff.profitRegions).toEqual([{ lower: 105.5, upper: null }]);
    expect(d.value.entry).toEqual({ cost: 550, type: 'debit' });
    expect(d.value.margin).toMatchObject({ requirement: 550, rule: 'long-premium' });
  });
  it('legs without an IV get the one implied by their premium, so the value now equals the entry cost', () => {
    const s = ironCondor({ expiry: 0.2, lowerPut: q(85, 0.5), upperPut: q(92, 1.6), lowerCall: q(108, 1.4), upperCall: q(115, 0.4) });
    const d = describeStrategy(s, { market });
    if (!d.ok) throw new Error(d.reason);
    expect(Math.abs(d.value.now.pnl)).toBeLessThan(1e-9);
    expect(d.value.entry.type).toBe('credit');
    expect(d.value.legs.every((leg) => leg.type === 'stock' || (leg.iv !== undefined && leg.iv > 0))).toBe(true);
    expect(d.value.greeks.delta).not.toBeNull();
    // Default PoP volatility: mean IV weighted by |quantity|.
    const ivs = d.value.legs.map((leg) => (leg.type === 'option' ? (leg.iv ?? 0) : 0));
    expect(d.value.probabilityOfProfit.volatility).toBeCloseTo(ivs.reduce((a, b) => a + b, 0) / 4, 14);
    expect(d.value.probabilityOfProfit).toMatchObject({ measure: 'risk-neutral', horizonYears: 0.2 });
    expect(d.value.probabilityOfProfit.drift).toBeCloseTo(0.02, 15);
  });
  it('a user drift and volatility change the probability of profit (a bull spread is likelier to pay with a higher drift)', () => {
    const s = bullCallSpread({ expiry: 0.25, lower: { strike: 100, premium: 6, iv: 0.25 }, upper: { strike: 110, premium: 2.5, iv: 0.23 } });
    const base = describeStrategy(s, { market, volatility: 0.25 });
    const bullish = describeStrategy(s, { market, volatility: 0.25, drift: 0.3 });
    if (!base.ok || !bullish.ok) throw new Error('describe failed');
    expect(bullish.value.probabilityOfProfit.value).toBeGreaterThan(base.value.probabilityOfProfit.value);
    expect(bullish.value.probabilityOfProfit.measure).toBe('user-drift');
  });
  it('an impossible premium is a reason naming the leg', () => {
    const d = describeStrategy(longCall({ expiry: 0.25, call: q(80, 1) }), { market });
    expect(d).toEqual({ ok: false, reason: expect.stringMatching(/call 80/) });
  });
});

describe('calendar: value at the near expiry with the far leg priced by BSM', () => {
  const s = calendarSpread({ right: 'call', strike: 100, near: { expiry: 0.1, premium: 3.2, iv: 0.25 }, far: { expiry: 0.35, premium: 6.1, iv: 0.25 } });
  const noYield = { S: 100, r: 0.03 };
  it('P&L at the strike = 100·BSM call(K, τ = 0.25) − debit (independent price)', () => {
    const far = bsmPrice({ kind: 'call', S: 100, K: 100, T: 0.25, r: 0.03, sigma: 0.25 });
    expect(strategyPnl(s, noYield, 0.1, 100)).toBeCloseTo(100 * far - 290, 9);
  });
  it('numeric analysis agrees with a fine scan: max profit, max loss ≈ debit with q = 0, breakevens are zeros', () => {
    const a = analyzeHorizonPayoff(s, noYield);
    expect(a.method).toBe('numeric');
    expect(a.horizon).toBe(0.1);
    let best = -Infinity;
    let worst = Infinity;
    for (let x = 20; x <= 400; x += 0.05) {
      const v = strategyPnl(s, noYield, 0.1, x);
      best = Math.max(best, v);
      worst = Math.min(worst, v);
    }
    expect(a.maxProfit).toBeGreaterThanOrEqual(best - 1e-9);
    expect(a.maxProfit - best).toBeLessThan(1e-3);
    expect(a.maxProfitUnbounded).toBe(false);
    expect(a.maxLossUnbounded).toBe(false);
    expect(a.maxLoss).toBeCloseTo(290, 6);
    expect(-worst).toBeLessThanOrEqual(a.maxLoss + 1e-9);
    expect(a.breakevens).toHaveLength(2);
    for (const b of a.breakevens) expect(Math.abs(strategyPnl(s, noYield, 0.1, b))).toBeLessThan(1e-8);
    const [lo, hi] = a.breakevens;
    expect(a.profitRegions).toEqual([{ lower: lo, upper: hi }]);
  });
  it('with a dividend yield the European far call grows like e^{−qτ}·S, so the model loss is unbounded above', () => {
    const a = analyzeHorizonPayoff(s, market);
    expect(a.maxLossUnbounded).toBe(true);
    expect(a.maxLoss).toBe(Infinity);
  });
  it('describeStrategy on a calendar: numeric payoff, margin = debit, IVs implied when absent', () => {
    const bare = calendarSpread({ right: 'put', strike: 100, near: { expiry: 0.1, premium: 2.9 }, far: { expiry: 0.35, premium: 5.4 } });
    const filled = withImpliedVolatilities(bare, noYield);
    expect(filled.ok).toBe(true);
    const d = describeStrategy(bare, { market: noYield });
    if (!d.ok) throw new Error(d.reason);
    expect(d.value.payoff.method).toBe('numeric');
    expect(d.value.margin.requirement).toBeCloseTo(250, 9);
    expect(d.value.probabilityOfProfit.value).toBeGreaterThan(0);
    expect(d.value.probabilityOfProfit.value).toBeLessThan(1);
    // The horizon's terminal law uses the near leg's IV (the volatility up to the near expiry).
    const near = filled.ok ? filled.value.legs[0] : undefined;
    expect(near?.type === 'option' && d.value.probabilityOfProfit.volatility === near.iv).toBe(true);
    expect(JSON.parse(JSON.stringify(d.value))).toEqual(d.value);
  });
});

describe('options room surface', () => {
  it('the options index re-exports this room as the `strategies` namespace', () => {
    expect(strategies.describeStrategy).toBe(describeStrategy);
  });
  it('Black-76 (options on futures): risk-neutral drift 0, IVs implied with the futures model, value now = entry cost', () => {
    const s = bullCallSpread({ expiry: 0.5, lower: q(4000, 180), upper: q(4200, 95) });
    const d = describeStrategy(s, { market: { S: 4050, r: 0.04, model: 'black76' } });
    if (!d.ok) throw new Error(d.reason);
    expect(d.value.model).toBe('black76');
    expect(d.value.probabilityOfProfit.drift).toBe(0);
    expect(Math.abs(d.value.now.pnl)).toBeLessThan(1e-8);
    expect(d.value.payoff.breakevens[0]).toBeCloseTo(4085, 9);
  });
});
