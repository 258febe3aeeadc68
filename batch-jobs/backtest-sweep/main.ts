import { runBacktestSweep } from './job';

/** Entry point of the `backtest-sweep` Batch job container (see job.ts). */
process.exitCode = runBacktestSweep(process.argv.slice(2), process.env, (line) => console.error(line));
