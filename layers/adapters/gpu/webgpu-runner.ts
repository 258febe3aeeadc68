/**
 * The WebGPU (Dawn) implementation of the MLP kernels, asynchronous as WebGPU is. It runs inside the
 * kernel's worker thread (./webgpu-kernel gives the synchronous port). Loading is defensive: the
 * `webgpu` package is optional, may fail to load (another platform, a missing system library) and
 * may find no adapter (no GPU, no Vulkan driver); each case is an answer with a reason, not a throw.
 */
import { checkTrainingPlan, mlpParameterCount, type MlpShape, type MlpTrainingPlan } from '../../core/ml/models';
import { predictionShader, trainingShader, trainingWorkgroupBytes, WORKGROUP_SIZE } from './shaders';
import { BUFFER_USAGE, MAP_MODE_READ, SHADER_STAGE_COMPUTE, type GpuAdapterInfoLike, type GpuBufferBindingType, type GpuBufferLike, type GpuDeviceLike, type GpuLike } from './webgpu-api';

/** What the adapter says about itself (recorded in manifests and bench results). */
export interface GpuAdapterDescription {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** A CPU implementation of WebGPU (llvmpipe/lavapipe, SwiftShader): correct at small sizes, never faster. */
  readonly software: boolean;
}

/** Where the milliseconds of one kernel call went (host clock: upload = buffer writes, compute = submit to done, readback = map and copy). */
export interface GpuTimings {
  readonly uploadMs: number;
  readonly computeMs: number;
  readonly readbackMs: number;
  readonly dispatches: number;
}

export type WebGpuOpening = { readonly ok: true; readonly runner: WebGpuMlpRunner; readonly adapter: GpuAdapterDescription } | { readonly ok: false; readonly reason: string };

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const SOFTWARE = /llvmpipe|lavapipe|swiftshader|software/i;

function describe(info: GpuAdapterInfoLike | undefined): GpuAdapterDescription {
  const d = { vendor: info?.vendor ?? '', architecture: info?.architecture ?? '', device: info?.device ?? '', description: info?.description ?? '' };
  return { ...d, software: info?.isFallbackAdapter === true || SOFTWARE.test(`${d.architecture} ${d.device} ${d.description}`) };
}

function isDawnModule(value: unknown): value is { create(flags: string[]): GpuLike } {
  return typeof value === 'object' && value !== null && typeof (value as { create?: unknown }).create === 'function';
}

/**
 * Loads Dawn and opens the highest-performance adapter. `allowSoftware: false` (the default) refuses
 * CPU implementations of WebGPU: on them the "GPU" path only costs time (and Mesa's lavapipe crashed
 * at random above about 256K elements here).
 */
export async function openWebGpu(options: { readonly allowSoftware?: boolean; readonly packageName?: string } = {}): Promise<WebGpuOpening> {
  const name = options.packageName ?? 'webgpu';
  let dawn: unknown;
  try {
    dawn = await import(name);
  } catch (error) {
    return { ok: false, reason: `the optional package "${name}" (Dawn WebGPU) could not be loaded: ${messageOf(error)}` };
  }
  if (!isDawnModule(dawn)) return { ok: false, reason: `the package "${name}" has no create(): not Dawn's WebGPU binding` };
  try {
    const gpu = dawn.create([]);
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (adapter === null) return { ok: false, reason: 'WebGPU found no adapter: no GPU with a Vulkan driver is visible to this process' };
    const description = describe(adapter.info);
    if (description.software && options.allowSoftware !== true) {
      return { ok: false, reason: `the only WebGPU adapter is a software implementation (${description.description || description.device}), not a GPU` };
    }
    // ask for the adapter's own ceilings: the defaults (128 MiB bindings, 16 KiB workgroup memory) are below what GPUs offer
    const l = adapter.limits;
    const device = await adapter.requestDevice({
      requiredLimits: { maxStorageBufferBindingSize: l.maxStorageBufferBindingSize, maxBufferSize: l.maxBufferSize, maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize },
    });
    return { ok: true, runner: new WebGpuMlpRunner(device, gpu), adapter: description };
  } catch (error) {
    return { ok: false, reason: `WebGPU failed to open a device: ${messageOf(error)}` };
  }
}

