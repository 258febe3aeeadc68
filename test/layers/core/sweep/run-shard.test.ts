import { join } from 'node:path';
import { loadLeanDailyData } from '../../../../layers/adapters/files';
import { SweepSpecV1 } from '../../../../layers/contracts';
import { adjustBars, type DailyBar } from '../../../../layers/core/market';
import { planSweep, reduceShards, runShard, SweepDataError } from '../../../../layers/core/sweep';

/**
 * runShard on real daily bars (data/): the vectorised and the event-driven engine are independent
 * implementations of the same rules, so on the same cases they must agree on fills and final
 * equity (as test/layers/core/backtest/engine-parity shows for the engines themselves); and a sweep
 * split into shards must reduce to exactly the unsharded result.
 */
describe('runShard on SPY and IBM daily bars', () => {
  const bars = new Map<string, readonly DailyBar[]>();
  beforeAll(async () => {
    for (const symbol of ['SPY', 'IBM']) {
      const data = await loadLeanDailyData(join(__dirname, '../../../../data'), symbol);
      bars.set(symbol, adjustBars(data.bars, data.factors, 'raw').filter((b) => b.date >= '2012-01-01' && b.date <= '2016-12-31'));
    }
  });
  const barsOf = (symbol: string): readonly DailyBar[] => bars.get(symbol) ?? [];

  const spec = (over: Record<string, unknown>): SweepSpecV1 =>
    SweepSpecV1.parse({
      schema: 'SweepSpecV1',
      strategy: 'price-cross-sma',
      parameters: { kind: 'list', sets: [{ period: 10 }, { period: 20 }, { period: 50 }] },
      symbols: ['SPY', 'IBM'],
      period: { from: '2012-01-01', to: '2016-12-31' },
      data: { source: 'shipped', adjust: 'raw' },
      commission: '1',
      ...over,
    });

  it('gives the same fills and final equity with either engine', () => {
    for (const fill of ['next-open', 'close'] as const) {
      const vector = runShard(planSweep(spec({ engine: 'vector', fill })), 0, barsOf);
      const event = runShard(planSweep(spec({ engine: 'event', fill })), 0, barsOf);
      expect(vector.rows).toHaveLength(6);
      expect(vector.rows.map((r) => [r.case, r.symbol, r.params])).toEqual(event.rows.map((r) => [r.case, r.symbol, r.params]));
      vector.rows.forEach((row, i) => {
        const other = event.rows[i];
        expect(row.metrics.trades).toBeGreaterThan(10);
        expect(row.metrics.trades).toBe(other?.metrics.trades);
        expect(row.metrics.finalEquity).toBeCloseTo(other?.metrics.finalEquity ?? Number.NaN, 6);
        expect(row.bars).toBe(1258);
      });
    }
  });

  it('reduces 1, 3 and 6 shards to the same ranked result', () => {
    const results = [1, 3, 6].map((shards) => {
      const plan = planSweep(spec({ shards }));
      return reduceShards(plan, Array.from({ length: shards }, (_, i) => runShard(plan, i, barsOf)));
    });
    const [one, three, six] = results;
    expect(three?.rows).toEqual(one?.rows);
    expect(six?.rows).toEqual(one?.rows);
    const sharpes = one?.rows.map((r) => r.metrics.sharpe ?? Number.NEGATIVE_INFINITY) ?? [];
    expect(sharpes).toEqual([...sharpes].sort((a, b) => b - a));
  });

  it('refuses a symbol without bars in the period', () => {
    const plan = planSweep(spec({ period: { from: '1990-01-01', to: '1990-12-31' } }));
    expect(() => runShard(plan, 0, () => [])).toThrow(SweepDataError);
    expect(() => runShard(plan, 0, () => [])).toThrow('SPY: 0 daily bar(s) between 1990-01-01 and 1990-12-31; a backtest needs at least 2');
  });
});
