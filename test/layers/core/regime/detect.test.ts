import { RegimeChangedV1 } from '../../../../layers/contracts';
import { mulberry32 } from '../../../../layers/core/analytics';
import {
  detectRegimes,
  fitRegimeModel,
  REGIME_LABELS,
  regimeChangedEvent,
  regimeFeatures,
  rollingMedian,
  trendVolatilityQuadrants,
  type RegimeBar,
} from '../../../../layers/core/regime';

/** SYNTHETIC daily bars: a calm up-trend, a volatile sell-off, a calm recovery (seeded). */
function syntheticBars(): RegimeBar[] {
  const random = mulberry32(5);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const segments = [
    { days: 400, drift: 0.0015, sd: 0.007 },
    { days: 150, drift: -0.003, sd: 0.025 },
    { days: 250, drift: 0.0006, sd: 0.008 },
  ];
  const bars: RegimeBar[] = [];
  let close = 100;
  let day = Date.UTC(2015, 0, 1);
  for (const seg of segments) {
    for (let i = 0; i < seg.days; i += 1) {
      close *= Math.exp(seg.drift + seg.sd * normal());
      bars.push({ date: new Date(day).toISOString().slice(0, 10), close });
      day += 86_400_000;
    }
  }
  return bars;
}

const share = (xs: readonly (string | null)[], label: string): number => xs.filter((x) => x === label).length / xs.length;

describe('regime features and rules', () => {
  it('realised volatility is the root mean square of the trailing log returns, annualised', () => {
    const closes = [100, 101, 99, 102, 103, 101];
    const f = regimeFeatures(closes, { volatilityWindow: 3 });
    const r = closes.slice(1).map((c, i) => Math.log(c / (closes[i] ?? 1)));
    expect(f.firstIndex).toBe(3);
    expect(f.volatility[3]).toBeCloseTo(Math.sqrt(((r[0] ?? 0) ** 2 + (r[1] ?? 0) ** 2 + (r[2] ?? 0) ** 2) / 3 * 252), 14);
    expect(f.observations[0]).toEqual([r[2], Math.log(f.volatility[3] ?? 0)]);
    expect(Number.isNaN(f.volatility[2] ?? 0)).toBe(true);
  });

  it('the rolling median equals a naive sort of each window', () => {
    const random = mulberry32(9);
    const values = Float64Array.from({ length: 200 }, (_, i) => (i < 5 ? Number.NaN : Math.round(random() * 50)));
    for (const w of [1, 4, 7]) {
      const fast = rollingMedian(values, w);
      for (let t = 0; t < values.length; t += 1) {
        const window = Array.from(values.slice(Math.max(5, t - w + 1), t + 1)).sort((a, b) => a - b);
        const expected = t - 5 + 1 < w ? Number.NaN : w % 2 === 1 ? window[w >> 1] : ((window[(w >> 1) - 1] ?? 0) + (window[w >> 1] ?? 0)) / 2;
        if (Number.isNaN(expected ?? Number.NaN)) expect(Number.isNaN(fast[t] ?? 0)).toBe(true);
        else expect(fast[t]).toBe(expected);
      }
    }
  });

  it('the quadrant rules name the synthetic segments (up-trend → bull; sell-off → bear-volatile)', () => {
    const bars = syntheticBars();
    const q = trendVolatilityQuadrants(
      bars.map((b) => b.close),
      { trendWindow: 100, medianWindow: 120 },
    );
    expect(q.labels[100]).toBeNull(); // warm-up: 21 + 120 − 1 days of volatility
    // In the calm up-trend the trend rule says bull; its volatility side is a coin flip there, by design
    // (volatility against its own trailing median is relative). The sell-off is volatile against the calm past.
    const calm = q.labels.slice(250, 400);
    expect(calm.filter((l) => l?.startsWith('bull') === true).length / calm.length).toBeGreaterThan(0.7); // measured 0.773
    expect(share(q.labels.slice(480, 550), 'bear-volatile')).toBeGreaterThan(0.7);
  });
});

