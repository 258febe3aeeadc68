/**
 * A multilayer perceptron: standardised inputs → one tanh hidden layer → sigmoid output, trained on
 * the weighted logistic loss with L2 weight decay by Adam (Kingma & Ba 2015) on seeded shuffled
 * mini-batches; initial weights Glorot-uniform from the seed.
 */
import { mulberry32 } from '../../analytics';
import { checkFitInput, sigmoid, type BinaryClassifier, type Matrix, type ModelJson } from '../types';
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

  constructor(params: Partial<MlpParams> = {}) {
    this.params = {
      hidden: params.hidden ?? 16,
      epochs: params.epochs ?? 30,
      batchSize: params.batchSize ?? 64,
      learningRate: params.learningRate ?? 0.003,
      l2: params.l2 ?? 0.001,
    };
  }

  fit(X: Matrix, y: ArrayLike<number>, weights?: ArrayLike<number>, seed = 1): this {
    const w = checkFitInput(X, y, weights);
    const n = X.length;
    const d = X[0]?.length ?? 0;
    const H = this.params.hidden;
    const scaler = fitScaler(X);
    const Xs = X.map((r) => scaleRow(scaler, r));
    const random = mulberry32(seed);
    const meanW = w.reduce((a, v) => a + v, 0) / n;
    // parameters in one vector: w1 (H·d), b1 (H), w2 (H), b2 (1)
    const P = H * d + H + H + 1;
    const theta = new Float64Array(P);
    const o1 = 0;
    const ob1 = H * d;
    const ow2 = ob1 + H;
    const ob2 = ow2 + H;
    const lim1 = Math.sqrt(6 / (d + H));
    const lim2 = Math.sqrt(6 / (H + 1));
    for (let k = 0; k < H * d; k += 1) theta[o1 + k] = (2 * random() - 1) * lim1;
    for (let k = 0; k < H; k += 1) theta[ow2 + k] = (2 * random() - 1) * lim2;
    const grad = new Float64Array(P);
    const m1 = new Float64Array(P);
    const m2 = new Float64Array(P);
    const beta1 = 0.9;
    const beta2 = 0.999;
    const hidden = new Float64Array(H);
    const order = Int32Array.from({ length: n }, (_, i) => i);
    let step = 0;
    for (let epoch = 0; epoch < this.params.epochs; epoch += 1) {
      for (let i = n - 1; i > 0; i -= 1) {
        const j = Math.floor(random() * (i + 1));
        const tmp = order[i] ?? 0;
        order[i] = order[j] ?? 0;
        order[j] = tmp;
      }
      for (let startRow = 0; startRow < n; startRow += this.params.batchSize) {
        const endRow = Math.min(n, startRow + this.params.batchSize);
        const size = endRow - startRow;
        grad.fill(0);
        for (let r = startRow; r < endRow; r += 1) {
          const i = order[r] ?? 0;
          const x = Xs[i] as Float64Array;
          let z2 = theta[ob2] ?? 0;
          for (let u = 0; u < H; u += 1) {
            let z = theta[ob1 + u] ?? 0;
            const base = o1 + u * d;
            for (let j = 0; j < d; j += 1) z += (theta[base + j] ?? 0) * (x[j] ?? 0);
            const a = Math.tanh(z);
            hidden[u] = a;
            z2 += (theta[ow2 + u] ?? 0) * a;
          }
          // d(loss)/dz2 for the weighted logistic loss, weights normalised to mean 1
          const delta = (((w[i] ?? 0) / meanW) * (sigmoid(z2) - (y[i] ?? 0))) / size;
          grad[ob2] = (grad[ob2] ?? 0) + delta;
          for (let u = 0; u < H; u += 1) {
            const a = hidden[u] ?? 0;
            grad[ow2 + u] = (grad[ow2 + u] ?? 0) + delta * a;
            const dz = delta * (theta[ow2 + u] ?? 0) * (1 - a * a);
            grad[ob1 + u] = (grad[ob1 + u] ?? 0) + dz;
            const base = o1 + u * d;
            for (let j = 0; j < d; j += 1) grad[base + j] = (grad[base + j] ?? 0) + dz * (x[j] ?? 0);
          }
        }
        for (let k = 0; k < H * d; k += 1) grad[o1 + k] = (grad[o1 + k] ?? 0) + this.params.l2 * (theta[o1 + k] ?? 0);
        for (let k = 0; k < H; k += 1) grad[ow2 + k] = (grad[ow2 + k] ?? 0) + this.params.l2 * (theta[ow2 + k] ?? 0);
        step += 1;
        const c1 = 1 - beta1 ** step;
        const c2 = 1 - beta2 ** step;
        for (let k = 0; k < P; k += 1) {
          const gk = grad[k] ?? 0;
          const a = beta1 * (m1[k] ?? 0) + (1 - beta1) * gk;
          const b = beta2 * (m2[k] ?? 0) + (1 - beta2) * gk * gk;
          m1[k] = a;
          m2[k] = b;
          theta[k] = (theta[k] ?? 0) - (this.params.learningRate * (a / c1)) / (Math.sqrt(b / c2) + 1e-8);
        }
      }
    }
    this.state = {
      scaler,
      inputs: d,
      w1: Array.from(theta.subarray(o1, ob1)),
      b1: Array.from(theta.subarray(ob1, ow2)),
      w2: Array.from(theta.subarray(ow2, ob2)),
      b2: theta[ob2] ?? 0,
    };
    return this;
  }

  predictProba(X: Matrix): Float64Array {
    const s = this.fitted();
    const d = s.inputs;
    const buf = new Float64Array(d);
    return Float64Array.from(X, (row) => {
      const x = scaleRow(s.scaler, row, buf);
      let z2 = s.b2;
      for (let u = 0; u < s.b1.length; u += 1) {
        let z = s.b1[u] ?? 0;
        for (let j = 0; j < d; j += 1) z += (s.w1[u * d + j] ?? 0) * (x[j] ?? 0);
        z2 += (s.w2[u] ?? 0) * Math.tanh(z);
      }
      return sigmoid(z2);
    });
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
