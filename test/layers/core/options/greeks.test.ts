import { europeanGreeks, europeanPrice, type EuropeanInputs, type Greeks } from '../../../../layers/core/options';

/**
 * Every Greek against central finite differences of the *price* (not of other Greeks), with one Richardson
 * extrapolation step (error O(h⁴)); mixed and higher derivatives nest the same operator. Steps scale with the
 * option's natural width S·σ·√T. Tolerances: relative 2e-7 (first order), 2e-6 (second), 2e-5 (third order
 * in S: speed, colour, zomma), plus an absolute floor of 1e-9 of the Greek's ATM magnitude and the quotient's round-off (1000·ε·V over its steps).
 */
type Fn = (x: number) => number;
const richardson = (D: (h: number) => number, h: number): number => (4 * D(h / 2) - D(h)) / 3;
const d1 = (f: Fn, x: number, h: number): number => richardson((k) => (f(x + k) - f(x - k)) / (2 * k), h);
const d2 = (f: Fn, x: number, h: number): number => richardson((k) => (f(x + k) - 2 * f(x) + f(x - k)) / (k * k), h);
const d3 = (f: Fn, x: number, h: number): number => richardson((k) => (f(x + 2 * k) - 2 * f(x + k) + 2 * f(x - k) - f(x - 2 * k)) / (2 * k * k * k), h);

type GreekName = Exclude<keyof Greeks, 'price' | 'vegaPct' | 'thetaPerDay' | 'rhoPct' | 'dividendRhoPct'>;

/** Steps of the finite differences for one case. */
function steps(base: EuropeanInputs): { hS: number; hV: number; hT: number; hR: number } {
  return { hS: 0.02 * base.S * base.sigma * Math.sqrt(base.T), hV: 0.01 * base.sigma, hT: 0.01 * base.T, hR: 1e-4 };
}

/** Round-off of each difference quotient: ~ε·V divided by the product of its steps (halved by Richardson). */
function roundOff(base: EuropeanInputs, price: number): Record<GreekName, number> {
  const { hS, hV, hT, hR } = steps(base);
  const e = 1e3 * Number.EPSILON * Math.max(price, 1e-300);
  return {
    delta: e / hS, gamma: e / hS ** 2, vega: e / hV, theta: e / hT, rho: e / hR, dividendRho: e / hR, vanna: e / (hS * hV), volga: e / hV ** 2,
    charm: e / (hS * hT), speed: e / hS ** 3, colour: e / (hS ** 2 * hT), zomma: e / (hS ** 2 * hV),
  };
}

function finiteDifferenceGreeks(base: EuropeanInputs): Record<GreekName, number> {
  const V = (over: Partial<EuropeanInputs>): number => europeanPrice({ ...base, ...over });
  const { S, T, sigma, r } = base;
  const q = base.q ?? 0;
  const { hS, hV, hT, hR } = steps(base);
  const byS = (over: Partial<EuropeanInputs>): Fn => (s) => V({ ...over, S: s });
  // Calendar time t = −T.
  return {
    delta: d1(byS({}), S, hS),
    gamma: d2(byS({}), S, hS),
    vega: d1((v) => V({ sigma: v }), sigma, hV),
    theta: -d1((t) => V({ T: t }), T, hT),
    rho: d1((x) => V({ r: x }), r, hR),
    dividendRho: base.model === 'black76' ? 0 : d1((x) => V({ q: x }), q, hR),
    vanna: d1((v) => d1(byS({ sigma: v }), S, hS), sigma, hV),
    volga: d2((v) => V({ sigma: v }), sigma, hV),
    charm: -d1((t) => d1(byS({ T: t }), S, hS), T, hT),
    speed: d3(byS({}), S, hS),
    colour: -d1((t) => d2(byS({ T: t }), S, hS), T, hT),
    zomma: d1((v) => d2(byS({ sigma: v }), S, hS), sigma, hV),
  };
}

const ORDER: Record<string, number> = { delta: 1, vega: 1, theta: 1, rho: 1, dividendRho: 1, gamma: 2, vanna: 2, volga: 2, charm: 2, speed: 3, colour: 3, zomma: 3 };
const REL = [0, 2e-7, 2e-6, 2e-5];

