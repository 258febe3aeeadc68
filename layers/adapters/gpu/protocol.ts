/** Messages between the synchronous WebGPU kernel (calling thread) and its worker thread. */
import type { MessagePort } from 'node:worker_threads';
import type { MlpShape, MlpTrainingPlan } from '../../core/ml/models';
import type { GpuAdapterDescription, GpuTimings } from './webgpu-runner';

/** Given to the worker at start. `signal` is bumped (and notified) after every reply on `port`. */
export interface GpuWorkerData {
  readonly signal: SharedArrayBuffer;
  readonly port: MessagePort;
  readonly allowSoftware: boolean;
  readonly packageName?: string;
}

/** The worker's first message, on its parent port. */
export type GpuWorkerHello = { readonly kind: 'ready'; readonly adapter: GpuAdapterDescription; readonly maxWorkgroupBytes: number } | { readonly kind: 'unavailable'; readonly reason: string };

export type GpuRequest =
  | { readonly kind: 'train'; readonly plan: MlpTrainingPlan; readonly epochsPerDispatch?: number }
  | { readonly kind: 'predict'; readonly shape: MlpShape; readonly theta: Float64Array; readonly x: Float64Array; readonly rows: number };

export type GpuReply = { readonly ok: true; readonly values: Float64Array; readonly timings: GpuTimings } | { readonly ok: false; readonly error: string };
