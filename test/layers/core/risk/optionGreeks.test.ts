import { parseDecimal as d } from '../../../../layers/core/market/exact';
import { nyseCalendar } from '../../../../layers/core/market';
import { europeanPrice, optionContract, type OptionChainSnapshot } from '../../../../layers/core/options';
import { contractGreeks, orderGreeks, portfolioDeltaCheck, positionGreeksFromChains } from '../../../../layers/core/risk';
import { baseContext, baseIntent, withMarket, withPolicy } from './support';
import type { OrderIntentV1 } from '../../../../layers/contracts';

const calendar = nyseCalendar();
/** 10:00 New York, Tuesday 2 January 2024. */
const AS_OF = Date.UTC(2024, 0, 2, 15, 0);
const call = optionContract({ underlying: 'SPY', expiry: '2024-02-16', right: 'call', strike: d('100'), style: 'american' });
const put = optionContract({ underlying: 'SPY', expiry: '2024-02-16', right: 'put', strike: d('95'), style: 'american' });
/** 2024-02-16 16:00 New York (21:00 UTC) is the last trading instant. */
const T = (Date.UTC(2024, 1, 16, 21, 0) - AS_OF) / (365 * 86_400_000);

/** A two-sided quote whose mid is the BSM price at σ (rounded to the cent, as a real quote would be). */
const quoted = (kind: 'call' | 'put', K: number, sigma: number) => {
  const mid = Math.round(europeanPrice({ kind, S: 101, K, T, r: 0, q: 0, sigma, model: 'bsm' }) * 100) / 100;
  return { ts: AS_OF, bid: { price: d((mid - 0.05).toFixed(2)), size: d('10') }, ask: { price: d((mid + 0.05).toFixed(2)), size: d('10') } };
};
const chain: OptionChainSnapshot = {
  underlying: 'SPY',
  asOf: AS_OF,
  underlyingPrice: { price: d('101'), source: 'last-trade', ts: AS_OF },
  entries: [
    { contract: call, quote: quoted('call', 100, 0.2) },
    { contract: put, quote: quoted('put', 95, 0.3) },
  ],
};
const chains = new Map([['SPY', chain]]);

