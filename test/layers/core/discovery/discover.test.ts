import { join } from 'node:path';
import { loadLeanDailyData } from '../../../../layers/adapters/files';
import { mulberry32 } from '../../../../layers/core/analytics';
import { dailyBarsToBacktestBars, type BacktestBar } from '../../../../layers/core/backtest';
import { annualisedReturn, discover, roundTrips, type DiscoveryConfig } from '../../../../layers/core/discovery';
import { shuffleInto } from '../../../../layers/core/research';

/**
 * NOISE: SPY's real daily bars 2015–2016 with their close-to-close returns shuffled (seeded), rebuilt into a
 * price path. Any timing edge a rule finds there is luck, so the gates must promote nothing.
 */
let noise: BacktestBar[];

beforeAll(async () => {
  const data = await loadLeanDailyData(join(__dirname, '../../../../data'), 'SPY');
  const bars = dailyBarsToBacktestBars(data.bars.filter((b) => b.date >= '2015-01-01' && b.date <= '2016-12-31'));
  const ratios = new Float64Array(bars.length - 1);
  for (let i = 1; i < bars.length; i += 1) ratios[i - 1] = (bars[i]?.close ?? 1) / (bars[i - 1]?.close ?? 1);
  shuffleInto(ratios, ratios, mulberry32(42));
  let close = bars[0]?.close ?? 100;
  noise = bars.map((b, i) => {
    const previous = close;
    if (i > 0) close *= ratios[i - 1] ?? 1;
    const open = (previous + close) / 2;
    return { start: b.start, open, high: Math.max(open, close) * 1.002, low: Math.min(open, close) * 0.998, close, volume: b.volume };
  });
});

const CONFIG: DiscoveryConfig = { families: ['donchian-breakout', 'rsi-reversion'], budget: 6, seed: 7, trainLength: 100, testLength: 100, holdoutFraction: 0 };

describe('discover', () => {
  it('promotes nothing on shuffled (noise) returns, and every finalist carries out-of-sample evidence', () => {
    const r = discover('NOISE', noise, CONFIG);
    expect(r.trials).toBe(12);
    expect(r.search.folds).toBeGreaterThan(2);
    expect(r.finalists.length).toBeGreaterThan(0);
    for (const f of r.finalists) {
      expect(f.metrics.sample).toBe('out-of-sample');
      expect(f.outOfSampleBars).toBe(r.search.outOfSampleBars);
      expect(f.report.results.map((g) => g.gate)).toContain('deflatedSharpe');
      expect(f.report.results.map((g) => g.gate)).toContain('pbo');
    }
    expect(r.promoted).toBe(0);
    // Not by accident: the selection statistics were measured (finite), not missing.
    expect(Number.isFinite(r.pbo.value)).toBe(true);
    expect(r.finalists.every((f) => Number.isFinite(f.metrics.deflatedSharpe))).toBe(true);
  });

  it('is reproducible: the same seed gives an identical result', () => {
    const small: DiscoveryConfig = { ...CONFIG, families: ['donchian-breakout'], budget: 4 };
    const a = discover('NOISE', noise, small);
    const b = discover('NOISE', noise, small);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});

describe('objective helpers', () => {
  it('annualises compounded growth and counts round trips from flat/invested switches', () => {
    expect(annualisedReturn([0.1, 0], 2)).toBeCloseTo(0.1, 12);
    expect(roundTrips([0, 0.01, -0.01, 0, 0, 0.02])).toBe(2); // in, out, in (still open at the end)
    expect(roundTrips([0, 0, 0])).toBe(0);
  });
});
