import { createSweepPool, runSweepParallel } from '../../../../layers/adapters/workers';
import { mulberry32 } from '../../../../layers/core/analytics';
import { runSweep, type PriceColumns, type StrategySweep, type SweepConfig } from '../../../../layers/core/vector';

function randomWalk(n: number, seed: number): PriceColumns {
  const rnd = mulberry32(seed);
  const opens = new Float64Array(n);
  const closes = new Float64Array(n);
  let price = 100;
  for (let i = 0; i < n; i += 1) {
    opens[i] = price * (1 + (rnd() - 0.5) * 0.002);
    price *= 1 + (rnd() - 0.5) * 0.02;
    closes[i] = price;
  }
  return { opens, closes };
}

const prices = randomWalk(20_000, 7);
const config: SweepConfig = { initialCash: 10_000, sizing: { kind: 'fraction', fraction: 1 }, commissionPerFill: 1, periodsPerYear: 252 };
const cross: StrategySweep = {
  strategy: 'smaCross',
  params: [5, 10, 20].flatMap((fast) => [30, 60, 120].map((slow) => ({ fast, slow }))).concat([{ fast: 2, slow: 3 }]),
};

describe('sweep pool (worker threads)', () => {
  test('same rows as single-threaded, in parameter order, for 1..4 threads', async () => {
    const expected = runSweep(prices, cross, config);
    for (const threads of [1, 3, 4]) {
      const pool = createSweepPool({ threads });
      try {
        const got = await pool.run(prices, cross, config);
        expect(Array.from(got.trades)).toEqual(Array.from(expected.trades));
        expect(Array.from(got.finalEquity)).toEqual(Array.from(expected.finalEquity));
        expect(Array.from(got.sharpe)).toEqual(Array.from(expected.sharpe));
        expect(Array.from(got.maxDrawdown)).toEqual(Array.from(expected.maxDrawdown));
        expect(Array.from(got.totalReturn)).toEqual(Array.from(expected.totalReturn));
        // A second sweep on the same warm pool.
        const period: StrategySweep = { strategy: 'priceCrossSma', params: [{ period: 3 }, { period: 40 }] };
        const again = await pool.run(prices, period, { ...config, fillAt: 'close' });
        expect(Array.from(again.finalEquity)).toEqual(Array.from(runSweep(prices, period, { ...config, fillAt: 'close' }).finalEquity));
      } finally {
        await pool.close();
      }
    }
  });

  test('runSweepParallel with more threads than parameter sets; empty sweeps', async () => {
    const small: StrategySweep = { strategy: 'priceCrossSma', params: [{ period: 10 }] };
    const got = await runSweepParallel(prices, small, config, { threads: 4 });
    expect(Array.from(got.finalEquity)).toEqual(Array.from(runSweep(prices, small, config).finalEquity));
    const empty = await runSweepParallel(prices, { strategy: 'smaCross', params: [] }, config, { threads: 2 });
    expect(empty.trades.length).toBe(0);
  });

  test('bad input is rejected before any worker runs', async () => {
    const pool = createSweepPool({ threads: 1 });
    try {
      await expect(pool.run(prices, { strategy: 'priceCrossSma', params: [{ period: -1 }] }, config)).rejects.toThrow(RangeError);
    } finally {
      await pool.close();
    }
  });
});
