import { parseBacktestSweepArgs } from '../../batch-jobs/backtest-sweep/args';
import { parseEnsembleTrainingArgs } from '../../batch-jobs/ensemble-training/args';

describe('batch job arguments', () => {
  it('parses ensemble-training arguments with the default lookback', () => {
    expect(parseEnsembleTrainingArgs(['--as-of', '2025-03-14'])).toEqual({ asOf: '2025-03-14', lookbackDays: 730 });
    expect(parseEnsembleTrainingArgs(['--as-of', 'previous-session', '--lookback-days', '90']).lookbackDays).toBe(90);
  });

  it('rejects a missing or malformed as-of date and unknown flags', () => {
    expect(() => parseEnsembleTrainingArgs([])).toThrow();
    expect(() => parseEnsembleTrainingArgs(['--as-of', '14/03/2025'])).toThrow(/YYYY-MM-DD/);
    expect(() => parseEnsembleTrainingArgs(['--as-of', '2025-03-14', '--gpu', '2'])).toThrow();
  });

  it('parses backtest-sweep arguments and refuses an inverted range or unsubstituted Batch parameter', () => {
    expect(parseBacktestSweepArgs(['--strategy', 'sma-cross', '--from', '2024-01-02', '--to', '2024-12-31', '--grid-key', 'grids/a.json'])).toEqual({
      strategy: 'sma-cross',
      from: '2024-01-02',
      to: '2024-12-31',
      gridKey: 'grids/a.json',
    });
    expect(() => parseBacktestSweepArgs(['--strategy', 's', '--from', '2024-12-31', '--to', '2024-01-02', '--grid-key', 'g'])).toThrow(/--from/);
    expect(() => parseBacktestSweepArgs(['--strategy', 's', '--from', 'Ref::from', '--to', '2024-01-02', '--grid-key', 'g'])).toThrow();
  });
});
