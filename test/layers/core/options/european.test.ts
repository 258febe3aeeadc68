import { black76Price, blackUndiscounted, bsmPrice, europeanPrice, normalisedBlackCall, normCdf } from '../../../../layers/core/options';

describe('European prices: published values', () => {
  it('Hull, "Options, Futures, and Other Derivatives" (10th ed.), Example 15.6: S=42, K=40, r=10 %, σ=20 %, T=0.5 → c = 4.76, p = 0.81', () => {
    expect(bsmPrice({ kind: 'call', S: 42, K: 40, T: 0.5, r: 0.1, sigma: 0.2 })).toBeCloseTo(4.76, 2);
    expect(bsmPrice({ kind: 'put', S: 42, K: 40, T: 0.5, r: 0.1, sigma: 0.2 })).toBeCloseTo(0.81, 2);
  });
  it('Haug (2007) §1.1.1 Black–Scholes: S=60, X=65, T=0.25, r=8 %, σ=30 % → call 2.1334', () => {
    expect(bsmPrice({ kind: 'call', S: 60, K: 65, T: 0.25, r: 0.08, sigma: 0.3 })).toBeCloseTo(2.1334, 4);
  });
  it('Haug (2007) §1.1.4 Merton (1973) with yield: S=100, X=95, T=0.5, r=10 %, q=5 %, σ=20 % → put 2.4648', () => {
    expect(bsmPrice({ kind: 'put', S: 100, K: 95, T: 0.5, r: 0.1, q: 0.05, sigma: 0.2 })).toBeCloseTo(2.4648, 4);
  });
  it('Haug (2007) §1.1.5 Black-76: F=19, X=19, T=0.75, r=10 %, σ=28 % → call = put = 1.7011', () => {
    expect(black76Price({ kind: 'call', S: 19, K: 19, T: 0.75, r: 0.1, sigma: 0.28 })).toBeCloseTo(1.7011, 4);
    expect(black76Price({ kind: 'put', S: 19, K: 19, T: 0.75, r: 0.1, sigma: 0.28 })).toBeCloseTo(1.7011, 4);
  });
});

