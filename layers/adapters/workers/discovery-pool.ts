/**
 * Discovery candidates evaluated on worker threads. Each worker gets the bars and config once and builds the
 * same plan; a round's candidates are handed out one at a time to whichever worker is free (walk-forward
 * backtests differ a lot in cost between parameter sets, so fixed shards would leave threads idle), and the
 * answers are put back in request order. Evaluation is a pure function of (plan, request), so the result is
 * identical to a single-threaded run for the same seed.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BacktestBar } from '../../core/backtest';
import type { CandidateEvaluation, CandidateRequest, DiscoveryConfig } from '../../core/discovery';
import type { DiscoveryWorkerInit, DiscoveryWorkerReply, DiscoveryWorkerTask } from './discovery-protocol';

export interface DiscoveryPoolOptions {
  readonly symbol: string;
  readonly bars: readonly BacktestBar[];
  readonly config: DiscoveryConfig;
  /** Portfolio runs: every symbol's bars, planned by planUniverseDiscovery (Maps survive the structured clone). */
  readonly universe?: ReadonlyMap<string, readonly BacktestBar[]>;
  /** Worker threads; default os.availableParallelism(). */
  readonly threads?: number;
  /** Worker entry (tests may substitute one); default ./discovery-worker.mjs. */
  readonly workerUrl?: URL;
}

/** Warm worker threads evaluating discovery rounds. */
export interface DiscoveryPool {
  readonly threads: number;
  /** One evaluation per request, in request order. */
  evaluateRound(requests: readonly CandidateRequest[]): Promise<CandidateEvaluation[]>;
  close(): Promise<void>;
}

export function createDiscoveryPool(options: DiscoveryPoolOptions): DiscoveryPool {
  const threads = options.threads ?? availableParallelism();
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, got ${threads}`);
  const url = options.workerUrl ?? new URL('./discovery-worker.mjs', import.meta.url);
  // Gates are not needed to evaluate a candidate; the rest of the config is plain data.
  const { gates: _gates, ...config } = options.config;
  const init: DiscoveryWorkerInit = { kind: 'init', symbol: options.symbol, bars: options.bars, config, ...(options.universe === undefined ? {} : { universe: options.universe }) };
  const pending = new Map<number, { readonly resolve: (e: CandidateEvaluation) => void; readonly reject: (error: Error) => void }>();
  let nextId = 1;
  let failure: Error | null = null;
  const failAll = (error: Error): void => {
    failure = error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  const workers = Array.from({ length: threads }, () => {
    const worker = new Worker(url);
    worker.on('message', (reply: DiscoveryWorkerReply) => {
      const p = pending.get(reply.id);
      if (p === undefined) return;
      pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.evaluation);
      else p.reject(new Error(`discovery worker: ${reply.error}`));
    });
    worker.on('error', (error: Error) => failAll(error));
    worker.on('exit', (code) => {
      if (pending.size > 0) failAll(new Error(`discovery worker exited with code ${code}`));
    });
    worker.postMessage(init);
    return worker;
  });

  const evaluateOn = (worker: Worker, request: CandidateRequest): Promise<CandidateEvaluation> =>
    new Promise((resolve, reject) => {
      if (failure !== null) {
        reject(failure);
        return;
      }
      const id = nextId;
      nextId += 1;
      pending.set(id, { resolve, reject });
      worker.postMessage({ kind: 'evaluate', id, request } satisfies DiscoveryWorkerTask);
    });

  return {
    threads,
    async evaluateRound(requests) {
      const out: (CandidateEvaluation | undefined)[] = new Array<CandidateEvaluation | undefined>(requests.length).fill(undefined);
      let next = 0;
      const lane = async (worker: Worker): Promise<void> => {
        while (next < requests.length) {
          const index = next;
          next += 1;
          const request = requests[index];
          if (request !== undefined) out[index] = await evaluateOn(worker, request);
        }
      };
      await Promise.all(workers.map(lane));
      return out.map((e, i) => {
        if (e === undefined) throw new Error(`no evaluation for request ${i}`);
        return e;
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
