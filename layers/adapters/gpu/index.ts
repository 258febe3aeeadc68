/** GPU adapters: the MLP kernel port on WebGPU (Dawn), and the choice between it and the CPU. */
export { ComputeDevice, GpuUnavailableError, selectMlpKernel } from './select';
export type { SelectedKernel } from './select';
export { openWebGpuMlpKernel, WebGpuMlpKernel } from './webgpu-kernel';
export type { WebGpuKernelOpening, WebGpuKernelOptions, WebGpuKernelStats } from './webgpu-kernel';
export { openWebGpu, WebGpuMlpRunner } from './webgpu-runner';
export type { GpuAdapterDescription, GpuTimings, WebGpuOpening } from './webgpu-runner';
