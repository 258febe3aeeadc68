/**
 * WGSL compute shaders of the MLP (float32). Sizes that WGSL needs at compile time (the workgroup
 * arrays) are written into the source, so there is one pipeline per network shape and batch size.
 */

/** Threads per workgroup: the WebGPU default limit (maxComputeInvocationsPerWorkgroup = 256). */
export const WORKGROUP_SIZE = 256;

/** Bytes of workgroup memory the training shader needs: parameters, activations and their gradients, deltas, row indices. */
export const trainingWorkgroupBytes = (parameters: number, batch: number, hidden: number): number => 4 * (parameters + 2 * batch * hidden + 2 * batch);

const COMMON = /* wgsl */ `
fn sigmoid(z: f32) -> f32 {
  // stable for large |z|, like the CPU kernel's
  let e = exp(-abs(z));
  return select(e / (1.0 + e), 1.0 / (1.0 + e), z >= 0.0);
}
fn tanhClamped(z: f32) -> f32 {
  // tanh(±15) is ±1 in f32; the clamp keeps a backend's exp-based tanh from giving inf/inf = NaN
  return tanh(clamp(z, -15.0, 15.0));
}
`;

/**
 * The whole training loop in one workgroup: per mini-batch, the forward pass (matmul + bias + tanh,
 * then the sigmoid output), the output deltas, the hidden gradients, and per parameter its gradient
 * matmul, L2 term and Adam update. One workgroup because every step needs the previous step's
 * weights: barriers inside a workgroup are cheap, a round trip to the host per step is not. The
 * parameters stay in workgroup memory for the whole dispatch; each dispatch runs a range of epochs.
 */
export function trainingShader(parameters: number, batch: number, hidden: number): string {
  return /* wgsl */ `
struct Params {
  rows: u32, inputs: u32, hidden: u32, batch: u32,
  epochStart: u32, epochCount: u32, stepBase: u32, l2: f32,
}
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> y: array<f32>;
@group(0) @binding(3) var<storage, read> rowWeight: array<f32>;
@group(0) @binding(4) var<storage, read> order: array<u32>;
// per Adam step: (learning rate / (1 - beta1^t), 1 / (1 - beta2^t)), computed in float64 on the host
@group(0) @binding(5) var<storage, read> stepScale: array<vec2<f32>>;
@group(0) @binding(6) var<storage, read_write> theta: array<f32>;
// per parameter: Adam's first and second moments
@group(0) @binding(7) var<storage, read_write> moments: array<vec2<f32>>;

const WG: u32 = ${WORKGROUP_SIZE}u;
const P: u32 = ${parameters}u;
const BH: u32 = ${batch * hidden}u;
const B: u32 = ${batch}u;
var<workgroup> th: array<f32, P>;
var<workgroup> act: array<f32, BH>;
var<workgroup> dz: array<f32, BH>;
var<workgroup> delta: array<f32, B>;
var<workgroup> rowAt: array<u32, B>;
${COMMON}
@compute @workgroup_size(${WORKGROUP_SIZE})
fn train(@builtin(local_invocation_index) t: u32) {
  let d = params.inputs;
  let H = params.hidden;
  let n = params.rows;
  let ob1 = H * d;
  let ow2 = ob1 + H;
  let ob2 = ow2 + H;
  for (var k = t; k < P; k += WG) { th[k] = theta[k]; }
  workgroupBarrier();
  var step = params.stepBase;
  for (var e = params.epochStart; e < params.epochStart + params.epochCount; e += 1u) {
    let base = e * n;
    for (var start = 0u; start < n; start += params.batch) {
      let size = min(params.batch, n - start);
      for (var r = t; r < size; r += WG) { rowAt[r] = order[base + start + r]; }
      workgroupBarrier();
      // hidden layer: act = tanh(W1 x + b1), one (row, unit) per thread
      for (var k = t; k < size * H; k += WG) {
        let r = k / H;
        let u = k % H;
        let xi = rowAt[r] * d;
        var z = th[ob1 + u];
        for (var j = 0u; j < d; j += 1u) { z += th[u * d + j] * x[xi + j]; }
        act[k] = tanhClamped(z);
      }
      workgroupBarrier();
      // output unit and d(weighted logistic loss)/dz2, weights normalised to mean 1
      for (var r = t; r < size; r += WG) {
        var z2 = th[ob2];
        for (var u = 0u; u < H; u += 1u) { z2 += th[ow2 + u] * act[r * H + u]; }
        let i = rowAt[r];
        delta[r] = rowWeight[i] * (sigmoid(z2) - y[i]) / f32(size);
      }
      workgroupBarrier();
      for (var k = t; k < size * H; k += WG) {
        let a = act[k];
        dz[k] = delta[k / H] * th[ow2 + k % H] * (1.0 - a * a);
      }
      workgroupBarrier();
      // each thread owns parameters k: gradient over the batch (+ L2 on weights), then Adam
      let s = stepScale[step];
      for (var k = t; k < P; k += WG) {
        var g = 0.0;
        if (k < ob1) {
          let u = k / d;
          let j = k % d;
          for (var r = 0u; r < size; r += 1u) { g += dz[r * H + u] * x[rowAt[r] * d + j]; }
          g += params.l2 * th[k];
        } else if (k < ow2) {
          let u = k - ob1;
          for (var r = 0u; r < size; r += 1u) { g += dz[r * H + u]; }
        } else if (k < ob2) {
          let u = k - ow2;
          for (var r = 0u; r < size; r += 1u) { g += delta[r] * act[r * H + u]; }
          g += params.l2 * th[k];
        } else {
          for (var r = 0u; r < size; r += 1u) { g += delta[r]; }
        }
        let m = moments[k];
        let m1 = 0.9 * m.x + 0.1 * g;
        let m2 = 0.999 * m.y + 0.001 * g * g;
        moments[k] = vec2<f32>(m1, m2);
        th[k] = th[k] - s.x * m1 / (sqrt(m2 * s.y) + 1e-8);
      }
      step += 1u;
      workgroupBarrier();
    }
  }
  for (var k = t; k < P; k += WG) { theta[k] = th[k]; }
}
`;
}

/** Batch prediction: one row per thread, the parameters copied to workgroup memory once per workgroup; a 2-D grid past 65 535 workgroups. */
export function predictionShader(parameters: number): string {
  return /* wgsl */ `
struct Shape { rows: u32, inputs: u32, hidden: u32, pad: u32 }
@group(0) @binding(0) var<uniform> shape: Shape;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> theta: array<f32>;
@group(0) @binding(3) var<storage, read_write> probability: array<f32>;

const WG: u32 = ${WORKGROUP_SIZE}u;
const P: u32 = ${parameters}u;
var<workgroup> th: array<f32, P>;
${COMMON}
@compute @workgroup_size(${WORKGROUP_SIZE})
fn predict(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  for (var k = t; k < P; k += WG) { th[k] = theta[k]; }
  workgroupBarrier();
  let r = (wg.y * groups.x + wg.x) * WG + t;
  if (r >= shape.rows) { return; }
  let d = shape.inputs;
  let H = shape.hidden;
  let ob1 = H * d;
  let ow2 = ob1 + H;
  var z2 = th[ow2 + H];
  let xi = r * d;
  for (var u = 0u; u < H; u += 1u) {
    var z = th[ob1 + u];
    for (var j = 0u; j < d; j += 1u) { z += th[u * d + j] * x[xi + j]; }
    z2 += th[ow2 + u] * tanhClamped(z);
  }
  probability[r] = sigmoid(z2);
}
`;
}