interface Bound {
  readonly type: GpuBufferBindingType;
  readonly dynamic?: boolean;
}

/** MLP training and prediction on one WebGPU device. Calls must not overlap (the worker runs one at a time). */
export class WebGpuMlpRunner {
  private readonly pipelines = new Map<string, { readonly pipeline: object; readonly layout: object }>();
  private lostReason: string | undefined;

  /** `instance` is Dawn's GPU object: Dawn processes a device's events only while it is referenced. */
  constructor(
    private readonly device: GpuDeviceLike,
    private instance?: GpuLike,
  ) {
    void device.lost.then((info) => (this.lostReason = info.message || 'device lost'));
  }

  /** Workgroup memory per workgroup on this device: what bounds the fused training shader's network size. */
  get maxWorkgroupBytes(): number {
    return this.device.limits.maxComputeWorkgroupStorageSize;
  }

  /** Runs every epoch of the plan (`epochsPerDispatch` epochs per dispatch, all in one submit) and returns the final parameters. */
  async train(plan: MlpTrainingPlan, epochsPerDispatch = Number.MAX_SAFE_INTEGER): Promise<{ readonly theta: Float64Array; readonly timings: GpuTimings }> {
    checkTrainingPlan(plan);
    const { inputs, hidden } = plan.shape;
    const P = mlpParameterCount(plan.shape);
    const batch = Math.min(plan.batchSize, plan.rows);
    if (trainingWorkgroupBytes(P, batch, hidden) > this.maxWorkgroupBytes) {
      throw new RangeError(`an MLP of ${inputs}×${hidden} with batches of ${batch} needs ${trainingWorkgroupBytes(P, batch, hidden)} bytes of workgroup memory; this device has ${this.device.limits.maxComputeWorkgroupStorageSize}`);
    }
    const stepsPerEpoch = Math.ceil(plan.rows / plan.batchSize);
    const steps = stepsPerEpoch * plan.epochs;
    const t0 = performance.now();
    const created: GpuBufferLike[] = [];
    const scope = this.openScope();
    try {
      const { pipeline, layout } = this.pipeline(`train:${P}:${batch}:${hidden}`, trainingShader(P, batch, hidden), 'train', [
        { type: 'uniform', dynamic: true },
        { type: 'read-only-storage' },
        { type: 'read-only-storage' },
        { type: 'read-only-storage' },
        { type: 'read-only-storage' },
        { type: 'read-only-storage' },
        { type: 'storage' },
        { type: 'storage' },
      ]);
      const storage = (data: ArrayBufferView, writable = false): GpuBufferLike => {
        const buffer = this.device.createBuffer({ size: Math.max(16, align(data.byteLength, 4)), usage: BUFFER_USAGE.STORAGE | BUFFER_USAGE.COPY_DST | (writable ? BUFFER_USAGE.COPY_SRC : 0) });
        created.push(buffer);
        this.device.queue.writeBuffer(buffer, 0, data);
        return buffer;
      };
      const scale = new Float32Array(2 * Math.max(1, steps));
      for (let t = 1; t <= steps; t += 1) {
        scale[2 * (t - 1)] = plan.learningRate / (1 - 0.9 ** t);
        scale[2 * (t - 1) + 1] = 1 / (1 - 0.999 ** t);
      }
      const x = storage(Float32Array.from(plan.x));
      const y = storage(Float32Array.from(plan.y));
      const w = storage(Float32Array.from(plan.rowWeight));
      const order = storage(Uint32Array.from(plan.order));
      const steps2 = storage(scale);
      const theta = storage(Float32Array.from(plan.theta), true);
      const moments = storage(new Float32Array(2 * P));
      const chunk = Math.max(1, Math.min(epochsPerDispatch, plan.epochs));
      const dispatches = Math.ceil(plan.epochs / chunk);
      const stride = align(32, this.device.limits.minUniformBufferOffsetAlignment);
      const uniforms = new ArrayBuffer(stride * Math.max(1, dispatches));
      for (let k = 0; k < dispatches; k += 1) {
        const u = new Uint32Array(uniforms, k * stride, 8);
        const epochStart = k * chunk;
        u.set([plan.rows, inputs, hidden, plan.batchSize, epochStart, Math.min(chunk, plan.epochs - epochStart), epochStart * stepsPerEpoch, 0]);
        new Float32Array(uniforms, k * stride + 28, 1)[0] = plan.l2;
      }
      const uniform = this.device.createBuffer({ size: uniforms.byteLength, usage: BUFFER_USAGE.UNIFORM | BUFFER_USAGE.COPY_DST });
      created.push(uniform);
      this.device.queue.writeBuffer(uniform, 0, new Uint8Array(uniforms));
      const bindGroup = this.device.createBindGroup({
        layout,
        entries: [uniform, x, y, w, order, steps2, theta, moments].map((buffer, binding) => ({ binding, resource: binding === 0 ? { buffer, offset: 0, size: 32 } : { buffer } })),
      });
      const readback = this.device.createBuffer({ size: align(4 * P, 4), usage: BUFFER_USAGE.MAP_READ | BUFFER_USAGE.COPY_DST });
      created.push(readback);
      const encoder = this.device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      for (let k = 0; k < dispatches; k += 1) {
        pass.setBindGroup(0, bindGroup, [k * stride]);
        pass.dispatchWorkgroups(1);
      }
      pass.end();
      encoder.copyBufferToBuffer(theta, 0, readback, 0, align(4 * P, 4));
      const t1 = performance.now();
      this.device.queue.submit([encoder.finish()]);
      await this.device.queue.onSubmittedWorkDone();
      const t2 = performance.now();
      const result = await this.read(readback, P);
      await scope.close();
      return { theta: Float64Array.from(result), timings: { uploadMs: t1 - t0, computeMs: t2 - t1, readbackMs: performance.now() - t2, dispatches } };
    } finally {
      await scope.close().catch(() => undefined);
      for (const b of created) b.destroy();
    }
  }

