/**
 * Vectorised backtests: parameter sweeps of long-only reference strategies (SMA crossover, price
 * cross SMA) over Float64Array columns, with SMAs computed once per distinct window. Pure (no I/O).
 * Execution semantics are documented in sweep.ts.
 */
export { buildSmaCache, heapFloat64, smaInto } from './sma-cache';
export type { Float64Allocator, SmaCache } from './sma-cache';
export {
  allocateSweepResults,
  RESULT_COLUMNS,
  runSweep,
  simulateLongWhileAbove,
  simulationConstants,
  sweepRow,
  sweepWindows,
  validateSweep,
} from './sweep';
export type {
  FillAt,
  PositionSizing,
  PriceColumns,
  PriceCrossSmaParams,
  RunSweepOptions,
  SimulationConstants,
  SmaCrossParams,
  StrategySweep,
  SweepConfig,
  SweepResults,
  SweepRow,
} from './sweep';
