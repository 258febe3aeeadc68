import { runStrategyDiscovery } from './job';

/** Entry point of the `strategy-discovery` Batch job container and of the local runs (see job.ts). */
process.exitCode = await runStrategyDiscovery(process.argv.slice(2), process.env, (line) => console.error(line));
