/**
 * The MLP kernel port on WebGPU, synchronous as the port is. WebGPU is asynchronous and the models
 * fit synchronously (the ensemble calls `fit` 42 times in a loop), so the device lives in a worker
 * thread and each call blocks the calling thread in Atomics.wait until the worker has replied, then
 * takes the reply with receiveMessageOnPort. The cost is one message round trip per fit (the plan is
 * copied once); every mini-batch of the fit runs on the GPU without returning to the host.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { cpuMlpKernel, mlpParameterCount, type MlpKernel, type MlpShape, type MlpTrainingPlan } from '../../core/ml/models';
import type { GpuReply, GpuRequest, GpuWorkerData, GpuWorkerHello } from './protocol';
import { trainingWorkgroupBytes } from './shaders';
import type { GpuAdapterDescription, GpuTimings } from './webgpu-runner';

export interface WebGpuKernelOptions {
  /** Accept a software WebGPU adapter (lavapipe): for validating the shaders at small sizes only. */
  readonly allowSoftware?: boolean;
  /** Longest wait for one call before it is abandoned with an error (default 10 minutes). */
  readonly callTimeoutMs?: number;
  /** Longest wait for the worker to load Dawn and open a device (default 60 s). */
  readonly openTimeoutMs?: number;
  /** Epochs per dispatch in training (default: all of them in one). */
  readonly epochsPerDispatch?: number;
  /** The package to load instead of `webgpu` (tests use a missing name to exercise the failure path). */
  readonly packageName?: string;
  /** Worker entry (tests may substitute one); default ./gpu-worker.mjs. */
  readonly workerUrl?: URL;
}

/** Counts of one kernel's work, for manifests and benchmarks. */
export interface WebGpuKernelStats {
  gpuFits: number;
  /** Fits whose network was too large for the fused shader's workgroup memory: run by the CPU kernel. */
  cpuFallbackFits: number;
  gpuPredictions: number;
  /** Sums over the GPU calls (host clock inside the worker). */
  uploadMs: number;
  computeMs: number;
  readbackMs: number;
}

export type WebGpuKernelOpening = { readonly ok: true; readonly kernel: WebGpuMlpKernel } | { readonly ok: false; readonly reason: string };

/** Starts the worker and opens a WebGPU device; answers with the kernel or with why there is none. */
export async function openWebGpuMlpKernel(options: WebGpuKernelOptions = {}): Promise<WebGpuKernelOpening> {
  const signal = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const data: GpuWorkerData = { signal, port: port2, allowSoftware: options.allowSoftware === true, ...(options.packageName !== undefined ? { packageName: options.packageName } : {}) };
  const worker = new Worker(options.workerUrl ?? new URL('./gpu-worker.mjs', import.meta.url), { workerData: data, transferList: [port2] });
  const hello = await new Promise<GpuWorkerHello>((resolve) => {
    const timer = setTimeout(() => resolve({ kind: 'unavailable', reason: `the WebGPU worker did not answer within ${options.openTimeoutMs ?? 60_000} ms` }), options.openTimeoutMs ?? 60_000);
    const done = (h: GpuWorkerHello): void => {
      clearTimeout(timer);
      resolve(h);
    };
    worker.once('message', done);
    worker.once('error', (error) => done({ kind: 'unavailable', reason: `the WebGPU worker failed: ${error.message}` }));
    worker.once('exit', (code) => done({ kind: 'unavailable', reason: `the WebGPU worker exited (code ${code}) before opening a device` }));
  });
  if (hello.kind === 'unavailable') {
    port1.close();
    await worker.terminate();
    return { ok: false, reason: hello.reason };
  }
  worker.removeAllListeners();
  // the calling thread must stay free to exit: the worker only serves it
  worker.unref();
  return { ok: true, kernel: new WebGpuMlpKernel(worker, port1, new Int32Array(signal), hello.adapter, hello.maxWorkgroupBytes, options) };
}

export class WebGpuMlpKernel implements MlpKernel {
  readonly name = 'webgpu-f32';
  readonly stats: WebGpuKernelStats = { gpuFits: 0, cpuFallbackFits: 0, gpuPredictions: 0, uploadMs: 0, computeMs: 0, readbackMs: 0 };
  private closed = false;

  constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly signal: Int32Array,
    readonly adapter: GpuAdapterDescription,
    private readonly maxWorkgroupBytes: number,
    private readonly options: WebGpuKernelOptions,
  ) {}

  /** Whether the fused training shader takes this network and batch size on this device. */
  supports(shape: MlpShape, batchSize: number, rows: number): boolean {
    return trainingWorkgroupBytes(mlpParameterCount(shape), Math.min(batchSize, rows), shape.hidden) <= this.maxWorkgroupBytes;
  }

  train(plan: MlpTrainingPlan): Float64Array {
    if (!this.supports(plan.shape, plan.batchSize, plan.rows)) {
      this.stats.cpuFallbackFits += 1;
      return cpuMlpKernel.train(plan);
    }
    const values = this.call({ kind: 'train', plan, ...(this.options.epochsPerDispatch !== undefined ? { epochsPerDispatch: this.options.epochsPerDispatch } : {}) });
    this.stats.gpuFits += 1;
    return values;
  }

  predict(shape: MlpShape, theta: Float64Array, x: Float64Array, rows: number): Float64Array {
    const values = this.call({ kind: 'predict', shape, theta, x, rows });
    this.stats.gpuPredictions += 1;
    return values;
  }

  /** Stops the worker (and with it the device). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.port.close();
    await this.worker.terminate();
  }

  private call(request: GpuRequest): Float64Array {
    if (this.closed) throw new Error('the WebGPU kernel is closed');
    const before = Atomics.load(this.signal, 0);
    this.port.postMessage(request);
    const timeout = this.options.callTimeoutMs ?? 600_000;
    if (Atomics.wait(this.signal, 0, before, timeout) === 'timed-out') throw new Error(`the WebGPU worker did not answer a ${request.kind} call within ${timeout} ms`);
    const received = receiveMessageOnPort(this.port);
    if (received === undefined) throw new Error(`the WebGPU worker signalled but sent no ${request.kind} reply`);
    const reply = received.message as GpuReply;
    if (!reply.ok) throw new Error(`WebGPU ${request.kind} failed: ${reply.error}`);
    this.addTimings(reply.timings);
    return reply.values;
  }

  private addTimings(t: GpuTimings): void {
    this.stats.uploadMs += t.uploadMs;
    this.stats.computeMs += t.computeMs;
    this.stats.readbackMs += t.readbackMs;
  }
}
