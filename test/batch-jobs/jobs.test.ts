import { NOT_IMPLEMENTED_MESSAGE as TRAINING_MESSAGE, runEnsembleTraining } from '../../batch-jobs/ensemble-training/job';

/** Runs a job with a captured log. */
function run(job: typeof runEnsembleTraining, argv: readonly string[], env: Record<string, string>): { code: number; lines: string[] } {
  const lines: string[] = [];
  const code = job(argv, env, (line) => lines.push(line));
  return { code, lines };
}

const BUCKETS = { TRADELOOP_DATA_LAKE_BUCKET: 'lake-bucket', TRADELOOP_MODELS_BUCKET: 'models-bucket', TRADELOOP_RESULTS_BUCKET: 'results-bucket' };

// backtest-sweep is implemented: see test/batch-jobs/backtest-sweep.test.ts.
describe('batch jobs that are not written yet', () => {
  it('name the issues that track them', () => {
    expect(TRAINING_MESSAGE).toBe('ensemble-training: not implemented yet: see issue 7 (ML ensemble, continuous learning on GPU Batch)');
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
});
