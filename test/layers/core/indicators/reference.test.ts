/**
 * Independent references. Where trading-signals 8.3.0 (MIT, dev dependency) has the indicator,
 * our batch output is compared to it on real SPY minute bars; tolerances and convention differences
 * are stated per test. Otherwise a closed form or a second, straightforward implementation is used.
 */
import {
  ADX,
  ATR,
  BollingerBands,
  CCI,
  DEMA,
  DonchianChannels,
  EMA,
  getLogReturns,
  getStandardDeviation,
  getZScore,
  KeltnerChannels,
  MACD,
  MOM,
  OBV,
  ROC,
  RSI,
  SMA,
  StochasticOscillator,
  TEMA,
  VWAP,
  WilliamsR,
  WMA,
} from 'trading-signals';
import {
  adxBatch,
  atrBatch,
  bollingerBatch,
  cciBatch,
  demaBatch,
  donchianBatch,
  emaBatch,
  hurst,
  hurstBatch,
  keltnerBatch,
  macdBatch,
  momentumBatch,
  obvBatch,
  rocBatch,
  rollingVolatilityBatch,
  rsiBatch,
  smaFrameworkBatch,
  stochasticBatch,
  temaBatch,
  vwapBatch,
  williamsRBatch,
  wmaBatch,
  zScoreBatch,
  type IndicatorBar,
} from '../../../../layers/core/indicators';
import { loadSpy, syntheticSeries, type TestSeries } from './series';

let spy: TestSeries;
beforeAll(async () => {
  spy = await loadSpy();
});

/**
 * Compares ours[i] with ref(i) from bar `from` on: |a − b| ≤ tol·max(1, |b|) (relative for values
 * above 1, absolute below). Reference nulls must coincide with our NaNs from `from` on.
 */
function expectClose(ours: Float64Array, ref: readonly (number | null)[], tol: number, from = 0): void {
  let compared = 0;
  for (let i = from; i < ours.length; i += 1) {
    const a = ours[i] ?? Number.NaN;
    const b = ref[i] ?? null;
    if (b === null || !Number.isFinite(b)) {
      if (!Number.isNaN(a) && b === null) throw new Error(`[${i}] ours ${a}, reference has no value`);
      continue;
    }
    if (Number.isNaN(a)) throw new Error(`[${i}] ours NaN, reference ${b}`);
    if (Math.abs(a - b) > tol * Math.max(1, Math.abs(b))) throw new Error(`[${i}] ours ${a} vs reference ${b} (tol ${tol})`);
    compared += 1;
  }
  expect(compared).toBeGreaterThan((ours.length - from) / 2);
}

/** Runs a trading-signals indicator over inputs, mapping each update's result. */
function tsRun<I, R>(update: (input: I) => R | null, inputs: readonly I[]): (R | null)[] {
  return inputs.map((x) => update(x));
}

const candles = (s: TestSeries): IndicatorBar[] => [...s.bars];

