/**
 * Parameter sweeps sharded across worker threads. The price columns, the SMA cache (computed once,
 * on the calling thread) and the result columns live on SharedArrayBuffers: workers read the same
 * memory and write their rows in place, so results come back in parameter order with no merge copy
 * and no per-worker SMA recomputation. Rows are identical to the single-threaded `runSweep` (same
 * kernel, same SMA values).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { allocateSweepResults, buildSmaCache, sweepWindows, validateSweep } from '../../core/vector';
import type { Float64Allocator, PriceColumns, StrategySweep, SweepConfig, SweepResults } from '../../core/vector';
import type { SweepReply, SweepTask } from './protocol';

/** Allocates on a SharedArrayBuffer. */
export const sharedFloat64: Float64Allocator = (length) => new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT));

/** The column itself when already shared, else a shared copy (reusing `previous` when it holds the same values). */
function shared(column: Float64Array, previous: Float64Array | undefined): Float64Array {
  if (column.buffer instanceof SharedArrayBuffer) return column;
  if (previous !== undefined && sameValues(column, previous)) return previous;
  const copy = sharedFloat64(column.length);
  copy.set(column);
  return copy;
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (!Object.is(a[i], b[i])) return false;
  return true;
}

export interface SweepPoolOptions {
  /** Worker threads; default os.availableParallelism(). */
  readonly threads?: number;
  /** Worker entry (tests may substitute one); default ./sweep-worker.mjs. */
  readonly workerUrl?: URL;
}

/** A fixed set of warm worker threads running sweeps one at a time. */
export interface SweepPool {
  readonly threads: number;
  /** Runs the sweep with its parameter sets interleaved across the workers (set i → worker i mod N). */
  run(prices: PriceColumns, sweep: StrategySweep, config: SweepConfig): Promise<SweepResults>;
  /** Terminates the workers. */
  close(): Promise<void>;
}

interface Pending {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

export function createSweepPool(options: SweepPoolOptions = {}): SweepPool {
  const threads = options.threads ?? availableParallelism();
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, got ${threads}`);
  const url = options.workerUrl ?? new URL('./sweep-worker.mjs', import.meta.url);
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let failure: Error | null = null;
  let retained: { readonly closes: Float64Array; readonly opens: Float64Array; readonly smas: Map<number, Float64Array> } | undefined;
  const failAll = (error: Error): void => {
    failure = error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  const workers = Array.from({ length: threads }, () => {
    const worker = new Worker(url);
    worker.on('message', (reply: SweepReply) => {
      const p = pending.get(reply.id);
      if (p === undefined) return;
      pending.delete(reply.id);
      if (reply.ok) p.resolve();
      else p.reject(new Error(`sweep worker: ${reply.error}`));
    });
    worker.on('error', (error: Error) => failAll(error));
    worker.on('exit', (code) => {
      if (pending.size > 0) failAll(new Error(`sweep worker exited with code ${code}`));
    });
    return worker;
  });

  const dispatch = (worker: Worker, task: Omit<SweepTask, 'id'>): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (failure !== null) {
        reject(failure);
        return;
      }
      const id = nextId;
      nextId += 1;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...task, id } satisfies SweepTask);
    });

  return {
    threads,
    async run(prices, sweep, config) {
      validateSweep(prices, sweep, config);
      const count = sweep.params.length;
      const out = allocateSweepResults(count, sharedFloat64);
      if (count === 0) return out;
      // Shared buffers are kept between runs: a new sweep over the same closes reuses the copied
      // columns and every SMA already computed (SharedArrayBuffers are reclaimed lazily, so
      // reallocating 8 bytes × bars × windows per run inflates RSS quickly).
      const closes = shared(prices.closes, retained?.closes);
      const opens = prices.opens === prices.closes ? closes : shared(prices.opens, retained?.opens);
      const cache = retained !== undefined && retained.closes === closes ? retained.smas : new Map<number, Float64Array>();
      const missing = sweepWindows(sweep).filter((w) => !cache.has(w));
      for (const [w, column] of buildSmaCache(closes, missing, sharedFloat64)) cache.set(w, column);
      retained = { closes, opens, smas: cache };
      const smas = sweepWindows(sweep).map((w): [number, Float64Array] => {
        const column = cache.get(w);
        if (column === undefined) throw new Error(`no SMA(${w})`);
        return [w, column];
      });
      const used = Math.min(threads, count);
      const shards = Array.from({ length: used }, (_, w) => {
        const indices = new Int32Array(Math.ceil((count - w) / used));
        for (let k = 0; k < indices.length; k += 1) indices[k] = w + k * used;
        return indices;
      });
      await Promise.all(
        shards.map((indices, w) => {
          const worker = workers[w];
          if (worker === undefined) throw new Error(`no worker ${w}`);
          return dispatch(worker, { opens, closes, smas, sweep, config, indices, out });
        }),
      );
      return out;
    },
    async close() {
      retained = undefined;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** One sweep on a pool created and closed for it (start-up cost included: prefer a pool for repeated sweeps). */
export async function runSweepParallel(
  prices: PriceColumns,
  sweep: StrategySweep,
  config: SweepConfig,
  options: SweepPoolOptions = {},
): Promise<SweepResults> {
  const pool = createSweepPool({ ...options, threads: Math.max(1, Math.min(options.threads ?? availableParallelism(), sweep.params.length)) });
  try {
    return await pool.run(prices, sweep, config);
  } finally {
    await pool.close();
  }
}
