/**
 * GPU path of the MLP: parity with the float64 CPU kernel where a WebGPU adapter exists, skipped
 * (with the reason printed) where none does, as in CI. Software adapters (Mesa lavapipe) are used only
 * when TRADELOOP_GPU_ALLOW_SOFTWARE=1, for validating the shaders at small sizes.
 *
 * Tolerance: the GPU computes in float32 (unit roundoff 6e-8), the CPU in float64. One forward pass
 * sums inputs × hidden products, so probabilities agree to about 1e-7; in training, Adam scales every
 * step to about the learning rate whatever the gradient's size, so rounding differences move the
 * parameters by roughly lr × (relative gradient error) per step. Asserted: 1e-5 for prediction, 1e-4
 * for parameters and probabilities after a fit (measured on lavapipe at these sizes: about 1.5e-7).
 */
import { cpuMlpKernel, MultilayerPerceptron, type MlpShape } from '../../../../layers/core/ml/models';
import { mulberry32 } from '../../../../layers/core/analytics';
import { openWebGpuMlpKernel, selectMlpKernel, type WebGpuMlpKernel } from '../../../../layers/adapters/gpu';

const PREDICT_TOLERANCE = 1e-5;
const FIT_TOLERANCE = 1e-4;

const random = mulberry32(17);
const X = Array.from({ length: 240 }, () => Float64Array.from({ length: 7 }, () => random() * 4 - 2));
const y = X.map((r) => ((r[0] ?? 0) ** 2 + (r[1] ?? 0) ** 2 < 2 ? 1 : 0));
const w = X.map(() => 0.3 + random());

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i += 1) m = Math.max(m, Math.abs((a[i] ?? Number.NaN) - (b[i] ?? Number.NaN)));
  return m;
};

describe('MLP kernel device selection (CPU-only machines included)', () => {
  it('auto without a loadable WebGPU package falls back to the CPU kernel and says why; fits are identical to the plain CPU path', async () => {
    const selected = await selectMlpKernel('auto', { packageName: 'tradeloop-no-such-webgpu-package' });
    expect(selected.device).toBe('cpu');
    expect(selected.kernel).toBe(cpuMlpKernel);
    expect(selected.reason).toMatch(/auto: no GPU \(the optional package "tradeloop-no-such-webgpu-package" \(Dawn WebGPU\) could not be loaded/);
    const viaSelection = new MultilayerPerceptron({ hidden: 5, epochs: 4 }, selected.kernel).fit(X, y, w, 3);
    const plain = new MultilayerPerceptron({ hidden: 5, epochs: 4 }).fit(X, y, w, 3);
    expect(viaSelection.toJSON()).toEqual(plain.toJSON());
    await selected.close();
  });

  it('auto with the real package: on this machine either the CPU (with the reason) or a hardware GPU within tolerance', async () => {
    const selected = await selectMlpKernel('auto');
    try {
      const fitted = new MultilayerPerceptron({ hidden: 5, epochs: 4 }, selected.kernel).fit(X, y, w, 3).predictProba(X);
      const plain = new MultilayerPerceptron({ hidden: 5, epochs: 4 }).fit(X, y, w, 3).predictProba(X);
      if (selected.device === 'cpu') {
        expect(selected.reason).toMatch(/^auto: no GPU \(/);
        expect(Array.from(fitted)).toEqual(Array.from(plain));
      } else {
        expect(selected.adapter?.software).toBe(false);
        expect(maxAbsDiff(fitted, plain)).toBeLessThan(FIT_TOLERANCE);
      }
      console.info(`auto chose ${selected.device}: ${selected.reason}`);
    } finally {
      await selected.close();
    }
  });

  it('cpu is the CPU kernel; gpu without WebGPU is an error with the reason, not a silent fallback', async () => {
    const cpu = await selectMlpKernel('cpu');
    expect(cpu).toMatchObject({ device: 'cpu', reason: 'requested --device cpu' });
    await expect(selectMlpKernel('gpu', { packageName: 'tradeloop-no-such-webgpu-package' })).rejects.toThrow(/--device gpu, but the optional package/);
  });
});

describe('WebGPU kernels against the float64 CPU kernel', () => {
  let kernel: WebGpuMlpKernel | undefined;
  let skipped = '';

  beforeAll(async () => {
    const opened = await openWebGpuMlpKernel({ allowSoftware: process.env.TRADELOOP_GPU_ALLOW_SOFTWARE === '1' });
    if (opened.ok) kernel = opened.kernel;
    else skipped = opened.reason;
    if (kernel === undefined) console.warn(`GPU parity tests SKIPPED: ${skipped}. They run where a WebGPU adapter exists (set TRADELOOP_GPU_ALLOW_SOFTWARE=1 to accept a software one).`);
    else console.info(`GPU parity tests run on: ${kernel.adapter.description || kernel.adapter.device} (software: ${kernel.adapter.software})`);
  }, 90_000);

  afterAll(async () => {
    await kernel?.close();
  });

  const gpu = (): WebGpuMlpKernel | undefined => {
    if (kernel === undefined) console.warn(`skipped: ${skipped}`);
    return kernel;
  };

  it('prediction kernel (matmul + bias + tanh, sigmoid output) within 1e-5', () => {
    const k = gpu();
    if (k === undefined) return;
    const shape: MlpShape = { inputs: 35, hidden: 16 };
    const r = mulberry32(5);
    const theta = Float64Array.from({ length: 16 * 35 + 33 }, () => r() - 0.5);
    const rows = 700; // more than two workgroups of 256
    const x = Float64Array.from({ length: rows * 35 }, () => 2 * r() - 1);
    const expected = cpuMlpKernel.predict(shape, theta, x, rows);
    expect(maxAbsDiff(k.predict(shape, theta, x, rows), expected)).toBeLessThan(PREDICT_TOLERANCE);
  });

  it('training kernel: the same plan gives the same parameters within 1e-4, weighted rows, L2, ragged last batch', () => {
    const k = gpu();
    if (k === undefined) return;
    for (const params of [{ hidden: 8, epochs: 6, batchSize: 64 }, { hidden: 3, epochs: 3, batchSize: 50, l2: 0.01 }]) {
      const plan = new MultilayerPerceptron(params).trainingPlan(X, y, w, 9);
      const expected = cpuMlpKernel.train(plan);
      const got = k.train(plan);
      expect(maxAbsDiff(got, expected)).toBeLessThan(FIT_TOLERANCE);
      // and it did train: the parameters moved away from the initial ones
      expect(maxAbsDiff(got, plan.theta)).toBeGreaterThan(100 * FIT_TOLERANCE);
    }
  });

  it('a small MLP fit on the GPU predicts like the CPU fit within 1e-4 and learns the disc', () => {
    const k = gpu();
    if (k === undefined) return;
    const params = { hidden: 8, epochs: 30, batchSize: 32, learningRate: 0.02, l2: 0 };
    const onGpu = new MultilayerPerceptron(params, k).fit(X, y, undefined, 3);
    const onCpu = new MultilayerPerceptron(params).fit(X, y, undefined, 3);
    const p = onGpu.predictProba(X);
    expect(maxAbsDiff(p, onCpu.predictProba(X))).toBeLessThan(FIT_TOLERANCE);
    const accuracy = p.reduce((a, v, i) => a + ((v >= 0.5 ? 1 : 0) === y[i] ? 1 : 0), 0) / X.length;
    expect(accuracy).toBeGreaterThan(0.85);
    expect(k.stats.gpuFits).toBeGreaterThan(0);
  });
});
