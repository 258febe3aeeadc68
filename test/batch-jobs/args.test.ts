import { parseBacktestSweepArgs } from '../../batch-jobs/backtest-sweep/args';
import { parseEnsembleTrainingArgs } from '../../batch-jobs/ensemble-training/args';

describe('batch job arguments', () => {
  it('parses ensemble-training arguments with the default lookback', () => {
    expect(parseEnsembleTrainingArgs(['--as-of', '2025-03-14'])).toEqual({
      asOf: '2025-03-14', lookbackDays: 730, symbols: ['SPY'], dataSource: 'shipped', dataPrefix: '', horizon: 5, seed: 1, resamples: 1000, quick: false, alpha: 0.05, device: 'auto',
    });
    expect(parseEnsembleTrainingArgs(['--as-of', '2025-03-14', '--device', 'cpu']).device).toBe('cpu');
    expect(() => parseEnsembleTrainingArgs(['--as-of', '2025-03-14', '--device', 'cuda'])).toThrow();
    expect(parseEnsembleTrainingArgs(['--as-of', '2025-03-14', '--symbols', 'spy, qqq', '--data-source', 'data-lake', '--data-prefix', 'lean/', '--quick'])).toMatchObject({ symbols: ['SPY', 'QQQ'], dataSource: 'data-lake', quick: true });
    expect(() => parseEnsembleTrainingArgs(['--as-of', '2025-03-14', '--symbols', ''])).toThrow();
    expect(parseEnsembleTrainingArgs(['--as-of', 'previous-session', '--lookback-days', '90']).lookbackDays).toBe(90);
  });

  it('rejects a missing or malformed as-of date and unknown flags', () => {
    expect(() => parseEnsembleTrainingArgs([])).toThrow();
    expect(() => parseEnsembleTrainingArgs(['--as-of', '14/03/2025'])).toThrow(/YYYY-MM-DD/);
    expect(() => parseEnsembleTrainingArgs(['--as-of', '2025-03-14', '--gpu', '2'])).toThrow();
  });

  it('parses backtest-sweep arguments and refuses an unsubstituted Batch parameter or contradictory flags', () => {
    expect(parseBacktestSweepArgs(['--spec', 's3://b/backtests/x/spec.json'])).toEqual({ spec: 's3://b/backtests/x/spec.json', mode: 'shard', local: false });
    expect(parseBacktestSweepArgs(['--mode', 'reduce', '--spec', 'spec.json', '--run-id', 'bt-0123456789abcdef01234567'])).toEqual({
      spec: 'spec.json',
      mode: 'reduce',
      local: false,
      runId: 'bt-0123456789abcdef01234567',
    });
    expect(parseBacktestSweepArgs(['--local', '--workers', '3', '--spec', 'spec.json'])).toMatchObject({ local: true, workers: 3 });
    expect(() => parseBacktestSweepArgs(['--spec', 'Ref::spec'])).toThrow(/not substituted/);
    expect(() => parseBacktestSweepArgs(['--workers', '2', '--spec', 'spec.json'])).toThrow(/--workers needs --local/);
    expect(() => parseBacktestSweepArgs(['--local', '--mode', 'reduce', '--spec', 'spec.json'])).toThrow(/leave out --mode/);
    expect(() => parseBacktestSweepArgs(['--spec', 'spec.json', '--run-id', 'run-1'])).toThrow(/backtest run id/);
    expect(() => parseBacktestSweepArgs([])).toThrow();
  });
});
