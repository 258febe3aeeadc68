/** Body of a discovery worker thread: builds the plan once, then evaluates the candidates it is sent. */
import { parentPort } from 'node:worker_threads';
import { candidateEvaluator, planDiscovery, planUniverseDiscovery, type CandidateEvaluation, type CandidateRequest } from '../../core/discovery';
import type { DiscoveryWorkerMessage, DiscoveryWorkerReply } from './discovery-protocol';

const port = parentPort;
if (port === null) throw new Error('discovery-worker-main must run in a worker thread');

let evaluate: ((request: CandidateRequest) => CandidateEvaluation) | undefined;

port.on('message', (message: DiscoveryWorkerMessage) => {
  if (message.kind === 'init') {
    // Same bars and config as the caller's plan → the same windows, so the same evaluation for a request.
    evaluate = candidateEvaluator(message.universe === undefined ? planDiscovery(message.symbol, message.bars, message.config) : planUniverseDiscovery(message.universe, message.config));
    return;
  }
  let reply: DiscoveryWorkerReply;
  try {
    if (evaluate === undefined) throw new Error('evaluate before init');
    reply = { id: message.id, ok: true, evaluation: evaluate(message.request) };
  } catch (error) {
    reply = { id: message.id, ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  port.postMessage(reply);
});