  /** P(y = 1) of each row (f32 arithmetic, returned as float64). */
  async predict(shape: MlpShape, thetaValues: Float64Array, xValues: Float64Array, rows: number): Promise<{ readonly probabilities: Float64Array; readonly timings: GpuTimings }> {
    const P = mlpParameterCount(shape);
    if (thetaValues.length !== P || xValues.length !== rows * shape.inputs) throw new RangeError('predict: theta or x does not match the shape');
    if (4 * xValues.length > this.device.limits.maxStorageBufferBindingSize) throw new RangeError(`predict: ${rows} rows exceed this device's largest storage binding (${this.device.limits.maxStorageBufferBindingSize} bytes)`);
    if (rows === 0) return { probabilities: new Float64Array(0), timings: { uploadMs: 0, computeMs: 0, readbackMs: 0, dispatches: 0 } };
    const t0 = performance.now();
    const created: GpuBufferLike[] = [];
    const scope = this.openScope();
    try {
      const { pipeline, layout } = this.pipeline(`predict:${P}`, predictionShader(P), 'predict', [{ type: 'uniform' }, { type: 'read-only-storage' }, { type: 'read-only-storage' }, { type: 'storage' }]);
      const make = (size: number, usage: number): GpuBufferLike => {
        const b = this.device.createBuffer({ size: align(Math.max(16, size), 4), usage });
        created.push(b);
        return b;
      };
      const uniform = make(16, BUFFER_USAGE.UNIFORM | BUFFER_USAGE.COPY_DST);
      this.device.queue.writeBuffer(uniform, 0, Uint32Array.from([rows, shape.inputs, shape.hidden, 0]));
      const x = make(4 * xValues.length, BUFFER_USAGE.STORAGE | BUFFER_USAGE.COPY_DST);
      this.device.queue.writeBuffer(x, 0, Float32Array.from(xValues));
      const theta = make(4 * P, BUFFER_USAGE.STORAGE | BUFFER_USAGE.COPY_DST);
      this.device.queue.writeBuffer(theta, 0, Float32Array.from(thetaValues));
      const out = make(4 * rows, BUFFER_USAGE.STORAGE | BUFFER_USAGE.COPY_SRC);
      const readback = make(4 * rows, BUFFER_USAGE.MAP_READ | BUFFER_USAGE.COPY_DST);
      const bindGroup = this.device.createBindGroup({ layout, entries: [uniform, x, theta, out].map((buffer, binding) => ({ binding, resource: { buffer } })) });
      const groups = Math.ceil(rows / WORKGROUP_SIZE);
      const maxX = this.device.limits.maxComputeWorkgroupsPerDimension;
      const encoder = this.device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(Math.min(groups, maxX), Math.ceil(groups / maxX));
      pass.end();
      encoder.copyBufferToBuffer(out, 0, readback, 0, align(4 * rows, 4));
      const t1 = performance.now();
      this.device.queue.submit([encoder.finish()]);
      await this.device.queue.onSubmittedWorkDone();
      const t2 = performance.now();
      const result = await this.read(readback, rows);
      await scope.close();
      return { probabilities: Float64Array.from(result), timings: { uploadMs: t1 - t0, computeMs: t2 - t1, readbackMs: performance.now() - t2, dispatches: 1 } };
    } finally {
      await scope.close().catch(() => undefined);
      for (const b of created) b.destroy();
    }
  }

