import {
  americanImpliedVolatility,
  americanPrice,
  bjerksundStensland2002,
  bsmPrice,
  treePrice,
} from '../../../../layers/core/options';

describe('binomial trees (CRR, Leisen–Reimer) with cash dividends', () => {
  // J. Hull, "Options, Futures, and Other Derivatives" (10th ed.), §21.1–21.3.
  it('Hull Example 21.1: American put S=50, K=50, r=10 %, σ=40 %, T=5 months, 5-step CRR → 4.49', () => {
    expect(treePrice({ kind: 'put', S: 50, K: 50, T: 5 / 12, r: 0.1, sigma: 0.4, steps: 5, method: 'crr' })).toBeCloseTo(4.49, 2);
  });
  it('Hull §21.1 convergence table: 30, 50, 100, 500 steps → 4.263, 4.272, 4.278, 4.283', () => {
    const crr = (steps: number): number => treePrice({ kind: 'put', S: 50, K: 50, T: 5 / 12, r: 0.1, sigma: 0.4, steps, method: 'crr' });
    expect(crr(30)).toBeCloseTo(4.263, 3);
    expect(crr(50)).toBeCloseTo(4.272, 3);
    expect(crr(100)).toBeCloseTo(4.278, 3);
    expect(crr(500)).toBeCloseTo(4.283, 3);
  });
  it('Hull Example 21.3 (known dividend): S=52, K=50, σ=40 %, r=10 %, T=5 months, $2.06 at 3.5 months, 5-step escrowed tree → 4.44', () => {
    const value = treePrice({ kind: 'put', S: 52, K: 50, T: 5 / 12, r: 0.1, sigma: 0.4, steps: 5, method: 'crr', dividends: [{ time: 3.5 / 12, amount: 2.06 }] });
    expect(value).toBeCloseTo(4.44, 2);
  });
  it('European trees converge to Black–Scholes–Merton (Leisen–Reimer 501 steps within 2e-5 of the price)', () => {
    for (const kind of ['call', 'put'] as const)
      for (const S of [80, 100, 125]) {
        const inputs = { kind, S, K: 100, T: 0.75, r: 0.05, q: 0.02, sigma: 0.3 };
        const bs = bsmPrice(inputs);
        expect(Math.abs(treePrice({ ...inputs, american: false }) - bs)).toBeLessThan(2e-5 * Math.max(bs, 1));
      }
  });
  it('with no dividends an American call equals the European call (tree and BS2002)', () => {
    for (const S of [70, 100, 140]) {
      const inputs = { kind: 'call' as const, S, K: 100, T: 1, r: 0.06, sigma: 0.25 };
      expect(treePrice(inputs)).toBeCloseTo(treePrice({ ...inputs, american: false }), 12);
      expect(bjerksundStensland2002({ ...inputs, b: 0.06 })).toBeCloseTo(bsmPrice(inputs), 12);
    }
  });
  it('American ≥ European, and ≥ the exercise value, over a grid (puts, calls with yield, calls with cash dividends)', () => {
    for (const kind of ['call', 'put'] as const)
      for (const S of [60, 90, 100, 110, 150])
        for (const q of [0, 0.04])
          for (const T of [1 / 52, 0.5, 2]) {
            const inputs = { kind, S, K: 100, T, r: 0.05, q, sigma: 0.3, steps: 201 };
            const euro = bsmPrice(inputs);
            const tree = treePrice(inputs);
            const bs02 = bjerksundStensland2002({ ...inputs, b: 0.05 - q });
            const exercise = Math.max(kind === 'call' ? S - 100 : 100 - S, 0);
            expect(tree).toBeGreaterThanOrEqual(euro - 1e-3 * Math.max(euro, 1)); // tree discretisation at 201 steps
            expect(bs02).toBeGreaterThanOrEqual(euro - 1e-12);
            expect(tree).toBeGreaterThanOrEqual(exercise);
            expect(bs02).toBeGreaterThanOrEqual(exercise);
          }
    const divs = [{ time: 0.3, amount: 3 }];
    const euroWithDividend = treePrice({ kind: 'call', S: 100, K: 90, T: 0.5, r: 0.05, sigma: 0.2, dividends: divs, american: false });
    const amerWithDividend = treePrice({ kind: 'call', S: 100, K: 90, T: 0.5, r: 0.05, sigma: 0.2, dividends: divs });
    expect(amerWithDividend).toBeGreaterThan(euroWithDividend + 0.05); // early exercise before the ex-date pays
  });
  it('the escrowed European tree equals BSM on S − PV(dividends) (to 2e-5)', () => {
    const divs = [{ time: 0.25, amount: 1.5 }, { time: 0.75, amount: 1.5 }];
    const pv = 1.5 * Math.exp(-0.05 * 0.25) + 1.5 * Math.exp(-0.05 * 0.75);
    for (const kind of ['call', 'put'] as const) {
      const tree = treePrice({ kind, S: 100, K: 100, T: 1, r: 0.05, sigma: 0.25, dividends: divs, american: false });
      expect(Math.abs(tree - bsmPrice({ kind, S: 100 - pv, K: 100, T: 1, r: 0.05, sigma: 0.25 }))).toBeLessThan(2e-5 * 10);
    }
  });
});