describe('against trading-signals 8.3.0 (same conventions: identical up to rounding, tol 1e-9)', () => {
  it('SMA(20)', () => {
    const ts = new SMA(20);
    expectClose(smaFrameworkBatch(spy.columns.close, { period: 20 }), tsRun((x: number) => ts.add(x), spy.closes), 1e-9);
  });
  it('WMA(10)', () => {
    const ts = new WMA(10);
    expectClose(wmaBatch(spy.columns.close, { period: 10 }), tsRun((x: number) => ts.add(x), spy.closes), 1e-9);
  });
  it('RSI(14), Wilder smoothing seeded with the SMA of the first 14 changes (trading-signals WSMA)', () => {
    const ts = new RSI(14);
    expectClose(rsiBatch(spy.columns.close, { period: 14 }), tsRun((x: number) => ts.add(x), spy.closes), 1e-9);
  });
  it('Bollinger(20, 2), population σ', () => {
    const ts = new BollingerBands(20, 2);
    const ref = tsRun((x: number) => ts.add(x), spy.closes);
    const ours = bollingerBatch(spy.columns.close, { period: 20, multiplier: 2 });
    expectClose(ours.upper, ref.map((r) => r?.upper ?? null), 1e-9);
    expectClose(ours.middle, ref.map((r) => r?.middle ?? null), 1e-9);
    expectClose(ours.lower, ref.map((r) => r?.lower ?? null), 1e-9);
  });
  it('ATR(14), Wilder smoothing, first TR = high − low', () => {
    const ts = new ATR(14);
    expectClose(atrBatch(spy.columns, { period: 14 }), tsRun((b: IndicatorBar) => ts.add(b), candles(spy)), 1e-9);
  });
  it('Stochastic(14, 3, 3)', () => {
    const ts = new StochasticOscillator({ kPeriod: 14, kSlowingPeriod: 3, dPeriod: 3 });
    const ref = tsRun((b: IndicatorBar) => ts.add(b), candles(spy));
    const ours = stochasticBatch(spy.columns, { kPeriod: 14, kSmoothing: 3, dPeriod: 3 });
    expectClose(ours.k, ref.map((r) => r?.stochK ?? null), 1e-9);
    expectClose(ours.d, ref.map((r) => r?.stochD ?? null), 1e-9);
  });
  it('CCI(20) (windows with zero mean deviation skipped: trading-signals divides by 0, we return 0)', () => {
    const ts = new CCI(20);
    expectClose(cciBatch(spy.columns, { period: 20 }), tsRun((b: IndicatorBar) => ts.add(b), candles(spy)), 1e-7);
  });
  it('OBV (trading-signals OBV(2) starts at bar 2; ours is 0 at bar 1)', () => {
    const ts = new OBV(2);
    const ours = obvBatch(spy.columns);
    expect(ours[0]).toBe(0);
    expectClose(ours, tsRun((b: IndicatorBar) => ts.add({ ...b, open: b.close }), candles(spy)), 1e-12, 1);
  });
  it('VWAP anchored at the first bar (trading-signals VWAP is cumulative)', () => {
    const ts = new VWAP();
    expectClose(vwapBatch(spy.columns, { period: 0 }), tsRun((b: IndicatorBar) => ts.add(b), candles(spy)), 1e-9);
  });
  it('Donchian(20)', () => {
    const ts = new DonchianChannels(20);
    const ref = tsRun((b: IndicatorBar) => ts.add(b), candles(spy));
    const ours = donchianBatch(spy.columns, { period: 20 });
    expectClose(ours.upper, ref.map((r) => r?.upper ?? null), 0);
    expectClose(ours.lower, ref.map((r) => r?.lower ?? null), 0);
    expectClose(ours.middle, ref.map((r) => r?.middle ?? null), 1e-12);
  });
  it('ROC(10): ours in percent, trading-signals a fraction (×100)', () => {
    const ts = new ROC(10);
    expectClose(rocBatch(spy.columns.close, { period: 10 }), tsRun((x: number) => ts.add(x), spy.closes).map((r) => (r === null ? null : r * 100)), 1e-9);
  });
  it('Momentum(10)', () => {
    const ts = new MOM(10);
    expectClose(momentumBatch(spy.columns.close, { period: 10 }), tsRun((x: number) => ts.add(x), spy.closes), 1e-9);
  });
  it('Williams %R(14)', () => {
    const ts = new WilliamsR(14);
    expectClose(williamsRBatch(spy.columns, { period: 14 }), tsRun((b: IndicatorBar) => ts.add(b), candles(spy)), 1e-9);
  });
  it('z-score(20): trading-signals getZScore over each window (population σ)', () => {
    const ref = spy.closes.map((_, i) => {
      if (i < 19) return null;
      try {
        return getZScore(spy.closes.slice(i - 19, i + 1));
      } catch {
        return Number.NaN; // zero-variance window: trading-signals throws, we return 0
      }
    });
    expectClose(zScoreBatch(spy.columns.close, { period: 20 }), ref, 1e-7);
  });
  it('rolling volatility(30): trading-signals getLogReturns + population σ · √(n/(n−1)) · √annualization', () => {
    const ann = 252 * 390;
    const ref = spy.closes.map((_, i) => {
      if (i < 30) return null;
      const r = getLogReturns(spy.closes.slice(i - 30, i + 1));
      return getStandardDeviation(r) * Math.sqrt(30 / 29) * Math.sqrt(ann);
    });
    expectClose(rollingVolatilityBatch(spy.columns.close, { period: 30, annualization: ann }), ref, 1e-9);
  });
});

