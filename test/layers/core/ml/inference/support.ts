/** Small trained ensembles for the inference tests (SYNTHETIC bars; two models so Jest stays fast). */
import { buildDataset, loadEnsemble, trainEnsemble, type EnsembleArtefact } from '../../../../../layers/core/ml';
import type { LoadedModel } from '../../../../../layers/core/ml/inference';
import { syntheticBars } from '../synthetic';

const cache = new Map<number, string>();

/** The JSON text of a tiny ensemble (logistic + naive Bayes) trained on 300 synthetic bars with `seed`. */
export function tinyArtefactJson(seed: number): string {
  const hit = cache.get(seed);
  if (hit !== undefined) return hit;
  const dataset = buildDataset(syntheticBars(300, seed, { signal: 0.5 }), { kind: 'direction', horizon: 3 });
  const { artefact } = trainEnsemble(dataset, { models: [{ kind: 'logistic' }, { kind: 'naive-bayes' }], resamples: 10, seed, calibration: 'platt' });
  const text = JSON.stringify(artefact satisfies EnsembleArtefact);
  cache.set(seed, text);
  return text;
}

export const version = (n: number): string => `v-2013-10-0${n}-${'0'.repeat(11)}${n}`;

export function tinyModel(seed: number, modelId = 'SPY#ensemble-direction', v = version(seed)): LoadedModel {
  return { modelId, version: v, predictor: loadEnsemble(JSON.parse(tinyArtefactJson(seed))) };
}
