/** Messages between the sweep pool and its worker threads (structured clone; Float64Arrays on SharedArrayBuffers are shared, not copied). */
import type { StrategySweep, SweepConfig, SweepResults } from '../../core/vector';

/** One shard: run `indices` of `sweep` and write their rows into the shared `out`. */
export interface SweepTask {
  readonly id: number;
  readonly opens: Float64Array;
  readonly closes: Float64Array;
  readonly smas: readonly (readonly [number, Float64Array])[];
  readonly sweep: StrategySweep;
  readonly config: SweepConfig;
  readonly indices: Int32Array;
  readonly out: SweepResults;
}

export type SweepReply = { readonly id: number; readonly ok: true } | { readonly id: number; readonly ok: false; readonly error: string };