describe('against trading-signals where the seeding differs (compared after the seed has decayed)', () => {
  // trading-signals seeds its EMA with the first price; ours with the SMA of the first n (TA-Lib,
  // StockCharts). The difference decays as (1 − α)^t, below 1e-12 relative after the warm-up used.
  const warm = 800;
  it('EMA(10)', () => {
    const ts = new EMA(10);
    expectClose(emaBatch(spy.columns.close, { period: 10 }), tsRun((x: number) => ts.add(x), spy.closes), 1e-9, warm);
  });
  it('DEMA(10)', () => {
    const ts = new DEMA(10);
    expectClose(demaBatch(spy.columns.close, { period: 10 }), tsRun((x: number) => ts.add(x), spy.closes), 1e-9, warm);
  });
  it('TEMA(10)', () => {
    const ts = new TEMA(10);
    expectClose(temaBatch(spy.columns.close, { period: 10 }), tsRun((x: number) => ts.add(x), spy.closes), 1e-9, warm);
  });
  it('MACD(12, 26, 9) (absolute tolerance 1e-9: values are near 0)', () => {
    const ts = new MACD(new EMA(12), new EMA(26), new EMA(9));
    const ref = tsRun((x: number) => ts.add(x), spy.closes);
    const ours = macdBatch(spy.columns.close, { fast: 12, slow: 26, signal: 9 });
    expectClose(ours.macd, ref.map((r) => r?.macd ?? null), 1e-9, warm);
    expectClose(ours.signal, ref.map((r) => r?.signal ?? null), 1e-9, warm);
    expectClose(ours.histogram, ref.map((r) => r?.histogram ?? null), 1e-9, warm);
  });
  it('Keltner(20, 10, 2)', () => {
    const ts = new KeltnerChannels({ emaInterval: 20, atrInterval: 10, multiplier: 2 });
    const ref = tsRun((b: IndicatorBar) => ts.add(b), candles(spy));
    const ours = keltnerBatch(spy.columns, { emaPeriod: 20, atrPeriod: 10, multiplier: 2 });
    expectClose(ours.middle, ref.map((r) => r?.middle ?? null), 1e-9, warm);
    expectClose(ours.upper, ref.map((r) => r?.upper ?? null), 1e-9, warm);
  });
  it('ADX(14) on the synthetic series: trading-signals feeds a zero DM and TR = H − L for the first bar (Wilder starts at bar 2), its DI are fractions (×100), and on a tie up = down > 0 it counts both +DM and −DM where we (Wilder) count neither; ties are common in tick-sized minute bars and have probability 0 in the continuous synthetic series', () => {
    const series = syntheticSeries(1500, 20261125);
    const ts = new ADX(14);
    const ref = candles(series).map((b) => {
      const v = ts.add(b);
      return { adx: v, pdi: ts.pdi === undefined ? null : ts.pdi * 100, mdi: ts.mdi === undefined ? null : ts.mdi * 100 };
    });
    const ours = adxBatch(series.columns, { period: 14 });
    expectClose(ours.adx, ref.map((r) => r.adx), 1e-9, warm);
    expectClose(ours.plusDI, ref.map((r) => r.pdi), 1e-9, warm);
    expectClose(ours.minusDI, ref.map((r) => r.mdi), 1e-9, warm);
  });
});

