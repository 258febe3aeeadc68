import { drawdowns } from '../../../../layers/core/analytics';

const DAY = 86_400_000;

describe('drawdowns', () => {
  it('finds the obvious peak, trough, recovery and durations', () => {
    // 100 → 120 (peak) → 90 (trough, −25 %) → 100 → 130 (recovered, new peak) → 117 (−10 %) → 125 (not recovered).
    const equity = [100, 120, 90, 100, 130, 117, 125];
    const ts = equity.map((_, i) => i * DAY);
    const d = drawdowns(ts, equity);
    expect(d.maxDrawdown).toBeCloseTo(0.25, 15);
    expect(d.episodes).toHaveLength(2);
    const m = d.maxDrawdownEpisode;
    expect(m).toMatchObject({ peakIndex: 1, troughIndex: 2, endIndex: 4, recovered: true, durationPeriods: 3, duration: 3 * DAY });
    expect(d.episodes[1]).toMatchObject({ peakIndex: 4, troughIndex: 5, endIndex: 6, recovered: false, durationPeriods: 2 });
    expect(d.episodes[1]?.depth).toBeCloseTo(0.1, 15);
    expect(d.longestUnderwater?.peakIndex).toBe(1);
  });

  it('an unrecovered episode is measured to the last point and can be the longest', () => {
    const equity = [100, 120, 90, 100, 130, 117, 125, 126, 127];
    const ts = equity.map((_, i) => i * DAY);
    const d = drawdowns(ts, equity);
    expect(d.maxDrawdownEpisode?.peakIndex).toBe(1);
    expect(d.longestUnderwater).toMatchObject({ peakIndex: 4, endIndex: 8, recovered: false, durationPeriods: 4, duration: 4 * DAY });
  });

  it('recovery means back AT the peak (equality counts)', () => {
    const d = drawdowns([0, 1, 2, 3], [100, 80, 100, 90]);
    expect(d.episodes[0]).toMatchObject({ peakIndex: 0, endIndex: 2, recovered: true });
    expect(d.episodes[1]).toMatchObject({ peakIndex: 2, endIndex: 3, recovered: false });
    expect(d.maxDrawdown).toBeCloseTo(0.2, 15);
  });

  it('matches a brute-force max drawdown on a random walk', () => {
    let s = 7;
    const rand = (): number => ((s = (s * 1103515245 + 12345) % 2147483648), s / 2147483648);
    const equity = [100];
    for (let i = 1; i < 500; i += 1) equity.push((equity[i - 1] ?? 100) * (1 + (rand() - 0.5) * 0.04));
    let brute = 0;
    for (let i = 0; i < equity.length; i += 1) for (let j = i + 1; j < equity.length; j += 1) brute = Math.max(brute, 1 - (equity[j] ?? 0) / (equity[i] ?? 1));
    expect(drawdowns(equity.map((_, i) => i), equity).maxDrawdown).toBeCloseTo(brute, 14);
  });

  it('a monotone curve has no drawdown; an empty curve neither', () => {
    const d = drawdowns([0, 1, 2], [1, 2, 3]);
    expect(d.maxDrawdown).toBe(0);
    expect(d.maxDrawdownEpisode).toBeUndefined();
    expect(d.longestUnderwater).toBeUndefined();
    expect(drawdowns([], []).maxDrawdown).toBe(0);
  });
});
