/** Worker-thread adapters: parameter sweeps of the vectorised engine sharded across threads; discovery rounds. */
export { createSweepPool, runSweepParallel, sharedFloat64 } from './sweep-pool';
export type { SweepPool, SweepPoolOptions } from './sweep-pool';
export { createDiscoveryPool } from './discovery-pool';
export type { DiscoveryPool, DiscoveryPoolOptions } from './discovery-pool';
