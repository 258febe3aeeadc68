import { runUnimplementedJob } from '../shared/unimplemented-job';
import { EnsembleTrainingEnv, parseEnsembleTrainingArgs } from './args';

/** What the job prints after validating its inputs, until the training exists. */
export const NOT_IMPLEMENTED_MESSAGE =
  'ensemble-training: not implemented yet: see issue 7 (ML ensemble, continuous learning on GPU Batch)';

/** The `ensemble-training` Batch job: validates its inputs, then exits 1 (2 on bad inputs) until training is written. */
export function runEnsembleTraining(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, log: (line: string) => void): number {
  return runUnimplementedJob(
    {
      name: 'ensemble-training',
      parseArgs: parseEnsembleTrainingArgs,
      parseEnv: (e) => EnsembleTrainingEnv.parse(e),
      summary: (args, e) => ({ args, modelsBucket: e.TRADELOOP_MODELS_BUCKET }),
      notImplemented: NOT_IMPLEMENTED_MESSAGE,
    },
    argv,
    env,
    log,
  );
}
