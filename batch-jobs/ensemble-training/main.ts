import { runEnsembleTraining } from './job';

/** Entry point of the `ensemble-training` Batch job container (see job.ts). */
process.exitCode = runEnsembleTraining(process.argv.slice(2), process.env, (line) => console.error(line));
