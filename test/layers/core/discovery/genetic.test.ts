import { latinHypercube, nsga2 } from '../../../../layers/core/discovery';
import { mulberry32 } from '../../../../layers/core/analytics';

describe('Latin hypercube', () => {
  it('puts exactly one point in each stratum of every dimension, reproducibly', () => {
    const pts = latinHypercube(10, 3, mulberry32(7));
    for (let d = 0; d < 3; d += 1) {
      const strata = pts.map((p) => Math.floor((p[d] ?? 0) * 10)).sort((a, b) => a - b);
      expect(strata).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
    expect(latinHypercube(10, 3, mulberry32(7))).toEqual(pts);
    expect(latinHypercube(10, 3, mulberry32(8))).not.toEqual(pts);
  });
});

describe('NSGA-II', () => {
  const sphere = {
    dimensions: 2,
    evaluate: (g: Float64Array) => [-(((g[0] ?? 0) - 0.3) ** 2 + ((g[1] ?? 0) - 0.7) ** 2)],
  };

  it('finds the optimum of a known single objective', () => {
    const r = nsga2(sphere, { budget: 300, seed: 3 });
    const best = r.evaluated[r.front[0] ?? 0];
    expect(r.evaluated.length).toBe(300);
    expect(best?.genome[0]).toBeCloseTo(0.3, 1);
    expect(best?.genome[1]).toBeCloseTo(0.7, 1);
    expect(Math.abs((best?.genome[0] ?? 0) - 0.3)).toBeLessThan(0.02);
    expect(Math.abs((best?.genome[1] ?? 0) - 0.7)).toBeLessThan(0.02);
  });

  it('spreads a two-objective front along the Pareto set (x in [0, 1], y = 0)', () => {
    const problem = {
      dimensions: 2,
      evaluate: (g: Float64Array) => {
        const x = g[0] ?? 0;
        const y = g[1] ?? 0;
        return [-(x * x + y * y), -((x - 1) ** 2 + y * y)];
      },
    };
    const r = nsga2(problem, { budget: 400, seed: 11, populationSize: 20 });
    const finalPop = r.population.map((i) => r.evaluated[i]?.genome ?? new Float64Array(2));
    const ys = finalPop.map((g) => g[1] ?? 1);
    const xs = finalPop.map((g) => g[0] ?? 0);
    expect(Math.max(...ys)).toBeLessThan(0.1);
    expect(Math.min(...xs)).toBeLessThan(0.15); // diversity: both ends of the trade-off are kept
    expect(Math.max(...xs)).toBeGreaterThan(0.85);
  });

  it('is reproducible: same seed, identical result; other seed, different', () => {
    const a = nsga2(sphere, { budget: 60, seed: 5 });
    const b = nsga2(sphere, { budget: 60, seed: 5 });
    const c = nsga2(sphere, { budget: 60, seed: 6 });
    expect(b).toEqual(a);
    expect(c.evaluated.map((e) => e.key)).not.toEqual(a.evaluated.map((e) => e.key));
  });

  it('counts distinct genomes only and stops when a small space runs out', () => {
    const coarse = { dimensions: 1, key: (g: Float64Array) => String(Math.round((g[0] ?? 0) * 4)), evaluate: (g: Float64Array) => [g[0] ?? 0] };
    const r = nsga2(coarse, { budget: 50, seed: 1 });
    expect(r.evaluated.length).toBe(5); // 0..4
    expect(new Set(r.evaluated.map((e) => e.key)).size).toBe(5);
  });
});
