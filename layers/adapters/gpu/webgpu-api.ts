/**
 * The few WebGPU interfaces this adapter uses, typed structurally. The `webgpu` package (Dawn) is an
 * optional dependency loaded at run time, so the type check must not depend on it or on the DOM lib.
 */

export interface GpuAdapterInfoLike {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  readonly isFallbackAdapter?: boolean;
}

export interface GpuLimitsLike {
  readonly maxComputeWorkgroupStorageSize: number;
  readonly maxStorageBufferBindingSize: number;
  readonly maxBufferSize: number;
  readonly maxComputeWorkgroupsPerDimension: number;
  readonly minUniformBufferOffsetAlignment: number;
}

export interface GpuLike {
  requestAdapter(options?: { readonly powerPreference?: 'high-performance' | 'low-power' }): Promise<GpuAdapterLike | null>;
}

export interface GpuAdapterLike {
  readonly info?: GpuAdapterInfoLike;
  readonly limits: GpuLimitsLike;
  requestDevice(descriptor?: { readonly requiredLimits?: Readonly<Record<string, number>> }): Promise<GpuDeviceLike>;
}

export interface GpuBufferLike {
  mapAsync(mode: number): Promise<void>;
  getMappedRange(): ArrayBuffer;
  unmap(): void;
  destroy(): void;
}

export type GpuBindGroupLayoutLike = object;
export type GpuBindGroupLike = object;
export type GpuPipelineLike = object;
export type GpuCommandBufferLike = object;

export interface GpuComputePassLike {
  setPipeline(pipeline: GpuPipelineLike): void;
  setBindGroup(index: number, group: GpuBindGroupLike, dynamicOffsets?: readonly number[]): void;
  dispatchWorkgroups(x: number, y?: number, z?: number): void;
  end(): void;
}

export interface GpuCommandEncoderLike {
  beginComputePass(): GpuComputePassLike;
  copyBufferToBuffer(source: GpuBufferLike, sourceOffset: number, destination: GpuBufferLike, destinationOffset: number, size: number): void;
  finish(): GpuCommandBufferLike;
}

export interface GpuQueueLike {
  writeBuffer(buffer: GpuBufferLike, offset: number, data: ArrayBufferView): void;
  submit(commandBuffers: readonly GpuCommandBufferLike[]): void;
  onSubmittedWorkDone(): Promise<void>;
}

export type GpuBufferBindingType = 'uniform' | 'storage' | 'read-only-storage';

export interface GpuDeviceLike {
  readonly limits: GpuLimitsLike;
  readonly queue: GpuQueueLike;
  readonly lost: Promise<{ readonly message: string }>;
  createBuffer(descriptor: { readonly size: number; readonly usage: number; readonly label?: string }): GpuBufferLike;
  createShaderModule(descriptor: { readonly code: string }): object;
  createBindGroupLayout(descriptor: { readonly entries: readonly { readonly binding: number; readonly visibility: number; readonly buffer: { readonly type: GpuBufferBindingType; readonly hasDynamicOffset?: boolean } }[] }): GpuBindGroupLayoutLike;
  createPipelineLayout(descriptor: { readonly bindGroupLayouts: readonly GpuBindGroupLayoutLike[] }): object;
  createComputePipeline(descriptor: { readonly layout: object; readonly compute: { readonly module: object; readonly entryPoint: string } }): GpuPipelineLike;
  createBindGroup(descriptor: { readonly layout: GpuBindGroupLayoutLike; readonly entries: readonly { readonly binding: number; readonly resource: { readonly buffer: GpuBufferLike; readonly offset?: number; readonly size?: number } }[] }): GpuBindGroupLike;
  createCommandEncoder(): GpuCommandEncoderLike;
  pushErrorScope(filter: 'validation' | 'out-of-memory' | 'internal'): void;
  popErrorScope(): Promise<{ readonly message: string } | null>;
  destroy(): void;
}

/** WebGPU's numeric flags (the spec's values; Dawn's globals carry the same). */
export const BUFFER_USAGE = { MAP_READ: 0x1, COPY_SRC: 0x4, COPY_DST: 0x8, UNIFORM: 0x40, STORAGE: 0x80 } as const;
export const MAP_MODE_READ = 0x1;
export const SHADER_STAGE_COMPUTE = 0x4;
