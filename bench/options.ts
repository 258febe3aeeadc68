/**
 * Options kernels: closed-form Greeks per second and implied-volatility solves per second on a fixed
 * 100 000-point grid, with the maximum implied-volatility round-trip error found on that grid, against a
 * baseline in the same process: a plain Newton–Raphson IV (start σ = √(2|ln(F/K)|/T) or 0.2, at most 100
 * steps, stop at |Δσ| < 1e-12, σ kept in [1e-8, 10]) on the textbook Φ(d1)/Φ(d2) formula.
 *
 * Grid (100 000 points): call/put × 50 strikes K/S = e^{k}, k ∈ [−1.5, 1.5] × 25 volatilities 5 %…150 %
 * (geometric) × 40 expiries 1 hour…5 years (geometric), S = 100, r = 3 %, q = 1 %, BSM.
 *
 * Standalone: `npx tsx bench/options.ts [--quick]`; also run by bench/run.ts.
 */
import { europeanGreeks, europeanImpliedVolatility, europeanPrice, normCdf, type EuropeanInputs } from '../layers/core/options';
import { measureThroughput, DEFAULTS } from './harness';
import type { Figure } from './report';

export interface OptionsBenchOptions {
  readonly log?: (line: string) => void;
  readonly quick?: boolean;
}

const GROUP = '9 options';

/** The 100 000-point grid of the module comment, with each point's price. */
export function optionsGrid(): { readonly inputs: EuropeanInputs[]; readonly prices: Float64Array } {
  const inputs: EuropeanInputs[] = [];
  const geometric = (lo: number, hi: number, n: number, i: number): number => lo * Math.pow(hi / lo, i / (n - 1));
  for (const kind of ['call', 'put'] as const)
    for (let k = 0; k < 50; k += 1)
      for (let v = 0; v < 25; v += 1)
        for (let t = 0; t < 40; t += 1) {
          inputs.push({ kind, model: 'bsm', S: 100, K: 100 * Math.exp(-1.5 + (3 * k) / 49), T: geometric(1 / 8760, 5, 40, t), r: 0.03, q: 0.01, sigma: geometric(0.05, 1.5, 25, v) });
        }
  return { inputs, prices: Float64Array.from(inputs, (i) => europeanPrice(i)) };
}

/** Baseline: textbook BSM price and vega, plain Newton–Raphson. */
function textbookPrice(i: EuropeanInputs, sigma: number): number {
  const q = i.q ?? 0;
  const vst = sigma * Math.sqrt(i.T);
  const d1 = (Math.log(i.S / i.K) + (i.r - q + 0.5 * sigma * sigma) * i.T) / vst;
  const d2 = d1 - vst;
  const s = i.kind === 'call' ? 1 : -1;
  return s * (i.S * Math.exp(-q * i.T) * normCdf(s * d1) - i.K * Math.exp(-i.r * i.T) * normCdf(s * d2));
}
export function newtonImpliedVolatility(i: EuropeanInputs, price: number): number {
  const q = i.q ?? 0;
  const F = i.S * Math.exp((i.r - q) * i.T);
  const guess = Math.sqrt((2 * Math.abs(Math.log(F / i.K))) / i.T);
  let sigma = guess > 1e-3 && guess < 5 ? guess : 0.2;
  for (let n = 0; n < 100; n += 1) {
    const vst = sigma * Math.sqrt(i.T);
    const d1 = (Math.log(i.S / i.K) + (i.r - q + 0.5 * sigma * sigma) * i.T) / vst;
    const vega = i.S * Math.exp(-q * i.T) * Math.exp(-0.5 * d1 * d1) * 0.3989422804014327 * Math.sqrt(i.T);
    if (!(vega > 0)) return Number.NaN;
    const step = (textbookPrice(i, sigma) - price) / vega;
    const next = Math.min(10, Math.max(1e-8, sigma - step));
    if (Math.abs(next - sigma) < 1e-12) return next;
    sigma = next;
  }
  return sigma;
}

interface ErrorStats {
  /** Max relative σ error where κ = price/(vega·σ) ≤ 100. */
  readonly maxRelWellConditioned: number;
  /** Points solved (ok and finite). */
  readonly solved: number;
  /** Points with relative error > 1e-6 or no answer. */
  readonly failed: number;
  readonly wellConditioned: number;
}

function errorStats(inputs: readonly EuropeanInputs[], prices: Float64Array, solve: (i: EuropeanInputs, p: number) => number): ErrorStats {
  let maxRel = 0;
  let solved = 0;
  let failed = 0;
  let wellConditioned = 0;
  inputs.forEach((inp, k) => {
    const price = prices[k] ?? Number.NaN;
    const sigma = solve(inp, price);
    const vega = europeanGreeks(inp).vega;
    const kappa = price / (vega * inp.sigma);
    const rel = Math.abs(sigma / inp.sigma - 1);
    if (Number.isFinite(sigma)) solved += 1;
    // Prices that underflow (≤ 1e-290) carry no information about σ; they are left out like ill-conditioned ones.
    if (kappa <= 100 && price > 1e-290) {
      wellConditioned += 1;
      if (!(rel <= 1e-6)) failed += 1;
      if (Number.isFinite(rel)) maxRel = Math.max(maxRel, rel);
      else maxRel = Number.POSITIVE_INFINITY;
    }
  });
  return { maxRelWellConditioned: maxRel, solved, failed, wellConditioned };
}

