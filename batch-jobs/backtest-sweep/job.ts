import { runUnimplementedJob } from '../shared/unimplemented-job';
import { BacktestSweepEnv, parseBacktestSweepArgs } from './args';

/** What the job prints after validating its inputs, until the sweep exists. */
export const NOT_IMPLEMENTED_MESSAGE =
  'backtest-sweep: not implemented yet: see issue 3 (backtesting engine, vectorised sweeps) and issue 6 (strategy discovery)';

/** The `backtest-sweep` Batch job: validates its inputs, then exits 1 (2 on bad inputs) until the sweep is written. */
export function runBacktestSweep(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, log: (line: string) => void): number {
  return runUnimplementedJob(
    {
      name: 'backtest-sweep',
      parseArgs: parseBacktestSweepArgs,
      parseEnv: (e) => BacktestSweepEnv.parse(e),
      summary: (args, e) => ({ args, slice: e.AWS_BATCH_JOB_ARRAY_INDEX }),
      notImplemented: NOT_IMPLEMENTED_MESSAGE,
    },
    argv,
    env,
    log,
  );
}
