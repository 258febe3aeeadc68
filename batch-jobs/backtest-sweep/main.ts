import { runBacktestSweep } from './job';

/** Entry point of the `backtest-sweep` Batch job container and of the local runs (see job.ts). */
process.exitCode = await runBacktestSweep(process.argv.slice(2), process.env, (line) => console.error(line));
