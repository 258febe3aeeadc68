// Worker-thread entry of the sweep pool: registers tsx (as bin/tradeloop.mjs does) so the
// TypeScript worker body runs without a build step, in the CLI, the bench and under Jest alike.
import { register } from 'tsx/esm/api';

register();
await import('./sweep-worker-main.ts');
