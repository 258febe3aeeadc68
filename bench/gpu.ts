/**
 * CPU (float64) against GPU (WebGPU through Dawn, float32) for the ensemble-training MLP, on real SPY
 * 2010-2020 daily features: fit time (median of --repeats after one warm-up that compiles the
 * shaders), where the GPU time goes (upload, compute, readback, measured inside the kernel's worker),
 * parity (largest parameter and probability difference, calls flipped at 0.5), batch-prediction
 * throughput on synthetic rows, and optionally one whole trainEnsemble on each kernel.
 *
 * `npx tsx bench/gpu.ts [--repeats 5] [--predict-rows 1000000] [--ensemble] [--quick] [--out file.json]`
 * (`--quick`: the job's MLP only, not the larger one).
 * Where no hardware WebGPU adapter exists it prints "no GPU: <reason>" and exits 0. Not part of
 * `npm run bench`: opening the kernel's worker alone takes about a second.
 * `--allow-software` accepts Mesa's lavapipe, for checking the script itself at small sizes (its
 * timings say nothing about a GPU). For the GPU machine, `bench/gpu-pack.sh` and `bench/gpu-device.sh`.
 */
import { writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadLeanDailyData } from '../layers/adapters/files';
import { openWebGpuMlpKernel, type WebGpuMlpKernel } from '../layers/adapters/gpu';
import { mulberry32 } from '../layers/core/analytics';
import { adjustBars } from '../layers/core/market';
import { buildDataset, cpuMlpKernel, MultilayerPerceptron, trainEnsemble, type MlpParams } from '../layers/core/ml';

const Args = z.object({
  repeats: z.coerce.number().int().min(1).max(50).default(5),
  predictRows: z.coerce.number().int().min(256).max(10_000_000).optional(),
  ensemble: z.boolean().default(false),
  quick: z.boolean().default(false),
  allowSoftware: z.boolean().default(false),
  out: z.string().optional(),
  data: z.string().optional(),
  /** The bundled worker when run from bench/gpu-pack.sh's bundle (no tsx there). */
  workerUrl: z.string().optional(),
});
const { values } = parseArgs({
  options: {
    repeats: { type: 'string' },
    'predict-rows': { type: 'string' },
    ensemble: { type: 'boolean' },
    quick: { type: 'boolean' },
    'allow-software': { type: 'boolean' },
    out: { type: 'string' },
    data: { type: 'string' },
    'worker-url': { type: 'string' },
  },
  strict: true,
});
const args = Args.parse({ repeats: values.repeats, predictRows: values['predict-rows'], ensemble: values.ensemble, quick: values.quick, allowSoftware: values['allow-software'], out: values.out, data: values.data, workerUrl: values['worker-url'] });

const HERE = dirname(fileURLToPath(import.meta.url));
const emit = async (result: Record<string, unknown>): Promise<void> => {
  const text = `${JSON.stringify(result, null, 1)}\n`;
  process.stdout.write(text);
  if (args.out !== undefined) await writeFile(args.out, text);
};
const environment = { node: process.version, cpu: cpus()[0]?.model, cores: availableParallelism(), date: new Date().toISOString() };

const opened = await openWebGpuMlpKernel({ allowSoftware: args.allowSoftware, ...(args.workerUrl !== undefined ? { workerUrl: pathToFileURL(resolve(args.workerUrl)) } : {}) });
if (!opened.ok) {
  console.error(`no GPU: ${opened.reason}`);
  await emit({ gpu: false, reason: opened.reason, ...environment });
  process.exit(0);
}
const gpu: WebGpuMlpKernel = opened.kernel;

const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const round = (x: number, digits = 2): number => Number(x.toFixed(digits));
const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i += 1) m = Math.max(m, Math.abs((a[i] ?? Number.NaN) - (b[i] ?? Number.NaN)));
  return m;
};
const gpuSplit = (): { upload: number; compute: number; readback: number } => ({ upload: gpu.stats.uploadMs, compute: gpu.stats.computeMs, readback: gpu.stats.readbackMs });

const dataDir = args.data ?? join(HERE, '..', 'data');
const lean = await loadLeanDailyData(dataDir, 'SPY');
const bars = adjustBars(lean.bars, lean.factors, 'split-and-dividend').filter((b) => b.date >= '2010-01-01' && b.date <= '2020-12-31');
const dataset = buildDataset(bars, { kind: 'direction', horizon: 5 });