describe('European Greeks: published values', () => {
  // E. G. Haug, "The Complete Guide to Option Pricing Formulas", 2nd ed. (2007), §2.1 worked examples (4 decimals).
  const g = (kind: 'call' | 'put', S: number, K: number, T: number, r: number, b: number, sigma: number): Greeks => europeanGreeks({ kind, S, K, T, r, q: r - b, sigma });
  it('delta of a futures option (Haug: S=105, X=100, T=0.5, r=0.10, b=0, σ=0.36 → 0.5946 / −0.3566)', () => {
    expect(g('call', 105, 100, 0.5, 0.1, 0, 0.36).delta).toBeCloseTo(0.5946, 4);
    expect(g('put', 105, 100, 0.5, 0.1, 0, 0.36).delta).toBeCloseTo(-0.3566, 4);
    expect(europeanGreeks({ kind: 'call', model: 'black76', S: 105, K: 100, T: 0.5, r: 0.1, sigma: 0.36 }).delta).toBeCloseTo(0.5946, 4);
  });
  it('gamma (Haug: S=55, X=60, T=0.75, r=0.10, b=0.10, σ=0.30 → 0.0278)', () => {
    expect(g('call', 55, 60, 0.75, 0.1, 0.1, 0.3).gamma).toBeCloseTo(0.0278, 4);
  });
  it('theta per year and per day (Haug: put S=430, X=405, T=0.0833, r=0.07, b=0.02, σ=0.20 → −31.1924, −0.0855/day)', () => {
    const put = g('put', 430, 405, 0.0833, 0.07, 0.02, 0.2);
    expect(put.theta).toBeCloseTo(-31.1924, 4);
    expect(put.thetaPerDay).toBeCloseTo(-0.0855, 4);
  });
  it('rho (Haug: call S=72, X=75, T=1, r=0.09, b=0.09, σ=0.19 → 38.7325); per-1 % figures are ÷100', () => {
    const call = g('call', 72, 75, 1, 0.09, 0.09, 0.19);
    expect(call.rho).toBeCloseTo(38.7325, 4);
    expect(call.rhoPct).toBeCloseTo(0.387325, 6);
    expect(call.vegaPct).toBeCloseTo(call.vega / 100, 15);
  });
  it('Black-76 rho is −T·V (futures price held fixed) and has no dividend rho', () => {
    const fut = europeanGreeks({ kind: 'put', model: 'black76', S: 19, K: 19, T: 0.75, r: 0.1, sigma: 0.28 });
    expect(fut.rho).toBeCloseTo(-0.75 * fut.price, 14);
    expect(fut.dividendRho).toBe(0);
  });
  it('NaN Greeks (not an exception) at T = 0 or σ = 0', () => {
    const expired = europeanGreeks({ kind: 'call', S: 100, K: 90, T: 0, r: 0.05, sigma: 0.2 });
    expect(expired.price).toBe(10);
    expect(expired.delta).toBeNaN();
  });
});

describe('European Greeks = central finite differences of the price, every Greek', () => {
  const cases: EuropeanInputs[] = [];
  for (const kind of ['call', 'put'] as const)
    for (const model of ['bsm', 'black76'] as const)
      for (const moneyness of [0.8, 1, 1.25])
        for (const T of [1 / 365, 0.25, 2])
          for (const sigma of [0.1, 0.45]) cases.push({ kind, model, S: 100 * moneyness, K: 100, T, r: 0.04, q: model === 'bsm' ? 0.015 : 0, sigma });

  it(`${cases.length} cases (call/put × BSM/Black-76 × S/K 0.8,1,1.25 × T 1d,0.25,2 × σ 0.1,0.45)`, () => {
    const worst: Record<string, number> = {};
    for (const c of cases) {
      const analytic = europeanGreeks(c);
      const atm = europeanGreeks({ ...c, S: c.K });
      const fd = finiteDifferenceGreeks(c);
      for (const [name, value] of Object.entries(fd)) {
        const a = analytic[name as keyof Greeks];
        const tol = REL[ORDER[name] ?? 3] ?? 0;
        const floor = 1e-9 * Math.abs(atm[name as keyof Greeks]) + roundOff(c, analytic.price)[name as GreekName];
        const rel = Math.abs(value - a) / (Math.abs(a) + floor / tol);
        worst[name] = Math.max(worst[name] ?? 0, rel);
        if (rel > tol) throw new Error(`${name} ${JSON.stringify(c)}: analytic ${a}, finite difference ${value}, rel ${rel}`);
      }
    }
    expect(Object.keys(worst)).toHaveLength(12);
  });
});
