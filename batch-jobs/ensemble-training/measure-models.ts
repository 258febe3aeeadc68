/**
 * Evidence for the CPU-vs-GPU choice of the ensemble-training job: wall time of one fit and one
 * hold-out prediction of each default model on SPY 2010-2020 daily bars (direction, 5-bar horizon,
 * all rows), median of `--repeats` runs, plus one whole `trainEnsemble` (7 models × 6 fits,
 * calibration, stacking, 200 bootstrap resamples). With `--device auto` (the default) or `gpu`, and a
 * WebGPU adapter present, the MLP fit and the whole ensemble are also timed with the MLP on the GPU.
 * `npx tsx batch-jobs/ensemble-training/measure-models.ts [--repeats 3] [--device auto|cpu|gpu]`
 */
import { availableParallelism, cpus } from 'node:os';
import { loadDailyBars } from '../../bin/cli/backtest-data';
import { ComputeDevice, selectMlpKernel } from '../../layers/adapters/gpu';
import { buildDataset, createModel, DEFAULT_MODEL_SPECS, trainEnsemble } from '../../layers/core/ml';

const repeatsArg = process.argv.indexOf('--repeats');
const repeats = repeatsArg >= 0 ? Number(process.argv[repeatsArg + 1]) : 3;
const deviceArg = process.argv.indexOf('--device');
const compute = await selectMlpKernel(ComputeDevice.parse(deviceArg >= 0 ? process.argv[deviceArg + 1] : 'auto'));
const gpu = compute.device === 'gpu' ? compute.kernel : undefined;
const { bars } = await loadDailyBars({ symbol: 'SPY', from: '2010-01-01', to: '2020-12-31', adjust: 'split-and-dividend' });
const dataset = buildDataset(bars, { kind: 'direction', horizon: 5 });
const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const rows: Record<string, unknown>[] = [];
for (const spec of DEFAULT_MODEL_SPECS) {
  const fit: number[] = [];
  const predict: number[] = [];
  for (let r = 0; r < repeats; r += 1) {
    const model = createModel(spec);
    let t0 = process.hrtime.bigint();
    model.fit(dataset.X, dataset.y, dataset.weights, 1);
    fit.push(ms(t0));
    t0 = process.hrtime.bigint();
    model.predictProba(dataset.X);
    predict.push(ms(t0));
  }
  const gpuFit: number[] = [];
  if (gpu !== undefined && spec.kind === 'mlp') {
    createModel(spec, { mlp: gpu }).fit(dataset.X, dataset.y, dataset.weights, 1); // warm-up: compiles the shader
    for (let r = 0; r < repeats; r += 1) {
      const t0 = process.hrtime.bigint();
      createModel(spec, { mlp: gpu }).fit(dataset.X, dataset.y, dataset.weights, 1);
      gpuFit.push(ms(t0));
    }
  }
  rows.push({ model: spec.kind, params: spec.params ?? {}, fitMsMedian: Number(median(fit).toFixed(1)), ...(gpuFit.length > 0 ? { gpuFitMsMedian: Number(median(gpuFit).toFixed(1)) } : {}), predictAllRowsMsMedian: Number(median(predict).toFixed(1)) });
}
let t0 = process.hrtime.bigint();
trainEnsemble(dataset, { resamples: 200 });
const ensembleMs = ms(t0);
let gpuEnsembleMs: number | undefined;
if (gpu !== undefined) {
  t0 = process.hrtime.bigint();
  trainEnsemble(dataset, { resamples: 200, kernels: { mlp: gpu } });
  gpuEnsembleMs = ms(t0);
}
await compute.close();
process.stdout.write(
  `${JSON.stringify({ data: 'SPY 2010-01-01..2020-12-31 daily, split-and-dividend adjusted', rows: dataset.X.length, features: dataset.featureNames.length, repeats, node: process.version, cpu: cpus()[0]?.model, cores: availableParallelism(), device: compute.device, deviceReason: compute.reason, ...(compute.adapter !== undefined ? { adapter: compute.adapter } : {}), models: rows, trainEnsembleMs: Math.round(ensembleMs), ...(gpuEnsembleMs !== undefined ? { trainEnsembleWithGpuMlpMs: Math.round(gpuEnsembleMs) } : {}) }, null, 1)}\n`,
);
