import { join } from 'node:path';
import { loadLeanDailyData } from '../../../../layers/adapters/files';
import { SWEEP_STRATEGIES, SweepSpecV1 } from '../../../../layers/contracts';
import { adjustBars, type DailyBar } from '../../../../layers/core/market';
import { STRATEGY_NAMES } from '../../../../layers/core/strategies';
import { planSweep, reduceShards, runShard, SWEEP_PARAMETER_NAMES } from '../../../../layers/core/sweep';

const base = {
  schema: 'SweepSpecV1',
  symbols: ['SPY'],
  period: { from: '2012-01-01', to: '2016-12-31' },
  data: { source: 'shipped', adjust: 'split-and-dividend' },
};

describe('sweep strategies come from the strategy catalogue', () => {
  it('names the same strategies as the catalogue, with their numeric parameters', () => {
    expect([...SWEEP_STRATEGIES].sort()).toEqual([...STRATEGY_NAMES].sort());
    expect(SWEEP_PARAMETER_NAMES['rsi-reversion']).toEqual(['period', 'entry', 'exit']);
    expect(SWEEP_PARAMETER_NAMES['macd-trend']).toEqual(['fast', 'slow', 'signal']); // allowShort is a switch, not swept
  });

  it('refuses the vectorised engine for a strategy it has no kernel for, naming the field', () => {
    const parsed = SweepSpecV1.safeParse({ ...base, strategy: 'rsi-reversion', parameters: { kind: 'grid', values: { period: [7, 14] } }, engine: 'vector' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['engine'], message: expect.stringMatching(/use engine "event" for rsi-reversion/) });
  });

  it('sweeps rsi-reversion on the event engine; parameters left out take the catalogue defaults; invalid combinations are skipped', async () => {
    const data = await loadLeanDailyData(join(__dirname, '../../../../data'), 'SPY');
    const bars = adjustBars(data.bars, data.factors, 'split-and-dividend').filter((b) => b.date >= '2012-01-01' && b.date <= '2016-12-31');
    const plan = planSweep(
      SweepSpecV1.parse({ ...base, strategy: 'rsi-reversion', engine: 'event', parameters: { kind: 'grid', values: { entry: [25, 30, 60], exit: [50, 55] } } }),
    );
    expect(plan.parameterSets).toHaveLength(4); // entry 60 ≥ exit: refused by the strategy's own schema
    const result = reduceShards(plan, [runShard(plan, 0, (): readonly DailyBar[] => bars)]);
    expect(result.rows).toHaveLength(4);
    expect(result.rows.every((row) => row.metrics.trades >= 0 && row.bars === bars.length)).toBe(true);
  });
});
