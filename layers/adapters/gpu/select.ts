/**
 * Choosing where the MLP trains: `cpu` (the float64 kernel), `gpu` (WebGPU, or an error saying why
 * not) or `auto` (WebGPU when a hardware adapter is found, else the CPU), always with the reason.
 */
import { z } from 'zod';
import { cpuMlpKernel, type MlpKernel } from '../../core/ml/models';
import { openWebGpuMlpKernel, type WebGpuKernelOptions, type WebGpuKernelStats } from './webgpu-kernel';
import type { GpuAdapterDescription } from './webgpu-runner';

export const ComputeDevice = z.enum(['auto', 'cpu', 'gpu']);
export type ComputeDevice = z.infer<typeof ComputeDevice>;

/** The chosen kernel and why; `close` releases the GPU worker (a no-op on the CPU). */
export interface SelectedKernel {
  readonly requested: ComputeDevice;
  readonly device: 'cpu' | 'gpu';
  readonly kernel: MlpKernel;
  readonly reason: string;
  readonly adapter?: GpuAdapterDescription;
  /** The GPU kernel's counters (undefined on the CPU). */
  readonly stats?: Readonly<WebGpuKernelStats>;
  close(): Promise<void>;
}

export class GpuUnavailableError extends Error {
  override readonly name = 'GpuUnavailableError';
}

export async function selectMlpKernel(requested: ComputeDevice, options: WebGpuKernelOptions = {}): Promise<SelectedKernel> {
  const cpu = (reason: string): SelectedKernel => ({ requested, device: 'cpu', kernel: cpuMlpKernel, reason, close: async () => undefined });
  if (requested === 'cpu') return cpu('requested --device cpu');
  const opened = await openWebGpuMlpKernel(options);
  if (!opened.ok) {
    if (requested === 'gpu') throw new GpuUnavailableError(`--device gpu, but ${opened.reason}`);
    return cpu(`auto: no GPU (${opened.reason}); the float64 CPU kernel trains`);
  }
  const { kernel } = opened;
  const name = kernel.adapter.description || kernel.adapter.device || kernel.adapter.vendor;
  return {
    requested,
    device: 'gpu',
    kernel,
    reason: `${requested === 'auto' ? 'auto: ' : ''}WebGPU adapter ${name}${kernel.adapter.software ? ' (software, allowed for validation)' : ''}`,
    adapter: kernel.adapter,
    stats: kernel.stats,
    close: () => kernel.close(),
  };
}