describe('option Greeks for the pre-trade snapshot', () => {
  it('solves the IV from the quote mid and returns BSM Greeks at it (delta against the closed form N(d1))', () => {
    const g = contractGreeks(call.symbol, chain, calendar, { r: 0, q: 0 });
    if ('missing' in g) throw new Error(g.missing);
    // The mid is rounded to the cent: the IV is 0.2 within what a half-cent moves it (vega ≈ 14 per 1.0 vol → 0.0004).
    expect(g.iv).toBeCloseTo(0.2, 3);
    const d1 = (Math.log(101 / 100) + 0.5 * g.iv * g.iv * T) / (g.iv * Math.sqrt(T));
    // N(d1) by the Abramowitz–Stegun 26.2.17 polynomial (|error| < 7.5e-8), independent of the options room.
    const t = 1 / (1 + 0.2316419 * d1);
    const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
    const nd1 = 1 - (Math.exp(-0.5 * d1 * d1) / Math.sqrt(2 * Math.PI)) * poly;
    expect(g.delta).toBeCloseTo(nd1, 6);
    // Vega per vol point = S·φ(d1)·√T / 100.
    expect(g.vega).toBeCloseTo((101 * Math.exp(-0.5 * d1 * d1) * Math.sqrt(T)) / Math.sqrt(2 * Math.PI) / 100, 9);
  });

  it('aggregates per underlying in share equivalents: 300 shares, 2 long calls, 3 short puts', () => {
    const c = contractGreeks(call.symbol, chain, calendar, { r: 0, q: 0 });
    const p = contractGreeks(put.symbol, chain, calendar, { r: 0, q: 0 });
    if ('missing' in c || 'missing' in p) throw new Error('unpriced');
    const result = positionGreeksFromChains(
      [
        { symbol: 'SPY', quantity: '300' },
        { symbol: call.symbol, quantity: '2' },
        { symbol: put.symbol, quantity: '-3' },
      ],
      chains,
      calendar,
      { r: 0, q: 0 },
    );
    expect(result.missing).toEqual([]);
    expect(result.positionGreeks[call.symbol]?.delta).toBeCloseTo(200 * c.delta, 9);
    expect(result.positionGreeks[put.symbol]?.delta).toBeCloseTo(-300 * p.delta, 9);
    // Hand sum: 300 + 2·100·Δc − 3·100·Δp (Δp < 0, so the short puts add delta).
    expect(result.byUnderlying['SPY']?.delta).toBeCloseTo(300 + 200 * c.delta - 300 * p.delta, 9);
    expect(result.byUnderlying['SPY']?.gamma).toBeCloseTo(200 * c.gamma - 300 * p.gamma, 12);
    expect(result.byUnderlying['SPY']?.vega).toBeCloseTo(200 * c.vega - 300 * p.vega, 9);
    expect(p.delta).toBeLessThan(0);
  });

  it('a deep in-the-money mid below intrinsic value admits no IV: the σ → 0 limit (delta 1, no gamma or vega)', () => {
    const deep = optionContract({ underlying: 'SPY', expiry: '2024-02-16', right: 'call', strike: d('80'), style: 'american' });
    // Intrinsic 101 − 80 = 21 (r = q = 0); the mid 20.70 is below it.
    const itm: OptionChainSnapshot = { ...chain, entries: [{ contract: deep, quote: { ts: AS_OF, bid: { price: d('20.50'), size: d('1') }, ask: { price: d('20.90'), size: d('1') } } }] };
    expect(contractGreeks(deep.symbol, itm, calendar, { r: 0, q: 0 })).toEqual({ delta: 1, gamma: 0, vega: 0, iv: 0, underlyingPrice: 101 });
  });

  it('says why a contract is not priced: not in the chain, one-sided quote, no chain at all', () => {
    const oneSided: OptionChainSnapshot = { ...chain, entries: [{ contract: call, quote: { ts: AS_OF, ask: { price: d('2.00'), size: d('1') } } }] };
    expect(contractGreeks(put.symbol, chain, calendar, { r: 0, q: 0 })).not.toHaveProperty('missing');
    expect(contractGreeks(call.symbol, oneSided, calendar, { r: 0, q: 0 })).toEqual({ missing: `no two-sided quote for ${call.symbol}` });
    const result = positionGreeksFromChains([{ symbol: 'AAPL240216C00190000', quantity: '1' }], chains, calendar, { r: 0, q: 0 });
    expect(result.missing).toEqual(['no AAPL chain for AAPL240216C00190000']);
    expect(result.positionGreeks).toEqual({});
  });

  it("an order's Greeks: a multi-leg order sums its legs by their own sides × ratio × units × 100", () => {
    const leg = (symbol: string, side: 'buy' | 'sell', delta: number, ratio = 1) => ({
      contractSymbol: symbol, right: 'call' as const, strike: '100', expiry: '2024-02-16', multiplier: 100, ratio, side, positionIntent: `${side}_to_open` as const,
      greeks: { delta, gamma: 0.01, vega: 0.1 },
    });
    const base = { schema: 'OrderIntentV1', intentId: 'i', accountId: 'a', strategyId: 's', signalId: 'g', symbol: 'SPY', quantity: '3', orderType: 'market', timeInForce: 'day', referencePrice: '1', marketDataAt: 0, createdAt: 0 } as const;
    const spread: OrderIntentV1 = { ...base, side: 'buy', multiLeg: { structure: 'bull-call-spread', legs: [leg('SPY240216C00100000', 'buy', 0.6), leg('SPY240216C00105000', 'sell', 0.4, 2)], maxLossPerUnit: '100' } };
    // 3 units × 100 × (0.6 − 2·0.4) = −60; gamma 3·100·(0.01 − 0.02) = −3; vega 3·100·(0.1 − 0.2) = −30.
    const g = orderGreeks(spread);
    expect(g).toMatchObject({ delta: expect.closeTo(-60, 9), gamma: expect.closeTo(-3, 9), vega: expect.closeTo(-30, 9) });
    const single: OrderIntentV1 = { ...base, side: 'sell', option: { contractSymbol: call.symbol, right: 'call', strike: '100', expiry: '2024-02-16', multiplier: 100 } };
    expect(orderGreeks(single)).toEqual({ missing: `no Greeks for ${call.symbol}` });
    const priced = orderGreeks(single, () => ({ delta: 0.5, gamma: 0.02, vega: 0.15, iv: 0.2, underlyingPrice: 101 }));
    expect(priced).toMatchObject({ delta: -150, gamma: expect.closeTo(-6, 9), vega: expect.closeTo(-45, 9) });
    expect(orderGreeks({ ...base, side: 'buy' })).toBeUndefined();
  });
});

describe('portfolio Greek checks with option books', () => {
  const legs = [
    { contractSymbol: 'SPY240216C00100000', right: 'call' as const, strike: '100', expiry: '2024-02-16', multiplier: 100, ratio: 1, side: 'buy' as const, positionIntent: 'buy_to_open' as const },
    { contractSymbol: 'SPY240216C00105000', right: 'call' as const, strike: '105', expiry: '2024-02-16', multiplier: 100, ratio: 1, side: 'sell' as const, positionIntent: 'sell_to_open' as const },
  ];
  const spread: OrderIntentV1 = { ...baseIntent, quantity: '5', orderType: 'limit', limitPrice: '2', multiLeg: { structure: 'bull-call-spread', legs, maxLossPerUnit: '200' } };

  it('a multi-leg order without its own Greeks is measured from the snapshot\'s orderGreeks, not as shares', () => {
    // 300 shares + a held call worth 60 deltas; the spread adds 5 × 100 × (0.55 − 0.35) = 100 → 460.
    const context = withMarket(
      { positionGreeks: { SPY240216C00100000: { delta: 60, gamma: 3, vega: 12 } }, orderGreeks: { delta: 100, gamma: 0.5, vega: 2 } },
      withPolicy({ maxAbsDelta: 450 }, { ...baseContext, positions: [{ symbol: 'SPY', quantity: '300', marketValue: '30000' }, { symbol: 'SPY240216C00100000', quantity: '1', marketValue: '300' }] }),
    );
    expect(portfolioDeltaCheck.evaluate(spread, context)).toMatchObject({ passed: false, measured: '460', limit: '450' });
    // Without the snapshot's figure the spread is "not measured" (before, it counted as 5 shares).
    const { orderGreeks: _o, ...market } = context.market ?? {};
    expect(portfolioDeltaCheck.evaluate(spread, { ...context, market })).toMatchObject({ passed: true, measured: 'n/a' });
  });
});
