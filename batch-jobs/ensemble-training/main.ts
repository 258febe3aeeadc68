import { EnsembleTrainingEnv, parseEnsembleTrainingArgs } from './args';

/**
 * Entry point of the `ensemble-training` Batch job. It validates its arguments and environment and
 * then stops: the training itself is not written yet, and a job that pretended to train would
 * publish models nobody trained.
 */
export const NOT_IMPLEMENTED_MESSAGE = 'ensemble-training: not implemented yet: see issue 6 (ML ensemble training)';

function main(): number {
  try {
    const args = parseEnsembleTrainingArgs(process.argv.slice(2));
    const env = EnsembleTrainingEnv.parse(process.env);
    console.error(JSON.stringify({ job: 'ensemble-training', args, modelsBucket: env.TRADELOOP_MODELS_BUCKET }));
  } catch (error) {
    console.error(`ensemble-training: invalid arguments or environment: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  console.error(NOT_IMPLEMENTED_MESSAGE);
  return 1;
}

process.exitCode = main();