describe('Bjerksund–Stensland 2002', () => {
  it('matches a second implementation (jetblack-options, a port of Haug 2007 §3.1.4) to 1e-12', () => {
    // (call?, S, K, r, q, T, σ, value) from rob-blackbourn/jetblack-options tests/american/test_bjerksund_stensland_2002.py
    const rows: readonly [boolean, number, number, number, number, number, number, number][] = [
      [true, 110, 100, 0.1, 0.08, 0.5, 0.125, 11.071608152504766],
      [false, 110, 100, 0.1, 0.08, 0.5, 0.125, 0.5121325794818574],
      [true, 100, 100, 0.1, 0.08, 0.5, 0.125, 3.8695471290130214],
      [false, 100, 100, 0.1, 0.08, 0.5, 0.125, 3.013317901457917],
      [true, 100, 110, 0.1, 0.08, 0.5, 0.125, 0.7881689776961025],
      [false, 100, 110, 0.1, 0.08, 0.5, 0.125, 10.087984869664105],
    ];
    for (const [call, S, K, r, q, T, sigma, value] of rows) {
      expect(Math.abs(bjerksundStensland2002({ kind: call ? 'call' : 'put', S, K, T, r, b: r - q, sigma }) - value)).toBeLessThan(1e-12 * value + 1e-13);
    }
  });
  it('put–call transformation: P(S, K, r, b) = C(K, S, r − b, −b)', () => {
    const put = bjerksundStensland2002({ kind: 'put', S: 95, K: 100, T: 0.8, r: 0.06, b: 0.02, sigma: 0.3 });
    const call = bjerksundStensland2002({ kind: 'call', S: 100, K: 95, T: 0.8, r: 0.04, b: -0.02, sigma: 0.3 });
    expect(put).toBeCloseTo(call, 14);
  });
  it('stays within 1.5 % of the price (or 0.03 absolute) of a 1001-step Leisen–Reimer tree over a grid', () => {
    // BS2002 is an approximation (a two-step flat boundary): it lies below the converged value, most for
    // puts with high rates. Measured on this grid (K=100): max absolute 0.092 (put S=100, r=8 %, q=0, σ=40 %,
    // T=1: tree 12.5987, BS2002 12.5065, 0.73 %); max relative 2.3 % = 0.024 (put S=120, σ=20 %, T=1: 1.0409 vs
    // 1.0166); at the money with σ=20 %, T=0.25: 3.2248 vs 3.1808 (1.4 %).
    let worstAbs = 0;
    for (const kind of ['call', 'put'] as const)
      for (const S of [80, 100, 120])
        for (const [r, q] of [[0.08, 0.12], [0.08, 0], [0.03, 0.01]] as const)
          for (const sigma of [0.2, 0.4])
            for (const T of [0.25, 1]) {
              const tree = treePrice({ kind, S, K: 100, T, r, q, sigma, steps: 1001 });
              const approx = bjerksundStensland2002({ kind, S, K: 100, T, r, b: r - q, sigma });
              const diff = Math.abs(tree - approx);
              worstAbs = Math.max(worstAbs, diff);
              expect(diff).toBeLessThanOrEqual(Math.max(0.015 * tree, 0.03));
            }
    expect(worstAbs).toBeLessThan(0.1);
  });
});

describe('American implied volatility (Brent on the pricer)', () => {
  it('round trips σ → price → σ on the tree and on BS2002 to 1e-9', () => {
    for (const pricer of ['tree', 'bs2002'] as const)
      for (const kind of ['call', 'put'] as const)
        for (const S of [85, 100, 115])
          for (const sigma of [0.15, 0.5]) {
            const base = { kind, S, K: 100, T: 0.5, r: 0.05, q: 0.03, pricer, steps: 201 };
            const price = americanPrice({ ...base, sigma });
            const iv = americanImpliedVolatility({ ...base, price });
            if (price === 100 - S) {
              // Deep in the money and exercised at once: σ does not move the price.
              expect(iv).toMatchObject({ ok: false, reason: expect.stringMatching(/not identifiable/) });
              continue;
            }
            expect(iv.ok).toBe(true);
            if (iv.ok) expect(Math.abs(iv.value - sigma)).toBeLessThan(1e-9);
          }
  });
  it('round trips with cash dividends on the tree', () => {
    const base = { kind: 'call' as const, S: 100, K: 95, T: 0.5, r: 0.05, dividends: [{ time: 0.2, amount: 2 }], steps: 201 };
    const price = americanPrice({ ...base, sigma: 0.27 });
    const iv = americanImpliedVolatility({ ...base, price });
    expect(iv.ok && iv.value).toBeCloseTo(0.27, 9);
  });
  it('gives per-row reasons for impossible prices', () => {
    const base = { kind: 'put' as const, S: 80, K: 100, T: 0.5, r: 0.05 };
    expect(americanImpliedVolatility({ ...base, price: 19.9 })).toEqual({ ok: false, reason: 'below intrinsic value' });
    expect(americanImpliedVolatility({ ...base, price: 100 })).toMatchObject({ ok: false, reason: expect.stringMatching(/maximum/) });
    expect(americanImpliedVolatility({ ...base, price: 20 })).toMatchObject({ ok: false, reason: expect.stringMatching(/exercise value/) });
    expect(americanImpliedVolatility({ ...base, pricer: 'bs2002', dividends: [{ time: 0.1, amount: 1 }], price: 21 })).toMatchObject({ ok: false });
  });
});
