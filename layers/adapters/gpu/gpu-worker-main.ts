/**
 * Body of the WebGPU kernel's worker thread: opens the device once, then answers one request at a
 * time on the shared port, bumping the shared signal after each reply so the calling thread, blocked
 * in Atomics.wait, wakes and reads it synchronously.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { GpuReply, GpuRequest, GpuWorkerData, GpuWorkerHello } from './protocol';
import { openWebGpu } from './webgpu-runner';

const parent = parentPort;
if (parent === null) throw new Error('gpu-worker-main must run in a worker thread');
const data = workerData as GpuWorkerData;
const signal = new Int32Array(data.signal);

const opened = await openWebGpu({ allowSoftware: data.allowSoftware, ...(data.packageName !== undefined ? { packageName: data.packageName } : {}) });
const hello: GpuWorkerHello = opened.ok ? { kind: 'ready', adapter: opened.adapter, maxWorkgroupBytes: opened.runner.maxWorkgroupBytes } : { kind: 'unavailable', reason: opened.reason };
parent.postMessage(hello);

if (opened.ok) {
  const runner = opened.runner;
  const reply = (message: GpuReply): void => {
    data.port.postMessage(message);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
  let queue = Promise.resolve();
  data.port.on('message', (request: GpuRequest) => {
    queue = queue.then(async () => {
      try {
        if (request.kind === 'train') {
          const r = await runner.train(request.plan, request.epochsPerDispatch);
          reply({ ok: true, values: r.theta, timings: r.timings });
        } else {
          const r = await runner.predict(request.shape, request.theta, request.x, request.rows);
          reply({ ok: true, values: r.probabilities, timings: r.timings });
        }
      } catch (error) {
        reply({ ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      }
    });
  });
  data.port.on('close', () => runner.destroy());
}