describe('European prices: identities', () => {
  it('put–call parity c − p = S·e^{−qT} − K·e^{−rT} (BSM) and e^{−rT}(F − K) (Black-76), to 1e-13 of S', () => {
    for (const S of [50, 90, 100, 110, 200])
      for (const T of [1 / 8760, 1 / 365, 0.5, 5])
        for (const sigma of [0.05, 0.3, 1.5]) {
          const base = { S, K: 100, T, r: 0.05, q: 0.02, sigma };
          const lhs = bsmPrice({ ...base, kind: 'call' }) - bsmPrice({ ...base, kind: 'put' });
          expect(Math.abs(lhs - (S * Math.exp(-0.02 * T) - 100 * Math.exp(-0.05 * T)))).toBeLessThan(1e-13 * S);
          const fut = { S, K: 100, T, r: 0.05, sigma };
          const f = black76Price({ ...fut, kind: 'call' }) - black76Price({ ...fut, kind: 'put' });
          expect(Math.abs(f - Math.exp(-0.05 * T) * (S - 100))).toBeLessThan(1e-13 * S);
        }
  });
  it('Black-76 equals BSM with q = r (the forward is then the spot)', () => {
    for (const kind of ['call', 'put'] as const) {
      const a = black76Price({ kind, S: 97, K: 100, T: 0.7, r: 0.03, sigma: 0.25 });
      const b = bsmPrice({ kind, S: 97, K: 100, T: 0.7, r: 0.03, q: 0.03, sigma: 0.25 });
      expect(Math.abs(a - b)).toBeLessThan(1e-14 * 100);
    }
  });
  it('matches the textbook Φ(d1)/Φ(d2) formula where that formula is well conditioned (1e-14 relative)', () => {
    for (const S of [80, 100, 120])
      for (const sigma of [0.1, 0.3]) {
        const T = 0.8;
        const d1 = (Math.log(S / 100) + (0.05 - 0.01 + sigma * sigma / 2) * T) / (sigma * Math.sqrt(T));
        const d2 = d1 - sigma * Math.sqrt(T);
        const call = S * Math.exp(-0.01 * T) * normCdf(d1) - 100 * Math.exp(-0.05 * T) * normCdf(d2);
        expect(Math.abs(bsmPrice({ kind: 'call', S, K: 100, T, r: 0.05, q: 0.01, sigma }) / call - 1)).toBeLessThan(1e-13);
      }
  });
  it('the four evaluation regions of the normalised Black function join without a jump (1e-13 in ln b)', () => {
    // Region borders: h = x/s = −10 (asymptotic expansion), t = s/2 = 2·ε^{1/16} ≈ 0.21 (small-t expansion), h + t = 0.85.
    const erfcxForm = (x: number, s: number): number => {
      // Direct Φ form in log space as an independent check where it is well conditioned enough.
      return normCdf(x / s + s / 2) * Math.exp(x / 2) - normCdf(x / s - s / 2) * Math.exp(-x / 2);
    };
    // A jump at a border shows up in the second difference of ln b across it; the smooth part is ~1e-16 here.
    const jump = (x: number, s: number, dx: number, ds: number): number =>
      Math.abs(Math.log(normalisedBlackCall(x - dx, s - ds)) + Math.log(normalisedBlackCall(x + dx, s + ds)) - 2 * Math.log(normalisedBlackCall(x, s)));
    const tau = 2 * Math.pow(Number.EPSILON, 1 / 16);
    for (const s of [0.3, 0.6, 1.2, 3]) expect(jump(-10 * s, s, 1e-9 * s, 0)).toBeLessThan(1e-13); // h = −10
    for (const x of [-0.01, -0.5, -2, -5]) expect(jump(x, 2 * tau, 0, 1e-9)).toBeLessThan(1e-13); // t = τ
    for (const s of [2, 3, 4]) expect(jump((0.85 - 0.5 * s) * s, s, 1e-9, 0)).toBeLessThan(1e-13); // h + t = 0.85 (x ≤ 0 needs s ≥ 1.7)
    for (const [x, s] of [[-0.2, 1], [-1, 1.5], [-0.05, 0.4]] as const) {
      expect(Math.abs(normalisedBlackCall(x, s) / erfcxForm(x, s) - 1)).toBeLessThan(1e-13);
    }
  });
  it('keeps relative accuracy far out of the money where the textbook formula returns 0 or noise', () => {
    // Deep OTM 1-hour call: the price is tiny but positive and decreasing in K.
    const T = 1 / 8760;
    const p1 = europeanPrice({ kind: 'call', S: 100, K: 103, T, r: 0.05, sigma: 0.2 });
    const p2 = europeanPrice({ kind: 'call', S: 100, K: 104, T, r: 0.05, sigma: 0.2 });
    expect(p1).toBeGreaterThan(p2);
    expect(p2).toBeGreaterThan(0);
    // Deep ITM: the time value is kept: price − intrinsic > 0 and equals the OTM put by parity.
    const itm = blackUndiscounted('call', 150, 100, 0.2, 1 / 365);
    const otmPut = blackUndiscounted('put', 150, 100, 0.2, 1 / 365);
    expect(itm - 50).toBeCloseTo(otmPut, 12);
  });
  it('T = 0 or σ = 0 gives the discounted intrinsic value', () => {
    expect(bsmPrice({ kind: 'call', S: 110, K: 100, T: 0, r: 0.05, sigma: 0.2 })).toBe(10);
    expect(bsmPrice({ kind: 'put', S: 110, K: 100, T: 1, r: 0, sigma: 0 })).toBe(0);
    expect(black76Price({ kind: 'put', S: 90, K: 100, T: 1, r: 0.05, sigma: 0 })).toBeCloseTo(10 * Math.exp(-0.05), 13);
  });
});
