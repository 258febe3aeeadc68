/** Body of a sweep worker thread: runs the shard it is given into the shared result columns. */
import { parentPort } from 'node:worker_threads';
import { runSweep } from '../../core/vector';
import type { SweepReply, SweepTask } from './protocol';

const port = parentPort;
if (port === null) throw new Error('sweep-worker-main must run in a worker thread');

port.on('message', (task: SweepTask) => {
  let reply: SweepReply;
  try {
    runSweep({ opens: task.opens, closes: task.closes }, task.sweep, task.config, {
      smas: new Map(task.smas),
      out: task.out,
      indices: task.indices,
    });
    reply = { id: task.id, ok: true };
  } catch (error) {
    reply = { id: task.id, ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  port.postMessage(reply);
});