describe('detectRegimes', () => {
  const bars = syntheticBars();
  const options = { states: 2, restarts: 3, seed: 1, trendWindow: 100, medianWindow: 120 } as const;
  const detection = detectRegimes(bars, options);

  it('finds a calm state and a volatile state and names them from their means', () => {
    const [calm, wild] = detection.states;
    expect(calm?.typicalVolatility).toBeLessThan(wild?.typicalVolatility ?? 0);
    expect(calm?.label).toBe('bull-quiet');
    expect(wild?.label).toBe('bear-volatile');
    expect(detection.model.id).toMatch(/^hmm-k2-full-2015-01-01-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}$/);
    expect(RegimeChangedV1.shape.modelId.safeParse(detection.model.id).success).toBe(true);
  });

  it('puts the sell-off in bear-volatile and the up-trend in bull-quiet (causal ensemble)', () => {
    const regimes = detection.days.map((d) => d.regime);
    expect(share(regimes.slice(250, 400), 'bull-quiet')).toBeGreaterThan(0.7);
    expect(share(regimes.slice(480, 550), 'bear-volatile')).toBeGreaterThan(0.7);
    expect(detection.current?.date).toBe(bars[bars.length - 1]?.date);
    for (const d of detection.days) {
      if (d.probabilities === null) continue;
      expect(REGIME_LABELS.reduce((a, l) => a + (d.probabilities?.[l] ?? 0), 0)).toBeCloseTo(1, 12);
      expect(d.confidence).toBe(d.label === null ? null : d.probabilities[d.label]);
    }
  });

  it('changes are the days the regime moved, each with a margin over the old label', () => {
    expect(detection.changes.length).toBeGreaterThan(1);
    expect(detection.changes[0]?.from).toBeNull();
    for (const c of detection.changes.slice(1)) {
      expect(detection.days[c.index - 1]?.regime).toBe(c.from);
      expect(detection.days[c.index]?.regime).toBe(c.to);
      if (c.from !== null) expect(c.probabilities[c.to] - c.probabilities[c.from]).toBeGreaterThanOrEqual(0.1 - 1e-12);
    }
    const regimeDays = detection.days.filter((d) => d.regime !== null).length;
    expect(detection.labels.reduce((a, l) => a + l.days, 0)).toBe(regimeDays - (detection.days[0]?.regime === null ? 0 : 1));
  });

  it('with a given model, the regime on day t does not depend on the bars after t (truncation)', () => {
    const { model } = fitRegimeModel(bars.slice(0, 500), options);
    const full = detectRegimes(bars, { ...options, model });
    for (const t of [150, 399, 520, 700]) {
      const truncated = detectRegimes(bars.slice(0, t + 1), { ...options, model });
      expect(truncated.days[t]).toEqual(full.days[t]);
    }
  });

  it('fitThrough fits on the earlier bars only (the same model as fitting them alone)', () => {
    const through = bars[499]?.date ?? '';
    const a = detectRegimes(bars, { ...options, fitThrough: through });
    const { model } = fitRegimeModel(bars.slice(0, 500), options);
    expect(a.model).toEqual(model);
    expect(a.model.trainedTo).toBe(through);
  });

  it('builds a regime.changed detail that RegimeChangedV1 accepts; the core labels are the contract enum', () => {
    expect([...REGIME_LABELS]).toEqual(RegimeChangedV1.shape.label.options);
    const change = detection.changes[1];
    if (change === undefined) throw new Error('no change');
    const event = regimeChangedEvent('SPY', change, detection.model.id, Date.UTC(2026, 0, 2));
    expect(RegimeChangedV1.parse(event)).toEqual(event);
    expect(event.previousLabel).toBe(change.from);
  });

  it('rejects unordered bars and bad weights', () => {
    expect(() => detectRegimes([bars[1] as RegimeBar, bars[0] as RegimeBar])).toThrow(RangeError);
    expect(() => detectRegimes(bars, { ...options, hmmTrendWeight: 2 })).toThrow(RangeError);
  });
});
