// Worker-thread entry of the discovery pool: registers tsx (as sweep-worker.mjs does) so the
// TypeScript worker body runs without a build step, in the CLI and under Jest alike.
import { register } from 'tsx/esm/api';

register();
await import('./discovery-worker-main.ts');
