import { BacktestSweepEnv, parseBacktestSweepArgs } from './args';

/**
 * Entry point of the `backtest-sweep` Batch job. It validates its arguments and environment and
 * then stops: the sweep is not written yet, and made-up results would be worse than none.
 */
export const NOT_IMPLEMENTED_MESSAGE =
  'backtest-sweep: not implemented yet: see issue 3 (backtesting) and issue 7 (distributed research sweeps)';

function main(): number {
  try {
    const args = parseBacktestSweepArgs(process.argv.slice(2));
    const env = BacktestSweepEnv.parse(process.env);
    console.error(JSON.stringify({ job: 'backtest-sweep', args, slice: env.AWS_BATCH_JOB_ARRAY_INDEX }));
  } catch (error) {
    console.error(`backtest-sweep: invalid arguments or environment: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  console.error(NOT_IMPLEMENTED_MESSAGE);
  return 1;
}

process.exitCode = main();
