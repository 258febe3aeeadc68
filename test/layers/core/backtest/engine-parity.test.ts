import { join } from 'node:path';
import { loadLeanDailyData } from '../../../../layers/adapters/files';
import { dailyBarsToBacktestBars, runBacktest } from '../../../../layers/core/backtest';
import type { BacktestStrategy } from '../../../../layers/core/backtest';
import { priceCrossSma, smaCrossover } from '../../../../layers/core/strategies';
import { runSweep } from '../../../../layers/core/vector';
import type { FillAt, StrategySweep } from '../../../../layers/core/vector';

/**
 * The proof that the two engines agree: on the cases both support (one symbol, long only,
 * fixed units, market orders at the next open or at the close, a flat commission per order) the
 * event-driven engine and the vectorised sweep make the same number of fills and end with the same
 * equity, on real SPY daily bars 2010–2020 (raw prices, data/).
 */
describe('event-driven and vectorised engines agree on real data', () => {
  let bars: Awaited<ReturnType<typeof loadLeanDailyData>>['bars'];
  beforeAll(async () => {
    const data = await loadLeanDailyData(join(__dirname, '../../../../data'), 'SPY');
    bars = data.bars.filter((b) => b.date >= '2010-01-01' && b.date <= '2020-12-31');
  });

  const cases: readonly { name: string; sweep: StrategySweep; strategy: () => BacktestStrategy }[] = [
    { name: 'price-cross-sma(20)', sweep: { strategy: 'priceCrossSma', params: [{ period: 20 }] }, strategy: () => priceCrossSma({ period: 20 }) as BacktestStrategy },
    { name: 'price-cross-sma(50)', sweep: { strategy: 'priceCrossSma', params: [{ period: 50 }] }, strategy: () => priceCrossSma({ period: 50 }) as BacktestStrategy },
    { name: 'sma-crossover(10/30)', sweep: { strategy: 'smaCross', params: [{ fast: 10, slow: 30 }] }, strategy: () => smaCrossover({ fast: 10, slow: 30 }) as BacktestStrategy },
    { name: 'sma-crossover(5/20)', sweep: { strategy: 'smaCross', params: [{ fast: 5, slow: 20 }] }, strategy: () => smaCrossover({ fast: 5, slow: 20 }) as BacktestStrategy },
  ];

  for (const { name, sweep, strategy } of cases) {
    for (const fill of ['next-open', 'close'] as const) {
      it(`${name}, fill at ${fill}: same fills and final equity`, () => {
        const event = runBacktest({
          bars: new Map([['SPY', dailyBarsToBacktestBars(bars)]]),
          strategy: strategy(),
          sizing: { kind: 'fixed-units', units: '100' },
          cash: '100000',
          fill,
          slippage: { kind: 'none' },
          fees: { kind: 'per-order', amount: '1' },
          seed: 1,
        });
        const fillAt: FillAt = fill === 'next-open' ? 'nextOpen' : 'close';
        const vector = runSweep(
          { opens: Float64Array.from(bars, (b) => b.open), closes: Float64Array.from(bars, (b) => b.close) },
          sweep,
          { initialCash: 100_000, sizing: { kind: 'units', units: 100 }, fillAt, commissionPerFill: 1, periodsPerYear: 252 },
        );
        expect(event.fills.length).toBeGreaterThan(20);
        expect(vector.trades[0]).toBe(event.fills.length);
        expect(vector.finalEquity[0]).toBeCloseTo(Number(event.finalEquity), 6);
      });
    }
  }
});
