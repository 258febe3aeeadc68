import {
  blackImpliedVolatility,
  europeanGreeks,
  europeanImpliedVolatility,
  europeanPrice,
  type EuropeanInputs,
} from '../../../../layers/core/options';

/**
 * Round trips σ → price → σ over a large grid. How well a price determines σ is measured by the condition
 * number κ = price/(vega·σ): the price is known to ½ ulp, so no method can do better than ≈ κ·ε in σ.
 * Where κ ≤ 100 (vega not tiny) the relative error must be ≤ 1e-12; everywhere it must stay within
 * 16·κ·ε + 4ε (a few ulps of the price). Measured with two Householder steps: max 3.2e-14 where κ ≤ 100.
 */
describe("implied volatility: Let's Be Rational", () => {
  const hour = 1 / (365 * 24);
  const Ts = [hour, 1 / 365, 7 / 365, 0.25, 1, 5, 30];
  const sigmas = [0.01, 0.05, 0.1, 0.2, 0.35, 0.6, 1, 2, 4];
  const moneyness: number[] = [];
  for (let k = -60; k <= 60; k += 1) moneyness.push(Math.exp(k * 0.05)); // K/S from e^{−3} to e^{3}

  it(`round trip over ${2 * 2 * Ts.length * sigmas.length * 121} prices (call/put × BSM/Black-76 × T 1 hour … 30 y × σ 1 % … 400 % × ln(K/S) ∈ [−3, 3])`, () => {
    let worstWellConditioned = 0;
    let worstUlps = 0;
    let solved = 0;
    for (const kind of ['call', 'put'] as const)
      for (const model of ['bsm', 'black76'] as const)
        for (const T of Ts)
          for (const sigma of sigmas)
            for (const m of moneyness) {
              const inputs: EuropeanInputs = { kind, model, S: 100, K: 100 * m, T, r: 0.03, q: model === 'bsm' ? 0.01 : 0, sigma };
              const price = europeanPrice(inputs);
              if (!(price > 1e-290)) continue; // below the normal-number range there is nothing to invert
              const iv = europeanImpliedVolatility({ ...inputs, price });
              const vega = europeanGreeks(inputs).vega;
              const kappa = price / (vega * sigma);
              if (!iv.ok) {
                // Only prices that round to a bound (intrinsic or maximum) may fail; then σ is not identifiable.
                expect(kappa).toBeGreaterThan(1e12);
                continue;
              }
              solved += 1;
              const rel = Math.abs(iv.value / sigma - 1);
              if (kappa <= 100) worstWellConditioned = Math.max(worstWellConditioned, rel);
              if (kappa * Number.EPSILON < 1e-2) worstUlps = Math.max(worstUlps, rel / (16 * kappa * Number.EPSILON + 4 * Number.EPSILON));
            }
    expect(solved).toBeGreaterThan(12000);
    expect(worstWellConditioned).toBeLessThan(1e-12);
    expect(worstUlps).toBeLessThan(1);
  });

  it('normalised grid: |ln(F/K)| up to 30 and σ√T from 1e-7 to 30', () => {
    let worst = 0;
    for (let x = -30; x <= 30; x += 0.37)
      for (let l = -7; l <= 1.5; l += 0.1) {
        const s = 10 ** l;
        for (const kind of ['call', 'put'] as const) {
          const F = 100 * Math.exp(x);
          const price = europeanPrice({ kind, model: 'black76', S: F, K: 100, T: 1, r: 0, sigma: s });
          if (!(price > 1e-290)) continue;
          const vega = europeanGreeks({ kind, model: 'black76', S: F, K: 100, T: 1, r: 0, sigma: s }).vega;
          const kappa = price / (vega * s);
          const iv = blackImpliedVolatility(kind, price, F, 100, 1);
          if (!iv.ok || kappa * Number.EPSILON >= 1e-2) continue;
          worst = Math.max(worst, Math.abs(iv.value / s - 1) / (16 * kappa * Number.EPSILON + 4 * Number.EPSILON));
        }
      }
    expect(worst).toBeLessThan(1);
  });

  it('prices outside the no-arbitrage bounds give a reason, not an exception', () => {
    const base = { kind: 'call' as const, S: 100, K: 90, T: 0.5, r: 0.05, q: 0 };
    const intrinsic = 100 - 90 * Math.exp(-0.05 * 0.5);
    expect(europeanImpliedVolatility({ ...base, price: intrinsic - 0.01 })).toEqual({ ok: false, reason: 'below intrinsic value' });
    expect(europeanImpliedVolatility({ ...base, price: 100 })).toMatchObject({ ok: false, reason: expect.stringMatching(/maximum/) });
    expect(europeanImpliedVolatility({ ...base, kind: 'put', price: 90 })).toMatchObject({ ok: false, reason: expect.stringMatching(/maximum/) });
    expect(europeanImpliedVolatility({ ...base, price: Number.NaN })).toMatchObject({ ok: false });
    expect(europeanImpliedVolatility({ ...base, T: 0, price: 12 })).toMatchObject({ ok: false, reason: expect.stringMatching(/T must be > 0/) });
    expect(europeanImpliedVolatility({ ...base, S: -1, price: 12 })).toMatchObject({ ok: false, reason: expect.stringMatching(/^S/) });
    // Exactly the intrinsic value: σ = 0.
    expect(europeanImpliedVolatility({ ...base, K: 120, price: 0 })).toEqual({ ok: true, value: 0 });
  });

  it('recovers Hull Example 15.6 σ = 20 % from its printed call price 4.7594 (to the 4-decimal rounding)', () => {
    const iv = europeanImpliedVolatility({ kind: 'call', S: 42, K: 40, T: 0.5, r: 0.1, price: 4.7594 });
    expect(iv.ok && iv.value).toBeCloseTo(0.2, 4);
  });
});
