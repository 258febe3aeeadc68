/**
 * The dense-kernel port of the multilayer perceptron, and its CPU implementation (float64, the
 * default). The port's unit is a whole fit and a whole batch of predictions, not one matrix product:
 * every Adam step depends on the one before, so a port per layer operation would cost an accelerator
 * several host round trips per mini-batch (about 5 000 per default fit). Everything a fit needs is
 * therefore decided before it starts (the seeded initial weights and the shuffled row order of every
 * epoch), and a kernel runs all mini-batches of all epochs from that plan: the forward pass (matmul +
 * bias + tanh, then the sigmoid output), the gradient matmuls and the Adam update.
 */

/** A one-hidden-layer network's size. Its parameters live in one vector: w1 (hidden × inputs, row-major), b1 (hidden), w2 (hidden), b2. */
export interface MlpShape {
  readonly inputs: number;
  readonly hidden: number;
}

/** Length of the parameter vector of a shape. */
export const mlpParameterCount = (shape: MlpShape): number => shape.hidden * shape.inputs + 2 * shape.hidden + 1;

/** One fit, fully determined: a kernel given the same plan must produce the same network (to its arithmetic's precision). */
export interface MlpTrainingPlan {
  readonly shape: MlpShape;
  readonly rows: number;
  /** Standardised inputs, rows × inputs, row-major. */
  readonly x: Float64Array;
  /** Labels, 0 or 1. */
  readonly y: Float64Array;
  /** Each row's loss weight, normalised to mean 1. */
  readonly rowWeight: Float64Array;
  /** epochs × rows: the row index at each position of each epoch's shuffled order. */
  readonly order: Int32Array;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** L2 weight decay on w1 and w2 (not the biases), added to the mean batch loss's gradient. */
  readonly l2: number;
  /** Initial parameters (mlpParameterCount entries). */
  readonly theta: Float64Array;
}

/** Runs MLP fits and predictions. Implementations: `cpuMlpKernel` here; a WebGPU one in layers/adapters/gpu. */
export interface MlpKernel {
  /** What computed (recorded with results): `cpu-f64`, `webgpu-f32`. */
  readonly name: string;
  /** Adam on the weighted logistic loss over the plan's mini-batches; returns the final parameters. */
  train(plan: MlpTrainingPlan): Float64Array;
  /** P(y = 1) for each of `rows` standardised input rows (rows × inputs, row-major). */
  predict(shape: MlpShape, theta: Float64Array, x: Float64Array, rows: number): Float64Array;
}

/** Logistic function, stable for large |z| (the same as ../types' sigmoid, kept local so this file stands alone). */
function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

/** Checks that a plan's arrays have the lengths its shape says (an accelerator would read out of bounds otherwise). */
export function checkTrainingPlan(plan: MlpTrainingPlan): void {
  const { inputs, hidden } = plan.shape;
  const problems: string[] = [];
  if (!(Number.isInteger(inputs) && inputs > 0 && Number.isInteger(hidden) && hidden > 0)) problems.push(`shape ${inputs}×${hidden}`);
  if (!(Number.isInteger(plan.batchSize) && plan.batchSize > 0)) problems.push(`batchSize ${plan.batchSize}`);
  if (!(Number.isInteger(plan.epochs) && plan.epochs >= 0)) problems.push(`epochs ${plan.epochs}`);
  if (plan.x.length !== plan.rows * inputs) problems.push(`x has ${plan.x.length} values for ${plan.rows}×${inputs}`);
  if (plan.y.length !== plan.rows || plan.rowWeight.length !== plan.rows) problems.push('y or rowWeight length');
  if (plan.order.length !== plan.epochs * plan.rows) problems.push(`order has ${plan.order.length} entries for ${plan.epochs}×${plan.rows}`);
  if (plan.theta.length !== mlpParameterCount(plan.shape)) problems.push(`theta has ${plan.theta.length} entries`);
  for (const i of plan.order) if (!(i >= 0 && i < plan.rows)) problems.push(`order holds row ${i}`);
  if (problems.length > 0) throw new RangeError(`invalid MLP training plan: ${problems.slice(0, 3).join('; ')}`);
}