  destroy(): void {
    this.device.destroy();
    this.instance = undefined;
  }

  private async read(buffer: GpuBufferLike, length: number): Promise<Float32Array> {
    await buffer.mapAsync(MAP_MODE_READ);
    const copy = new Float32Array(buffer.getMappedRange().slice(0, 4 * length));
    buffer.unmap();
    return copy;
  }

  /** Error scopes around one call: close() pops them once and throws the first error (or a lost device). */
  private openScope(): { close(): Promise<void> } {
    this.device.pushErrorScope('validation');
    this.device.pushErrorScope('out-of-memory');
    let closed = false;
    return {
      close: async () => {
        if (closed) return;
        closed = true;
        const memory = await this.device.popErrorScope();
        const validation = await this.device.popErrorScope();
        const error = memory ?? validation;
        if (error !== null) throw new Error(`WebGPU error: ${error.message}`);
        if (this.lostReason !== undefined) throw new Error(`WebGPU device lost: ${this.lostReason}`);
      },
    };
  }

  private pipeline(key: string, code: string, entryPoint: string, bindings: readonly Bound[]): { readonly pipeline: object; readonly layout: object } {
    const cached = this.pipelines.get(key);
    if (cached !== undefined) return cached;
    const layout = this.device.createBindGroupLayout({
      entries: bindings.map((b, binding) => ({ binding, visibility: SHADER_STAGE_COMPUTE, buffer: { type: b.type, ...(b.dynamic === true ? { hasDynamicOffset: true } : {}) } })),
    });
    const pipeline = this.device.createComputePipeline({ layout: this.device.createPipelineLayout({ bindGroupLayouts: [layout] }), compute: { module: this.device.createShaderModule({ code }), entryPoint } });
    const made = { pipeline, layout };
    this.pipelines.set(key, made);
    return made;
  }
}

const align = (n: number, to: number): number => Math.ceil(n / to) * to;
