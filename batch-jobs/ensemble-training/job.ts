import { EnsembleTrainingEnv, parseEnsembleTrainingArgs } from './args';

/** What the job prints after validating its inputs, until the training exists. */
export const NOT_IMPLEMENTED_MESSAGE =
  'ensemble-training: not implemented yet: see issue 7 (ML ensemble, continuous learning on GPU Batch)';

/**
 * The `ensemble-training` Batch job: validates its arguments and environment and then stops with
 * exit code 1. The training itself is not written yet, and a job that pretended to train would
 * publish models nobody trained. Exit code 2 means bad arguments or environment.
 */
export function runEnsembleTraining(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, log: (line: string) => void): number {
  try {
    const args = parseEnsembleTrainingArgs(argv);
    const parsedEnv = EnsembleTrainingEnv.parse(env);
    log(JSON.stringify({ job: 'ensemble-training', args, modelsBucket: parsedEnv.TRADELOOP_MODELS_BUCKET }));
  } catch (error) {
    log(`ensemble-training: invalid arguments or environment: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  log(NOT_IMPLEMENTED_MESSAGE);
  return 1;
}
