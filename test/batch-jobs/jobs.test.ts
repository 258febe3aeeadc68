import { NOT_IMPLEMENTED_MESSAGE as SWEEP_MESSAGE, runBacktestSweep } from '../../batch-jobs/backtest-sweep/job';
import { NOT_IMPLEMENTED_MESSAGE as TRAINING_MESSAGE, runEnsembleTraining } from '../../batch-jobs/ensemble-training/job';

/** Runs a job with a captured log. */
function run(job: typeof runBacktestSweep, argv: readonly string[], env: Record<string, string>): { code: number; lines: string[] } {
  const lines: string[] = [];
  const code = job(argv, env, (line) => lines.push(line));
  return { code, lines };
}

const BUCKETS = { TRADELOOP_DATA_LAKE_BUCKET: 'lake-bucket', TRADELOOP_MODELS_BUCKET: 'models-bucket', TRADELOOP_RESULTS_BUCKET: 'results-bucket' };

describe('batch jobs that are not written yet', () => {
  it('name the issues that track them', () => {
    expect(TRAINING_MESSAGE).toBe('ensemble-training: not implemented yet: see issue 7 (ML ensemble, continuous learning on GPU Batch)');
    expect(SWEEP_MESSAGE).toBe('backtest-sweep: not implemented yet: see issue 3 (backtesting engine, vectorised sweeps) and issue 6 (strategy discovery)');
  });

  it('ensemble-training validates its inputs, then says so and exits 1 (never pretends to train)', () => {
    const ok = run(runEnsembleTraining, ['--as-of', '2025-03-14'], BUCKETS);
    expect(ok.code).toBe(1);
    expect(JSON.parse(ok.lines[0] ?? '')).toEqual({ job: 'ensemble-training', args: { asOf: '2025-03-14', lookbackDays: 730 }, modelsBucket: 'models-bucket' });
    expect(ok.lines.at(-1)).toBe(TRAINING_MESSAGE);
    const bad = run(runEnsembleTraining, ['--as-of', '14/03/2025'], BUCKETS);
    expect(bad.code).toBe(2);
    expect(bad.lines).toEqual([expect.stringMatching(/^ensemble-training: invalid arguments or environment: .*YYYY-MM-DD/s)]);
    expect(run(runEnsembleTraining, ['--as-of', '2025-03-14'], {}).code).toBe(2);
  });

  it('backtest-sweep validates its inputs, then says so and exits 1 (never makes up results)', () => {
    const argv = ['--strategy', 'sma-cross', '--from', '2024-01-02', '--to', '2024-12-31', '--grid-key', 'grids/a.json'];
    const ok = run(runBacktestSweep, argv, { ...BUCKETS, AWS_BATCH_JOB_ARRAY_INDEX: '3' });
    expect(ok.code).toBe(1);
    expect(JSON.parse(ok.lines[0] ?? '')).toMatchObject({ job: 'backtest-sweep', slice: 3 });
    expect(ok.lines.at(-1)).toBe(SWEEP_MESSAGE);
    expect(run(runBacktestSweep, argv.slice(2), BUCKETS).code).toBe(2);
    expect(run(runBacktestSweep, argv, { TRADELOOP_DATA_LAKE_BUCKET: 'lake-bucket' }).code).toBe(2);
  });
});
