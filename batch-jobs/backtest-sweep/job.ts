import { BacktestSweepEnv, parseBacktestSweepArgs } from './args';

/** What the job prints after validating its inputs, until the sweep exists. */
export const NOT_IMPLEMENTED_MESSAGE =
  'backtest-sweep: not implemented yet: see issue 3 (backtesting engine, vectorised sweeps) and issue 6 (strategy discovery)';

/**
 * The `backtest-sweep` Batch job: validates its arguments and environment and then stops with exit
 * code 1. The sweep is not written yet, and made-up results would be worse than none. Exit code 2
 * means bad arguments or environment.
 */
export function runBacktestSweep(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, log: (line: string) => void): number {
  try {
    const args = parseBacktestSweepArgs(argv);
    const parsedEnv = BacktestSweepEnv.parse(env);
    log(JSON.stringify({ job: 'backtest-sweep', args, slice: parsedEnv.AWS_BATCH_JOB_ARRAY_INDEX }));
  } catch (error) {
    log(`backtest-sweep: invalid arguments or environment: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  log(NOT_IMPLEMENTED_MESSAGE);
  return 1;
}
