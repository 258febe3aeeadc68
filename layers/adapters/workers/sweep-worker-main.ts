/** Body of a sweep worker thread: runs the shard it is given into the shared result columns. */
import { parentPort } from 'node:worker_threads';
import { runSweep } from '../../core/vector';
import type { SweepReply, SweepTask } from './protocol';

const port = parentPort;
if (port === null) throw new Error('sweep-worker-main must run in a worker thread');

port.on('message', (task: SweepTask) => {
  let reply: SweepReply;
  try {
    // V8 reads typed arrays on a SharedArrayBuffer about 2× slower in the hot loop (measured: 62 vs
    // 116 M bar×params/s), so the inputs are copied to this thread's heap once per task (a memcpy,
    // a few ms per column); only the 100-odd result cells are written to shared memory.
    const closes = new Float64Array(task.closes);
    const opens = task.opens === task.closes ? closes : new Float64Array(task.opens);
    runSweep({ opens, closes }, task.sweep, task.config, {
      smas: new Map(task.smas.map(([w, column]) => [w, new Float64Array(column)] as const)),
      out: task.out,
      indices: task.indices,
    });
    reply = { id: task.id, ok: true };
  } catch (error) {
    reply = { id: task.id, ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  port.postMessage(reply);
});
