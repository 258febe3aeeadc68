import {
  averageUniqueness,
  buildDataset,
  directionLabels,
  FEATURE_COUNT,
  FEATURE_LOOKBACK,
  FEATURE_NAMES,
  featureMatrix,
  latestFeatures,
  tripleBarrierLabels,
  type FeatureBar,
} from '../../../../layers/core/ml';
import { syntheticBars } from './synthetic';

const bars = syntheticBars(160, 7);
const col = (name: (typeof FEATURE_NAMES)[number]): number => FEATURE_NAMES.indexOf(name);

describe('features', () => {
  const batch = featureMatrix(bars);

  it('has one row per bar from the lookback on, all finite, named columns', () => {
    expect(batch.rows).toHaveLength(bars.length - FEATURE_LOOKBACK + 1);
    expect(batch.index[0]).toBe(FEATURE_LOOKBACK - 1);
    expect(batch.names).toHaveLength(FEATURE_COUNT);
    expect(new Set(batch.names).size).toBe(FEATURE_COUNT);
    for (const row of batch.rows) expect(row.every(Number.isFinite)).toBe(true);
  });

  it('live row == batch row at the same t (bit-identical), from any window that ends at t', () => {
    for (const t of [FEATURE_LOOKBACK - 1, 80, 111, bars.length - 1]) {
      const i = batch.index.indexOf(t);
      const live = latestFeatures(bars.slice(0, t + 1));
      expect(live).toBeDefined();
      expect(Array.from(live ?? [])).toEqual(Array.from(batch.rows[i] ?? []));
      const shortWindow = latestFeatures(bars.slice(t + 1 - FEATURE_LOOKBACK, t + 1));
      expect(Array.from(shortWindow ?? [])).toEqual(Array.from(batch.rows[i] ?? []));
    }
    expect(latestFeatures(bars.slice(0, FEATURE_LOOKBACK - 1))).toBeUndefined();
  });

  it('no lookahead: a row at t is unchanged when the bars after t are removed or altered', () => {
    const t = 100;
    const i = batch.index.indexOf(t);
    const truncated = featureMatrix(bars.slice(0, t + 1));
    expect(Array.from(truncated.rows[truncated.rows.length - 1] ?? [])).toEqual(Array.from(batch.rows[i] ?? []));
    const altered: FeatureBar[] = bars.map((b, k) => (k > t ? { ...b, close: b.close * 3, high: b.high * 3, low: b.low * 0.5, volume: 1 } : b));
    const again = featureMatrix(altered);
    for (let k = 0; k <= i; k += 1) expect(Array.from(again.rows[k] ?? [])).toEqual(Array.from(batch.rows[k] ?? []));
    expect(Array.from(again.rows[i + 1] ?? [])).not.toEqual(Array.from(batch.rows[i + 1] ?? []));
  });

  it('returns, realised volatility and calendar match hand computations', () => {
    const t = 120;
    const row = batch.rows[batch.index.indexOf(t)] ?? new Float64Array();
    const c = (k: number): number => bars[k]?.close ?? Number.NaN;
    expect(row[col('ret_1')]).toBeCloseTo(Math.log(c(t) / c(t - 1)), 14);
    expect(row[col('ret_60')]).toBeCloseTo(Math.log(c(t) / c(t - 60)), 14);
    const r = Array.from({ length: 20 }, (_, k) => Math.log(c(t - k) / c(t - k - 1)));
    const m = r.reduce((a, b) => a + b, 0) / 20;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / 19);
    expect(row[col('vol_20')]).toBeCloseTo(sd, 12);
    const sma20 = Array.from({ length: 20 }, (_, k) => c(t - k)).reduce((a, b) => a + b, 0) / 20;
    expect(row[col('sma_ratio_20')]).toBeCloseTo(c(t) / sma20 - 1, 12);
    // 2001-01-01 is a Monday, so bar t is weekday t mod 5 (Mon = 0)
    const dow = ['dow_mon', 'dow_tue', 'dow_wed', 'dow_thu', 'dow_fri'] as const;
    dow.forEach((name, k) => expect(row[col(name)]).toBe(k === t % 5 ? 1 : 0));
    expect(bars[t]?.date).toBe('2001-06-18');
    expect(row[col('month_sin')]).toBeCloseTo(Math.sin((2 * Math.PI * 5) / 12), 14);
    expect(row[col('day_of_month')]).toBeCloseTo(18 / 31, 14);
  });
});

