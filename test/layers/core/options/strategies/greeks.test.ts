import { bsmPrice, europeanGreeks } from '../../../../../layers/core/options';
import {
  calendarSpread,
  coveredCall,
  ironCondor,
  butterfly,
  strategyGreeks,
  strategyValue,
  straddle,
  type MarketInputs,
  type Strategy,
} from '../../../../../layers/core/options/strategies';

const leg = (strike: number, premium: number, iv: number) => ({ strike, premium, iv });

const strategies: readonly [string, Strategy][] = [
  ['iron condor with skew', ironCondor({ expiry: 0.3, lowerPut: leg(85, 0.6, 0.32), upperPut: leg(92, 1.8, 0.28), lowerCall: leg(108, 1.7, 0.22), upperCall: leg(115, 0.5, 0.21) })],
  ['covered call (stock leg)', coveredCall({ stockPrice: 99, expiry: 0.5, quantity: 3, call: leg(105, 2.5, 0.24) })],
  ['short straddle', straddle({ side: 'short', expiry: 0.2, call: leg(100, 4.6, 0.26), put: leg(100, 4.2, 0.27) })],
  ['put butterfly', butterfly({ right: 'put', expiry: 0.4, lower: leg(90, 1.5, 0.3), middle: leg(100, 4.5, 0.26), upper: leg(110, 10.9, 0.24) })],
  ['put calendar (two expiries)', calendarSpread({ right: 'put', strike: 95, near: { expiry: 0.1, premium: 1.2, iv: 0.3 }, far: { expiry: 0.45, premium: 3.4, iv: 0.27 } })],
];
const markets: readonly [string, MarketInputs][] = [
  ['BSM with yield', { S: 101, r: 0.04, q: 0.015 }],
  ['Black-76', { S: 101, r: 0.04, model: 'black76' }],
];

describe('position Greeks = finite differences of the strategy value', () => {
  for (const [mName, market] of markets) {
    it.each(strategies)(`%s (${mName})`, (_name, s) => {
      const g = strategyGreeks(s, market);
      const V = (m: MarketInputs = market, t = 0, S = market.S, dv = 0): number => strategyValue(s, m, t, S, dv);
      expect(Math.abs(g.value - V())).toBeLessThan(1e-9);
      const hS = 1e-4 * market.S;
      // Central differences: O(h²) truncation; tolerances sized to it with room for rounding (values ~1e4).
      const fdDelta = (V(market, 0, market.S + hS) - V(market, 0, market.S - hS)) / (2 * hS);
      const hG = 1e-2 * market.S;
      const fdGamma = (V(market, 0, market.S + hG) - 2 * V() + V(market, 0, market.S - hG)) / (hG * hG);
      const hv = 1e-4;
      const fdVega = (V(market, 0, market.S, hv) - V(market, 0, market.S, -hv)) / (2 * hv);
      const ht = 1e-5;
      const fdTheta = (V(market, ht) - V(market, -ht)) / (2 * ht);
      const hr = 1e-5;
      const fdRho = (V({ ...market, r: market.r + hr }) - V({ ...market, r: market.r - hr })) / (2 * hr);
      const close = (a: number, b: number, tol: number): void => expect(Math.abs(a - b)).toBeLessThan(tol * Math.max(1, Math.abs(b)));
      close(g.delta, fdDelta, 1e-5);
      close(g.gamma, fdGamma, 1e-3);
      close(g.vega, fdVega, 1e-6);
      close(g.theta, fdTheta, 1e-5);
      close(g.rho, fdRho, 1e-6);
      expect(g.thetaPerDay).toBeCloseTo(g.theta / 365, 12);
      expect(g.vegaPct).toBeCloseTo(g.vega / 100, 12);
      if (market.model !== 'black76') {
        const hq = 1e-5;
        const fdDivRho = (V({ ...market, q: (market.q ?? 0) + hq }) - V({ ...market, q: (market.q ?? 0) - hq })) / (2 * hq);
        close(g.dividendRho, fdDivRho, 1e-6);
      }
    });
  }
  it('covered call by hand: delta = 100·shares-per-contract·quantity − 100·quantity·Δcall; value = shares·S − 100·quantity·call', () => {
    const market = { S: 99, r: 0.04, q: 0.015 };
    const s = coveredCall({ stockPrice: 99, expiry: 0.5, quantity: 3, call: leg(105, 2.5, 0.24) });
    const c = europeanGreeks({ kind: 'call', S: 99, K: 105, T: 0.5, r: 0.04, q: 0.015, sigma: 0.24 });
    const g = strategyGreeks(s, market);
    expect(g.delta).toBeCloseTo(300 - 300 * c.delta, 10);
    expect(g.gamma).toBeCloseTo(-300 * c.gamma, 12);
    expect(g.value).toBeCloseTo(300 * 99 - 300 * bsmPrice({ kind: 'call', S: 99, K: 105, T: 0.5, r: 0.04, q: 0.015, sigma: 0.24 }), 9);
  });
  it('an expired leg contributes its intrinsic value and no Greeks', () => {
    const s = calendarSpread({ right: 'call', strike: 100, near: { expiry: 0.1, premium: 3, iv: 0.25 }, far: { expiry: 0.4, premium: 6, iv: 0.25 } });
    const market = { S: 104, r: 0.03 };
    const g = strategyGreeks(s, market, 0.1);
    const far = europeanGreeks({ kind: 'call', S: 104, K: 100, T: 0.3, r: 0.03, sigma: 0.25 });
    expect(g.value).toBeCloseTo(-100 * 4 + 100 * far.price, 9);
    expect(g.delta).toBeCloseTo(100 * far.delta, 12);
  });
  it('a live option leg without an IV is an error naming the leg', () => {
    const s = straddle({ side: 'long', expiry: 0.2, call: { strike: 100, premium: 4 }, put: { strike: 100, premium: 4 } });
    expect(() => strategyGreeks(s, { S: 100, r: 0.03 })).toThrow(/call 100 has no implied volatility/);
    expect(() => strategyValue(s, { S: 100, r: 0.03 })).toThrow(/no implied volatility/);
  });
});