export function benchOptions(options: OptionsBenchOptions = {}): Figure[] {
  const log = options.log ?? ((): void => undefined);
  const harness = options.quick ? { warmupMs: 100, samples: 5, sampleMs: 100 } : { ...DEFAULTS, sampleMs: 200 };
  const { inputs, prices } = optionsGrid();
  const n = inputs.length;
  const grid = `${n.toLocaleString('en-US')}-point BSM grid (call/put × 50 strikes K/S e^±1.5 × 25 σ 5 %…150 % × 40 T 1 h…5 y; S=100, r=3 %, q=1 %)`;
  const lbr = (i: EuropeanInputs, p: number): number => {
    const out = europeanImpliedVolatility({ ...i, price: p });
    return out.ok ? out.value : Number.NaN;
  };

  log('  greeks');
  const greeks = measureThroughput({
    ...harness,
    opsPerRep: n,
    body: (reps) => {
      let acc = 0;
      for (let r = 0; r < reps; r += 1) for (const i of inputs) acc += europeanGreeks(i).zomma;
      return acc;
    },
  });
  log('  price');
  const price = measureThroughput({
    ...harness,
    opsPerRep: n,
    body: (reps) => {
      let acc = 0;
      for (let r = 0; r < reps; r += 1) for (const i of inputs) acc += europeanPrice(i);
      return acc;
    },
  });
  log("  iv: Let's Be Rational");
  const ivLbr = measureThroughput({
    ...harness,
    opsPerRep: n,
    body: (reps) => {
      let acc = 0;
      for (let r = 0; r < reps; r += 1) for (let k = 0; k < n; k += 1) acc += lbr(inputs[k] as EuropeanInputs, prices[k] ?? 0);
      return acc;
    },
  });
  log('  iv: Newton–Raphson baseline');
  const ivNewton = measureThroughput({
    ...harness,
    opsPerRep: n,
    body: (reps) => {
      let acc = 0;
      for (let r = 0; r < reps; r += 1) for (let k = 0; k < n; k += 1) acc += newtonImpliedVolatility(inputs[k] as EuropeanInputs, prices[k] ?? 0);
      return acc;
    },
  });
  log('  iv round-trip errors');
  const lbrErrors = errorStats(inputs, prices, lbr);
  const newtonErrors = errorStats(inputs, prices, newtonImpliedVolatility);
  const spread = (s: { iqrPct: number }): string => `IQR ±${(s.iqrPct / 2).toFixed(1)} %`;
  const method = (what: string, s: { samples: number; repsPerSample: number }): string =>
    `${what}; ${grid}; median of ${s.samples} samples × ${s.repsPerSample} pass(es)`;
  return [
    {
      id: 'options.greeks',
      group: GROUP,
      name: 'European Greeks (price + 16 figures, closed form)',
      value: greeks.opsPerSec,
      unit: 'options/s',
      baseline: { name: 'price alone', value: price.opsPerSec },
      ratio: greeks.opsPerSec / price.opsPerSec,
      spread: spread(greeks),
      method: method('one op = europeanGreeks() of one grid point', greeks),
      stats: greeks,
    },
    {
      id: 'options.iv.lbr',
      group: GROUP,
      name: "implied vol, Let's Be Rational (2 Householder steps)",
      value: ivLbr.opsPerSec,
      unit: 'solves/s',
      baseline: { name: 'plain Newton–Raphson', value: ivNewton.opsPerSec },
      ratio: ivLbr.opsPerSec / ivNewton.opsPerSec,
      spread: spread(ivLbr),
      method: method('one op = europeanImpliedVolatility() of the grid price', ivLbr),
      stats: ivLbr,
    },
    {
      id: 'options.iv.lbr.max-error',
      group: GROUP,
      name: "IV round-trip max relative σ error, Let's Be Rational (κ ≤ 100)",
      value: lbrErrors.maxRelWellConditioned,
      unit: 'relative',
      baseline: { name: 'Newton–Raphson', value: newtonErrors.maxRelWellConditioned },
      spread: `${lbrErrors.failed} of ${lbrErrors.wellConditioned} above 1e-6 (Newton: ${newtonErrors.failed})`,
      method: `σ → price → σ on the ${grid}; κ = price/(vega·σ) ≤ 100 and price > 1e-290 keep the points whose price determines σ (${lbrErrors.wellConditioned} points); failures count no answer or error > 1e-6`,
      stats: { lbr: lbrErrors, newton: newtonErrors },
    },
  ];
}

if (process.argv[1]?.endsWith('options.ts') === true) {
  const { renderTable } = await import('./report');
  const figures = benchOptions({ log: (l) => process.stderr.write(`${l}\n`), quick: process.argv.includes('--quick') });
  process.stdout.write(`${renderTable(figures)}\n`);
}