/**
 * The float64 reference kernel. Its arithmetic, operation for operation, is the MLP's original loop,
 * so fits are bit-identical to models trained before the port existed (pinned in the tests).
 */
export const cpuMlpKernel: MlpKernel = {
  name: 'cpu-f64',
  train(plan) {
    const { inputs: d, hidden: H } = plan.shape;
    const { rows: n, x, y, rowWeight, order, batchSize, learningRate, l2 } = plan;
    const P = mlpParameterCount(plan.shape);
    const o1 = 0;
    const ob1 = H * d;
    const ow2 = ob1 + H;
    const ob2 = ow2 + H;
    const theta = Float64Array.from(plan.theta);
    const grad = new Float64Array(P);
    const m1 = new Float64Array(P);
    const m2 = new Float64Array(P);
    const hidden = new Float64Array(H);
    let step = 0;
    for (let epoch = 0; epoch < plan.epochs; epoch += 1) {
      const base0 = epoch * n;
      for (let startRow = 0; startRow < n; startRow += batchSize) {
        const endRow = Math.min(n, startRow + batchSize);
        const size = endRow - startRow;
        grad.fill(0);
        for (let r = startRow; r < endRow; r += 1) {
          const i = order[base0 + r] ?? 0;
          const xi = i * d;
          let z2 = theta[ob2] ?? 0;
          for (let u = 0; u < H; u += 1) {
            let z = theta[ob1 + u] ?? 0;
            const base = o1 + u * d;
            for (let j = 0; j < d; j += 1) z += (theta[base + j] ?? 0) * (x[xi + j] ?? 0);
            const a = Math.tanh(z);
            hidden[u] = a;
            z2 += (theta[ow2 + u] ?? 0) * a;
          }
          // d(loss)/dz2 for the weighted logistic loss, weights normalised to mean 1
          const delta = ((rowWeight[i] ?? 0) * (sigmoid(z2) - (y[i] ?? 0))) / size;
          grad[ob2] = (grad[ob2] ?? 0) + delta;
          for (let u = 0; u < H; u += 1) {
            const a = hidden[u] ?? 0;
            grad[ow2 + u] = (grad[ow2 + u] ?? 0) + delta * a;
            const dz = delta * (theta[ow2 + u] ?? 0) * (1 - a * a);
            grad[ob1 + u] = (grad[ob1 + u] ?? 0) + dz;
            const base = o1 + u * d;
            for (let j = 0; j < d; j += 1) grad[base + j] = (grad[base + j] ?? 0) + dz * (x[xi + j] ?? 0);
          }
        }
        for (let k = 0; k < H * d; k += 1) grad[o1 + k] = (grad[o1 + k] ?? 0) + l2 * (theta[o1 + k] ?? 0);
        for (let k = 0; k < H; k += 1) grad[ow2 + k] = (grad[ow2 + k] ?? 0) + l2 * (theta[ow2 + k] ?? 0);
        step += 1;
        const c1 = 1 - BETA1 ** step;
        const c2 = 1 - BETA2 ** step;
        for (let k = 0; k < P; k += 1) {
          const gk = grad[k] ?? 0;
          const a = BETA1 * (m1[k] ?? 0) + (1 - BETA1) * gk;
          const b = BETA2 * (m2[k] ?? 0) + (1 - BETA2) * gk * gk;
          m1[k] = a;
          m2[k] = b;
          theta[k] = (theta[k] ?? 0) - (learningRate * (a / c1)) / (Math.sqrt(b / c2) + EPSILON);
        }
      }
    }
    return theta;
  },
  predict(shape, theta, x, rows) {
    const { inputs: d, hidden: H } = shape;
    const ob1 = H * d;
    const ow2 = ob1 + H;
    const b2 = theta[ow2 + H] ?? 0;
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r += 1) {
      const xi = r * d;
      let z2 = b2;
      for (let u = 0; u < H; u += 1) {
        let z = theta[ob1 + u] ?? 0;
        for (let j = 0; j < d; j += 1) z += (theta[u * d + j] ?? 0) * (x[xi + j] ?? 0);
        z2 += (theta[ow2 + u] ?? 0) * Math.tanh(z);
      }
      out[r] = sigmoid(z2);
    }
    return out;
  },
};
