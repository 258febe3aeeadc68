/**
 * A multilayer perceptron: standardised inputs → one tanh hidden layer → sigmoid output, trained on
 * the weighted logistic loss with L2 weight decay by Adam (Kingma & Ba 2015) on seeded shuffled
 * mini-batches; initial weights Glorot-uniform from the seed. The training loop runs on a pluggable
 * kernel (./mlp-kernel: float64 CPU by default, WebGPU in layers/adapters/gpu).
 */
import { mulberry32 } from '../../analytics';
import { checkFitInput, type BinaryClassifier, type Matrix, type ModelJson } from '../types';
import { cpuMlpKernel, mlpParameterCount, type MlpKernel, type MlpTrainingPlan } from './mlp-kernel';
import { fitScaler, scaleRow, type ScalerState } from './scaler';

export interface MlpParams {
  readonly hidden: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** L2 weight decay on the weights (not the biases), added to the mean batch loss. */
  readonly l2: number;
}

interface MlpState {
  readonly scaler: ScalerState;
  readonly inputs: number;
  /** hidden × inputs, row-major */
  readonly w1: readonly number[];
  readonly b1: readonly number[];
  readonly w2: readonly number[];
  readonly b2: number;
}

export class MultilayerPerceptron implements BinaryClassifier {
  readonly kind = 'mlp';
  readonly params: MlpParams;
  private state: MlpState | undefined;

  /** `kernel` runs the training loop (default: the float64 CPU kernel); it is not part of the artefact. */
  constructor(params: Partial<MlpParams> = {}, private readonly kernel: MlpKernel = cpuMlpKernel) {
    this.params = {
      hidden: params.hidden ?? 16,
      epochs: params.epochs ?? 30,
      batchSize: params.batchSize ?? 64,
      learningRate: params.learningRate ?? 0.003,
      l2: params.l2 ?? 0.001,
    };
  }

  fit(X: Matrix, y: ArrayLike<number>, weights?: ArrayLike<number>, seed = 1): this {
    const { plan, scaler } = this.prepare(X, y, weights, seed);
    const theta = this.kernel.train(plan);
    const { inputs: d, hidden: H } = plan.shape;
    if (theta.length !== mlpParameterCount(plan.shape)) throw new RangeError(`${this.kernel.name} returned ${theta.length} parameters, expected ${mlpParameterCount(plan.shape)}`);
    const ob1 = H * d;
    const ow2 = ob1 + H;
    const ob2 = ow2 + H;
    this.state = { scaler, inputs: d, w1: Array.from(theta.subarray(0, ob1)), b1: Array.from(theta.subarray(ob1, ow2)), w2: Array.from(theta.subarray(ow2, ob2)), b2: theta[ob2] ?? 0 };
    return this;
  }

  /**
   * Everything the fit will do, decided up front from the seed: the scaler, the Glorot-uniform initial
   * weights, then one Fisher–Yates shuffle per epoch (each continuing from the last epoch's order). The
   * seeded generator is drawn in the same sequence as when the shuffles ran inside the loop.
   */
  trainingPlan(X: Matrix, y: ArrayLike<number>, weights?: ArrayLike<number>, seed = 1): MlpTrainingPlan {
    return this.prepare(X, y, weights, seed).plan;
  }

  private prepare(X: Matrix, y: ArrayLike<number>, weights: ArrayLike<number> | undefined, seed: number): { readonly plan: MlpTrainingPlan; readonly scaler: ScalerState } {
    const w = checkFitInput(X, y, weights);
    const n = X.length;
    const d = X[0]?.length ?? 0;
    const H = this.params.hidden;
    const shape = { inputs: d, hidden: H };
    const scaler = fitScaler(X);
    const x = new Float64Array(n * d);
    X.forEach((r, i) => x.set(scaleRow(scaler, r), i * d));
    const random = mulberry32(seed);
    const meanW = w.reduce((a, v) => a + v, 0) / n;
    const theta = new Float64Array(mlpParameterCount(shape));
    const ow2 = H * d + H;
    const lim1 = Math.sqrt(6 / (d + H));
    const lim2 = Math.sqrt(6 / (H + 1));
    for (let k = 0; k < H * d; k += 1) theta[k] = (2 * random() - 1) * lim1;
    for (let k = 0; k < H; k += 1) theta[ow2 + k] = (2 * random() - 1) * lim2;
    const epochs = this.params.epochs;
    const order = new Int32Array(epochs * n);
    const current = Int32Array.from({ length: n }, (_, i) => i);
    for (let epoch = 0; epoch < epochs; epoch += 1) {
      for (let i = n - 1; i > 0; i -= 1) {
        const j = Math.floor(random() * (i + 1));
        const tmp = current[i] ?? 0;
        current[i] = current[j] ?? 0;
        current[j] = tmp;
      }
      order.set(current, epoch * n);
    }
    const plan: MlpTrainingPlan = {
      shape,
      rows: n,
      x,
      y: Float64Array.from(y),
      rowWeight: w.map((v) => v / meanW),
      order,
      epochs,
      batchSize: this.params.batchSize,
      learningRate: this.params.learningRate,
      l2: this.params.l2,
      theta,
    };
    return { plan, scaler };
  }

  /**
   * P(y = 1) per row, always by the float64 CPU kernel, whichever kernel trained the model: the
   * artefact is scored on the CPU in the Lambda, and the job's hold-out metrics must be that model's.
   */
  predictProba(X: Matrix): Float64Array {
    const s = this.fitted();
    const d = s.inputs;
    const x = new Float64Array(X.length * d);
    const buf = new Float64Array(d);
    X.forEach((row, i) => x.set(scaleRow(s.scaler, row, buf), i * d));
    const theta = Float64Array.from([...s.w1, ...s.b1, ...s.w2, s.b2]);
    return cpuMlpKernel.predict({ inputs: d, hidden: s.b1.length }, theta, x, X.length);
  }

  private fitted(): MlpState {
    if (this.state === undefined) throw new Error('MLP is not fitted');
    return this.state;
  }

  toJSON(): ModelJson {
    return { kind: this.kind, version: 1, params: { ...this.params }, state: this.fitted() };
  }

  static restore(params: MlpParams, state: MlpState): MultilayerPerceptron {
    const m = new MultilayerPerceptron(params);
    m.state = state;
    return m;
  }
}
