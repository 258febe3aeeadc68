import { normCdf } from '../../../../../layers/core/options';
import {
  analyzeExpiryPayoff,
  analyzeHorizonPayoff,
  bullCallSpread,
  calendarSpread,
  coveredCall,
  ironCondor,
  longCall,
  pnlAtExpiry,
  probabilityInInterval,
  probabilityOfProfit,
  protectivePut,
  riskNeutralDrift,
  straddle,
  strategyPnl,
  type Strategy,
} from '../../../../../layers/core/options/strategies';

const q = (strike: number, premium: number) => ({ strike, premium });

/** Seeded PRNG (mulberry32) and standard normals by Box–Muller. */
function normals(seed: number): () => number {
  let a = seed >>> 0;
  const u = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** Monte Carlo estimate of P(P&L > 0) with its standard error. */
function monteCarlo(pnl: (x: number) => number, S: number, sigma: number, T: number, drift: number, n: number, seed: number): { p: number; se: number } {
  const z = normals(seed);
  const m = (drift - 0.5 * sigma * sigma) * T;
  const sd = sigma * Math.sqrt(T);
  let wins = 0;
  for (let i = 0; i < n; i += 1) if (pnl(S * Math.exp(m + sd * z())) > 0) wins += 1;
  const p = wins / n;
  return { p, se: Math.sqrt((p * (1 - p)) / n) };
}

const market = { S: 100, r: 0.03, q: 0.01 };
const sigma = 0.25;
const T = 0.25;

describe('probability of profit: closed forms', () => {
  it('long call 100 @ 5: P(S_T > 105) = Φ((ln(S/105) + (r − q − σ²/2)T)/(σ√T)) (1e-15)', () => {
    const a = analyzeExpiryPayoff(longCall({ expiry: T, call: q(100, 5) }));
    const drift = riskNeutralDrift(market);
    expect(drift).toBeCloseTo(0.02, 15);
    const expected = normCdf((Math.log(100 / 105) + (0.02 - 0.5 * sigma * sigma) * T) / (sigma * Math.sqrt(T)));
    expect(Math.abs(probabilityOfProfit(a.profitRegions, { S: 100, sigma, T, drift }) - expected)).toBeLessThan(1e-15);
  });
  it('intervals: whole line = 1, the two halves around the median sum to 1, Black-76 drift is 0, degenerate σ = 0 is a point mass', () => {
    const dist = { S: 100, sigma, T, drift: 0.02 };
    expect(probabilityInInterval({ lower: 0, upper: Infinity }, dist)).toBe(1);
    const median = 100 * Math.exp((0.02 - 0.5 * sigma * sigma) * T);
    expect(probabilityInInterval({ lower: 0, upper: median }, dist)).toBeCloseTo(0.5, 14);
    expect(probabilityInInterval({ lower: median, upper: Infinity }, dist)).toBeCloseTo(0.5, 14);
    expect(riskNeutralDrift({ ...market, model: 'black76' })).toBe(0);
    expect(probabilityInInterval({ lower: 101, upper: 103 }, { S: 100, sigma: 0, T: 1, drift: 0.02 })).toBe(1);
    expect(probabilityInInterval({ lower: 103, upper: Infinity }, { S: 100, sigma: 0, T: 1, drift: 0.02 })).toBe(0);
  });
  it('far-tail interval keeps relative accuracy (computed on the small side)', () => {
    const p = probabilityInInterval({ lower: 300, upper: 400 }, { S: 100, sigma: 0.2, T: 0.25, drift: 0 });
    const sd = 0.1;
    const m = -0.005;
    const expected = normCdf(-(Math.log(3) - m) / sd) - normCdf(-(Math.log(4) - m) / sd);
    expect(Math.abs(p / expected - 1)).toBeLessThan(1e-12);
    expect(p).toBeGreaterThan(0);
  });
});

describe('probability of profit against a seeded Monte Carlo (100 000 paths, within 3 standard errors)', () => {
  const cases: readonly [string, Strategy, number][] = [
    ['bull call spread 100/110', bullCallSpread({ expiry: T, lower: q(100, 6.1), upper: q(110, 2.3) }), riskNeutralDrift(market)],
    ['iron condor 85/92/108/115', ironCondor({ expiry: T, lowerPut: q(85, 0.6), upperPut: q(92, 1.8), lowerCall: q(108, 1.7), upperCall: q(115, 0.5) }), riskNeutralDrift(market)],
    ['long straddle 100', straddle({ side: 'long', expiry: T, call: q(100, 5.2), put: q(100, 4.7) }), riskNeutralDrift(market)],
    ['covered call 100/105', coveredCall({ stockPrice: 100, expiry: T, call: q(105, 2.5) }), riskNeutralDrift(market)],
    ['protective put with a user drift of 15 %', protectivePut({ stockPrice: 100, expiry: T, put: q(95, 2.9) }), 0.15],
  ];
  it.each(cases)('%s', (_name, s, drift) => {
    const exact = probabilityOfProfit(analyzeExpiryPayoff(s).profitRegions, { S: 100, sigma, T, drift });
    const mc = monteCarlo((x) => pnlAtExpiry(s, x), 100, sigma, T, drift, 100_000, 20261125);
    expect(Math.abs(exact - mc.p)).toBeLessThan(3 * mc.se);
  });
  it('call calendar at the near expiry (far leg priced by BSM), numeric breakevens', () => {
    const s = calendarSpread({ right: 'call', strike: 100, near: { expiry: 0.1, premium: 3.2, iv: 0.25 }, far: { expiry: 0.35, premium: 6.1, iv: 0.25 } });
    const a = analyzeHorizonPayoff(s, market);
    expect(a.breakevens).toHaveLength(2);
    const exact = probabilityOfProfit(a.profitRegions, { S: 100, sigma, T: 0.1, drift: riskNeutralDrift(market) });
    const mc = monteCarlo((x) => strategyPnl(s, market, 0.1, x), 100, sigma, 0.1, riskNeutralDrift(market), 50_000, 99);
    expect(Math.abs(exact - mc.p)).toBeLessThan(3 * mc.se);
  });
});