describe('published values, closed forms and a second implementation', () => {
  it('EMA seed is the SMA of the first n; a constant series is its own EMA/DEMA/TEMA/WMA', () => {
    const x = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const e = emaBatch(x, { period: 3 });
    expect(Number.isNaN(e[1])).toBe(true);
    expect(e[2]).toBe(2);
    expect(e[3]).toBeCloseTo(2 + 0.5 * (4 - 2), 14);
    const c = new Float64Array(100).fill(42);
    for (const f of [emaBatch, demaBatch, temaBatch, wmaBatch]) expect(f(c, { period: 7 })[99]).toBeCloseTo(42, 12);
    expect(Number.isNaN(demaBatch(c, { period: 7 })[11])).toBe(true);
    expect(demaBatch(c, { period: 7 })[12]).toBeCloseTo(42, 12);
    expect(Number.isNaN(temaBatch(c, { period: 7 })[17])).toBe(true);
    expect(temaBatch(c, { period: 7 })[18]).toBeCloseTo(42, 12);
  });

  // The sheet rounds its intermediate average gain/loss, so its RSI sits up to ~0.07 above the exact
  // values at the start, converging later: a sanity check (tol 0.1); trading-signals is the 1e-9 reference.
  it('RSI(14) is within 0.1 of StockCharts\' published RSI table (ChartSchool "RSI" spreadsheet)', () => {
    const closes = [
      44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.1, 45.42, 45.84, 46.08, 45.89, 46.03, 45.61, 46.28, 46.28, 46.0, 46.03, 46.41, 46.22, 45.64,
      46.21, 46.25, 45.71, 46.45, 45.78, 45.35, 44.03, 44.18, 44.22, 44.57, 43.42, 42.66, 43.13,
    ];
    const published = [70.53, 66.32, 66.55, 69.41, 66.36, 57.97, 62.93, 63.26, 56.06, 62.38, 54.71, 50.42, 39.99, 41.46, 41.87, 45.46, 37.3, 33.08, 37.77];
    const out = rsiBatch(Float64Array.from(closes), { period: 14 });
    expect(Number.isNaN(out[13])).toBe(true);
    published.forEach((v, k) => expect(Math.abs((out[14 + k] ?? Number.NaN) - v)).toBeLessThanOrEqual(0.1));
  });

  it('RSI is 100 on a rising series, 0 on a falling one, 50 on alternating ±1', () => {
    const up = Float64Array.from({ length: 30 }, (_, i) => i);
    expect(rsiBatch(up, { period: 14 })[29]).toBe(100);
    const down = Float64Array.from({ length: 30 }, (_, i) => 100 - i);
    expect(rsiBatch(down, { period: 14 })[29]).toBe(0);
    // Alternating changes with an even window: avg gain = avg loss on the seed → RSI = 50.
    const alt = Float64Array.from({ length: 15 }, (_, i) => (i % 2 === 0 ? 10 : 11));
    expect(rsiBatch(alt, { period: 14 })[14]).toBeCloseTo(50, 12);
  });

  it('rolling volatility of alternating log returns ±a is a·√(n/(n−1))·√annualization', () => {
    const a = 0.01;
    const closes = Float64Array.from({ length: 41 }, (_, i) => 100 * Math.exp(i % 2 === 0 ? 0 : a));
    const v = rollingVolatilityBatch(closes, { period: 20, annualization: 252 });
    expect(Number.isNaN(v[19])).toBe(true);
    for (let i = 20; i < 41; i += 1) expect(v[i]).toBeCloseTo(a * Math.sqrt(20 / 19) * Math.sqrt(252), 12);
  });

  it('z-score of a linear ramp over n points is (n−1)/2 / σ with σ² = (n²−1)/12', () => {
    const z = zScoreBatch(Float64Array.from({ length: 30 }, (_, i) => 3 * i + 7), { period: 10 });
    for (let i = 9; i < 30; i += 1) expect(z[i]).toBeCloseTo(4.5 / Math.sqrt(99 / 12), 12);
  });

  it('Hurst: alternating returns ±a have R/S = 1 at every even length, so H = 0 exactly', () => {
    const closes = Float64Array.from({ length: 129 }, (_, i) => 100 * Math.exp(i % 2 === 0 ? 0 : 0.01));
    const h = hurstBatch(closes, { period: 128, minChunk: 8 });
    expect(Number.isNaN(h[127])).toBe(true);
    expect(h[128]).toBeCloseTo(0, 10);
  });

  it('Hurst: equals a second, straightforward R/S implementation; iid returns read near 0.5', () => {
    const series = syntheticSeries(3000, 99).closes.slice(0, 260);
    const h = hurstBatch(Float64Array.from(series), { period: 256, minChunk: 8 });
    const r = series.slice(1).map((c, i) => Math.log(c / (series[i] ?? c)));
    const points: [number, number][] = [];
    for (let n = 8; n <= 256; n *= 2) {
      const rs: number[] = [];
      for (let end = 256; end - n >= 0; end -= n) {
        const chunk = r.slice(end - n, end);
        const m = chunk.reduce((s, v) => s + v, 0) / n;
        const z = chunk.map((_, t) => chunk.slice(0, t + 1).reduce((s, v) => s + v - m, 0));
        const sd = Math.sqrt(chunk.reduce((s, v) => s + (v - m) ** 2, 0) / n);
        if (sd > 0) rs.push((Math.max(...z) - Math.min(...z)) / sd);
      }
      points.push([Math.log(n), Math.log(rs.reduce((s, v) => s + v, 0) / rs.length)]);
    }
    const mx = points.reduce((s, p) => s + p[0], 0) / points.length;
    const my = points.reduce((s, p) => s + p[1], 0) / points.length;
    const slope = points.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0) / points.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
    expect(h[256]).toBeCloseTo(slope, 9);
    expect(slope).toBeGreaterThan(0.35);
    expect(slope).toBeLessThan(0.75);
  });

  it('Hurst reads persistence: smoothed (autocorrelated) returns give a higher H than iid ones', () => {
    const iid = syntheticSeries(600, 5).closes.slice(0, 520);
    const rets = iid.slice(1).map((c, i) => Math.log(c / (iid[i] ?? c)));
    // Moving sum of 16 returns: strongly persistent at the short scales R/S sees.
    let price = 100;
    const smooth = [price];
    for (let i = 16; i < rets.length; i += 1) {
      price *= Math.exp(rets.slice(i - 16, i).reduce((s, v) => s + v, 0) / 4);
      smooth.push(price);
    }
    const hIid = hurstBatch(Float64Array.from(iid), { period: 256 })[300] ?? Number.NaN;
    const hSmooth = hurstBatch(Float64Array.from(smooth), { period: 256 })[300] ?? Number.NaN;
    expect(hSmooth).toBeGreaterThan(hIid + 0.2);
  });

  it('ATR of bars with constant range r and no gaps is r; Donchian/Williams %R on a known window', () => {
    const n = 40;
    const cols = {
      high: Float64Array.from({ length: n }, () => 11),
      low: Float64Array.from({ length: n }, () => 9),
      close: Float64Array.from({ length: n }, () => 10),
      volume: Float64Array.from({ length: n }, () => 1),
    };
    expect(atrBatch(cols, { period: 14 })[39]).toBeCloseTo(2, 12);
    expect(williamsRBatch(cols, { period: 14 })[39]).toBeCloseTo(-50, 12);
    expect(adxBatch(cols, { period: 14 }).adx[39]).toBe(0);
  });

  it('hurst state is plain JSON', () => {
    let s = hurst.init({ period: 16 });
    for (let i = 0; i < 20; i += 1) s = hurst.add(s, 100 + Math.sin(i));
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});
