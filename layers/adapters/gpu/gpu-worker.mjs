// Worker-thread entry of the WebGPU kernel: registers tsx (as the sweep worker does) so the
// TypeScript worker body runs without a build step, in the job, the bench and under Jest alike.
import { register } from 'tsx/esm/api';

register();
await import('./gpu-worker-main.ts');