describe('labels', () => {
  it('direction: up when close[t + h] > close[t], flat is not up; ends at t + h', () => {
    const l = directionLabels([10, 11, 10, 10, 12], 2);
    expect(Array.from(l.y)).toEqual([0, 0, 1]);
    expect(Array.from(l.end)).toEqual([2, 3, 4]);
    expect(l.index).toEqual([0, 1, 2]);
  });

  it('triple barrier: first touch decides and ends the label; vertical barrier uses the sign', () => {
    // σ over 2 returns: log(101/100), log(100/101) → σ = √2·log(1.01); width = σ·√h with h = 3
    const base = [100, 101, 100];
    const sigma = Math.sqrt(2) * Math.log(1.01);
    const width = sigma * Math.sqrt(3);
    const up = 100 * Math.exp(width * 1.01);
    const down = 100 * Math.exp(-width * 1.01);
    const upFirst = tripleBarrierLabels([...base, 100.5, up, down, 100], { horizon: 3, volatilityWindow: 2 });
    expect(upFirst.index[0]).toBe(2);
    expect(upFirst.y[0]).toBe(1);
    expect(upFirst.end[0]).toBe(4);
    expect(upFirst.barrier[0]).toBe(1);
    const downFirst = tripleBarrierLabels([...base, down, up, 100], { horizon: 3, volatilityWindow: 2 });
    expect([downFirst.y[0], downFirst.end[0], downFirst.barrier[0]]).toEqual([0, 3, -1]);
    const vertical = tripleBarrierLabels([...base, 100.2, 99.9, 100.1], { horizon: 3, volatilityWindow: 2 });
    expect([vertical.y[0], vertical.end[0], vertical.barrier[0]]).toEqual([1, 5, 0]);
    // barrier multiples scale the width: with upper = 2 the same path is not touched above
    const wide = tripleBarrierLabels([...base, 100.5, up, 100.1], { horizon: 3, volatilityWindow: 2, upper: 2 });
    expect([wide.y[0], wide.end[0], wide.barrier[0]]).toEqual([1, 5, 0]);
  });

  it('average uniqueness: hand example and non-overlapping labels', () => {
    // label 0 covers bars 1–2, label 1 covers 2–3: concurrency 1, 2, 1 → (1 + ½)/2 each
    expect(Array.from(averageUniqueness([0, 1], [2, 3]))).toEqual([0.75, 0.75]);
    // label 0 covers 1–3, label 1 covers 2, label 2 covers 5: c1 = 1, c2 = 2, c3 = 1, c5 = 1
    expect(Array.from(averageUniqueness([0, 1, 4], [3, 2, 5]))).toEqual([(1 + 0.5 + 1) / 3, 0.5, 1]);
    expect(Array.from(averageUniqueness([0, 2, 4], [2, 4, 6]))).toEqual([1, 1, 1]);
  });

  it('data set: features at t joined with labels after t; spans ascending; weights mean 1', () => {
    const d = buildDataset(bars, { kind: 'direction', horizon: 5 });
    expect(d.X).toHaveLength(bars.length - FEATURE_LOOKBACK + 1 - 5);
    expect(d.start[0]).toBe(FEATURE_LOOKBACK - 1);
    for (let i = 0; i < d.X.length; i += 1) {
      const t = d.start[i] ?? 0;
      expect(d.end[i]).toBe(t + 5);
      expect(d.y[i]).toBe((bars[t + 5]?.close ?? 0) > (bars[t]?.close ?? 0) ? 1 : 0);
    }
    const meanW = d.weights.reduce((a, b) => a + b, 0) / d.weights.length;
    expect(meanW).toBeCloseTo(1, 12);
    // interior labels overlap 4 neighbours on each side → uniqueness below the edge labels'
    expect(d.weights[0] ?? 0).toBeGreaterThan(d.weights[20] ?? 0);
    const tb = buildDataset(bars, { kind: 'triple-barrier', horizon: 5 });
    for (let i = 0; i < tb.X.length; i += 1) {
      expect(tb.end[i] ?? 0).toBeGreaterThan(tb.start[i] ?? 0);
      expect(tb.end[i] ?? 0).toBeLessThanOrEqual((tb.start[i] ?? 0) + 5);
    }
  });
});
