import { latencyStats, measureThroughput, percentile } from '../../bench/harness';
import { formatNumber, renderTable } from '../../bench/report';

describe('bench harness', () => {
  it('interpolates percentiles between closest ranks (R-7)', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(sorted, 50)).toBeCloseTo(5.5, 12);
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile(sorted, 100)).toBe(10);
    // rank = 0.99 × 9 = 8.91 → 9 + 0.91 × (10 − 9)
    expect(percentile(sorted, 99)).toBeCloseTo(9.91, 12);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarises latencies whatever their order', () => {
    const stats = latencyStats([5, 1, 3, 2, 4]);
    expect(stats).toMatchObject({ count: 5, p50: 3, max: 5, mean: 3 });
  });

  it('measures a throughput with the requested number of samples', () => {
    const data = Float64Array.from({ length: 1000 }, (_, i) => i);
    const stats = measureThroughput({
      opsPerRep: data.length,
      warmupMs: 5,
      samples: 5,
      sampleMs: 2,
      body: (reps) => {
        let acc = 0;
        for (let r = 0; r < reps; r += 1) for (const v of data) acc += v;
        return acc;
      },
    });
    expect(stats.samples).toBe(5);
    expect(stats.opsPerSec).toBeGreaterThan(0);
    expect(stats.min).toBeLessThanOrEqual(stats.opsPerSec);
    expect(stats.max).toBeGreaterThanOrEqual(stats.opsPerSec);
    expect(stats.nsPerOp).toBeCloseTo(1e9 / stats.opsPerSec, 6);
  });

  it('renders every figure with its baseline, ratio and method', () => {
    const table = renderTable([
      { id: 'a', group: '1 x', name: 'fast thing', value: 2_500_000, unit: 'ops/s', baseline: { name: 'slow thing', value: 1_000_000 }, ratio: 2.5, spread: 'IQR ±1%', method: 'how it was measured' },
      { id: 'b', group: '5 y', name: 'latency', value: 3.2, unit: 'ms', spread: 'p99 9 ms', method: 'outside timing' },
    ]);
    expect(table).toContain('fast thing');
    expect(table).toContain('2.50M');
    expect(table).toContain('1.00M (slow thing)');
    expect(table).toContain('2.50×');
    expect(table).toContain('method: outside timing');
    expect(formatNumber(47_400)).toBe('47.4k');
  });
});
