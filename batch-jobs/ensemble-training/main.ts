import { runEnsembleTraining } from './job';

/** Entry point of the `ensemble-training` Batch job container (see job.ts). */
process.exitCode = await runEnsembleTraining(process.argv.slice(2), process.env, (line) => console.error(line));