// the job's MLP (DEFAULT_MODEL_SPECS), then a larger one: more work per step, same step count shape
const configs: { readonly name: string; readonly params: Partial<MlpParams> }[] = [
  { name: 'default (16 hidden, 30 epochs, batch 64)', params: { hidden: 16, epochs: 30, l2: 0.001 } },
  ...(args.quick ? [] : [{ name: 'larger (32 hidden, 100 epochs, batch 64)', params: { hidden: 32, epochs: 100, l2: 0.001 } }]),
];
const fits: Record<string, unknown>[] = [];
for (const config of configs) {
  const plan = new MultilayerPerceptron(config.params).trainingPlan(dataset.X, dataset.y, dataset.weights, 1);
  let t = process.hrtime.bigint();
  const first = gpu.train(plan);
  const firstCallMs = ms(t);
  const cpuMs: number[] = [];
  const gpuMs: number[] = [];
  let cpuTheta: Float64Array = new Float64Array(0);
  let gpuTheta: Float64Array = first;
  const before = gpuSplit();
  for (let r = 0; r < args.repeats; r += 1) {
    t = process.hrtime.bigint();
    cpuTheta = cpuMlpKernel.train(plan);
    cpuMs.push(ms(t));
    t = process.hrtime.bigint();
    gpuTheta = gpu.train(plan);
    gpuMs.push(ms(t));
  }
  const after = gpuSplit();
  const pCpu = cpuMlpKernel.predict(plan.shape, cpuTheta, plan.x, plan.rows);
  const pGpu = cpuMlpKernel.predict(plan.shape, gpuTheta, plan.x, plan.rows);
  let flips = 0;
  pCpu.forEach((p, i) => (flips += p >= 0.5 !== (pGpu[i] ?? 0) >= 0.5 ? 1 : 0));
  fits.push({
    model: config.name,
    steps: Math.ceil(plan.rows / plan.batchSize) * plan.epochs,
    cpuMsMedian: round(median(cpuMs)),
    gpuMsMedian: round(median(gpuMs)),
    speedUp: round(median(cpuMs) / median(gpuMs)),
    gpuFirstCallMsWithShaderCompile: round(firstCallMs),
    gpuMeanMsInsideWorker: { upload: round((after.upload - before.upload) / args.repeats), compute: round((after.compute - before.compute) / args.repeats), readback: round((after.readback - before.readback) / args.repeats) },
    gpuRepeatsIdentical: maxAbs(first, gpuTheta) === 0,
    parity: { maxAbsParameter: maxAbs(cpuTheta, gpuTheta), maxAbsProbability: maxAbs(pCpu, pGpu), callsFlippedAt05: flips },
  });
}

// batch prediction (the forward kernel) on synthetic standardised rows, weights of the default fit
const rows = args.predictRows ?? (gpu.adapter.software ? 4096 : 1_000_000);
const shape = { inputs: dataset.featureNames.length, hidden: 16 };
const theta = cpuMlpKernel.train(new MultilayerPerceptron({ hidden: 16, epochs: 30, l2: 0.001 }).trainingPlan(dataset.X, dataset.y, dataset.weights, 1));
const random = mulberry32(3);
const x = Float64Array.from({ length: rows * shape.inputs }, () => 2 * random() - 1);
gpu.predict(shape, theta, x.subarray(0, 256 * shape.inputs), 256); // compile
const predictCpu: number[] = [];
const predictGpu: number[] = [];
let pc: Float64Array = new Float64Array(0);
let pg: Float64Array = new Float64Array(0);
const beforePredict = gpuSplit();
const predictRepeats = Math.min(args.repeats, 3);
for (let r = 0; r < predictRepeats; r += 1) {
  let t = process.hrtime.bigint();
  pc = cpuMlpKernel.predict(shape, theta, x, rows);
  predictCpu.push(ms(t));
  t = process.hrtime.bigint();
  pg = gpu.predict(shape, theta, x, rows);
  predictGpu.push(ms(t));
}
const afterPredict = gpuSplit();
const prediction = {
  rows,
  shape,
  cpuRowsPerSecond: Math.round(rows / (median(predictCpu) / 1000)),
  gpuRowsPerSecondIncludingTransfers: Math.round(rows / (median(predictGpu) / 1000)),
  gpuRowsPerSecondComputeOnly: Math.round(rows / ((afterPredict.compute - beforePredict.compute) / predictRepeats / 1000)),
  gpuMeanMsInsideWorker: { upload: round((afterPredict.upload - beforePredict.upload) / predictRepeats), compute: round((afterPredict.compute - beforePredict.compute) / predictRepeats), readback: round((afterPredict.readback - beforePredict.readback) / predictRepeats) },
  maxAbsProbability: maxAbs(pc, pg),
};

let ensemble: Record<string, unknown> | undefined;
if (args.ensemble) {
  let t = process.hrtime.bigint();
  const onCpu = trainEnsemble(dataset, { resamples: 200 });
  const cpuEnsembleMs = ms(t);
  t = process.hrtime.bigint();
  const onGpu = trainEnsemble(dataset, { resamples: 200, kernels: { mlp: gpu } });
  const gpuEnsembleMs = ms(t);
  const a = onCpu.holdoutPredictions['ensemble-soft-vote-calibrated'] ?? new Float64Array(0);
  const b = onGpu.holdoutPredictions['ensemble-soft-vote-calibrated'] ?? new Float64Array(0);
  ensemble = { cpuMs: Math.round(cpuEnsembleMs), withGpuMlpMs: Math.round(gpuEnsembleMs), maxAbsCalibratedSoftVote: maxAbs(a, b), mlpHoldoutAuc: { cpu: onCpu.report.holdout.mlp?.auc.estimate, gpu: onGpu.report.holdout.mlp?.auc.estimate } };
}

await emit({
  gpu: true,
  adapter: gpu.adapter,
  data: `SPY 2010-01-01..2020-12-31 daily, split-and-dividend adjusted: ${dataset.X.length} rows × ${dataset.featureNames.length} features`,
  method: `median of ${args.repeats} fits per kernel on the same plan after one GPU warm-up; GPU wall time includes the worker round trip; parity = CPU float64 vs GPU float32`,
  fits,
  prediction,
  ...(ensemble !== undefined ? { ensemble } : {}),
  cpuFallbackFits: gpu.stats.cpuFallbackFits,
  ...environment,
});
await gpu.close();
