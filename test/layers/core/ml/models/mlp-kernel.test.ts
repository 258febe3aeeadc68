import { createHash } from 'node:crypto';
import { mulberry32 } from '../../../../../layers/core/analytics';
import { checkTrainingPlan, cpuMlpKernel, createModel, mlpParameterCount, MultilayerPerceptron, type MlpKernel, type MlpTrainingPlan } from '../../../../../layers/core/ml/models';

const random = mulberry32(7);
const X = Array.from({ length: 300 }, () => Float64Array.from({ length: 9 }, () => random() * 4 - 2));
const y = X.map((row) => ((row[0] ?? 0) + (row[3] ?? 0) * 0.5 + random() - 0.5 > 0 ? 1 : 0));
const w = X.map(() => 0.2 + random());

const fingerprint = (m: MultilayerPerceptron): string =>
  createHash('sha256').update(JSON.stringify(m.toJSON())).update(Buffer.from(m.predictProba(X).buffer)).digest('hex');

describe('MLP dense-kernel port', () => {
  it('the CPU kernel reproduces the pre-port MLP bit for bit (artefact JSON and predictions hashed before the refactor)', () => {
    expect(fingerprint(new MultilayerPerceptron().fit(X, y, w, 1))).toBe('9f9fdaa3389e2f75166486588d78d8cc17de86d0bb466eda2926cadb971123fb');
    expect(fingerprint(new MultilayerPerceptron({ hidden: 5, epochs: 7, batchSize: 17 }).fit(X, y, undefined, 3))).toBe('42d4c7bdde84020d4443e384ebc33c1f0d86745b7517c6cd18958af0da2516ec');
    expect(fingerprint(new MultilayerPerceptron({ hidden: 3, epochs: 2, batchSize: 500, l2: 0 }).fit(X, y, w, 9))).toBe('f1f65b03815539efc6cc6f7956328e6556410b8871399dfd7c77b98bb69dd645');
  });

  it('plans every epoch as a permutation of the rows, weights normalised to mean 1, and a valid parameter vector', () => {
    const plan = new MultilayerPerceptron({ hidden: 4, epochs: 3 }).trainingPlan(X, y, w, 5);
    expect(() => checkTrainingPlan(plan)).not.toThrow();
    expect(plan.theta).toHaveLength(mlpParameterCount({ inputs: 9, hidden: 4 }));
    for (let e = 0; e < 3; e += 1) {
      const epoch = Array.from(plan.order.subarray(e * 300, (e + 1) * 300)).sort((a, b) => a - b);
      expect(epoch).toEqual(Array.from({ length: 300 }, (_, i) => i));
    }
    expect(Array.from(plan.order.subarray(0, 300))).not.toEqual(Array.from(plan.order.subarray(300, 600)));
    expect(plan.rowWeight.reduce((a, v) => a + v, 0) / 300).toBeCloseTo(1, 12);
  });

  it('rejects a plan whose arrays disagree with its shape', () => {
    const plan = new MultilayerPerceptron({ hidden: 4, epochs: 2 }).trainingPlan(X, y, w, 5);
    expect(() => checkTrainingPlan({ ...plan, theta: plan.theta.subarray(1) })).toThrow(/theta/);
    expect(() => checkTrainingPlan({ ...plan, order: Int32Array.from(plan.order, (i) => i + 1) })).toThrow(/order holds row 300/);
    expect(() => checkTrainingPlan({ ...plan, x: plan.x.subarray(9) })).toThrow(/x has/);
  });

  it('a pluggable kernel trains; predictions stay on the float64 CPU path', () => {
    const plans: MlpTrainingPlan[] = [];
    const initialOnly: MlpKernel = {
      name: 'test-initial-weights',
      train: (plan) => {
        plans.push(plan);
        return Float64Array.from(plan.theta);
      },
      predict: () => {
        throw new Error('predict must not be called by the model');
      },
    };
    const model = createModel({ kind: 'mlp', params: { hidden: 3, epochs: 2 } }, { mlp: initialOnly }).fit(X, y, w, 11);
    expect(plans).toHaveLength(1);
    const plan = plans[0] as MlpTrainingPlan;
    // with zero epochs the CPU kernel also returns the initial weights: the two models agree exactly
    const untrained = new MultilayerPerceptron({ hidden: 3, epochs: 0 }).fit(X, y, w, 11);
    expect(plan.epochs).toBe(2);
    expect(Array.from(model.predictProba(X))).toEqual(Array.from(untrained.predictProba(X)));
    expect(() => new MultilayerPerceptron({}, { ...initialOnly, train: () => new Float64Array(3) }).fit(X, y)).toThrow(/returned 3 parameters/);
  });

  it('the CPU predict kernel is the model forward pass', () => {
    const model = new MultilayerPerceptron({ hidden: 4, epochs: 2 }).fit(X, y, w, 2);
    const state = model.toJSON().state as { w1: number[]; b1: number[]; w2: number[]; b2: number; scaler: { mean: number[]; scale: number[] } };
    const x = new Float64Array(300 * 9);
    X.forEach((r, i) => r.forEach((v, j) => (x[i * 9 + j] = (v - (state.scaler.mean[j] ?? 0)) / (state.scaler.scale[j] ?? 1))));
    const p = cpuMlpKernel.predict({ inputs: 9, hidden: 4 }, Float64Array.from([...state.w1, ...state.b1, ...state.w2, state.b2]), x, 300);
    expect(Array.from(p)).toEqual(Array.from(model.predictProba(X)));
  });
});
