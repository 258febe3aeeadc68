/** Worker-thread adapters: parameter sweeps of the vectorised engine sharded across threads. */
export { createSweepPool, runSweepParallel, sharedFloat64 } from './sweep-pool';
export type { SweepPool, SweepPoolOptions } from './sweep-pool';
