/**
 * Loopback request tracing from outside the code under test, through Node's diagnostics channels:
 * `http.client.*` (the AWS SDK's node:http handler) and `undici:request:*` (fetch, which the Alpaca
 * client uses). A request's time runs from its creation until its response headers arrive. Requests
 * are attributed to a service by the origin's port, and to an operation by X-Amz-Target (AWS JSON
 * protocols) or by method and first path segments (REST).
 */
import diagnostics from 'node:diagnostics_channel';
import { latencyStats } from './harness';
import type { LatencyStats } from './harness';

export interface RequestTraceSummary {
  readonly service: string;
  readonly requests: number;
  readonly totalMs: number;
  readonly latency: LatencyStats;
  /** Requests per operation, most frequent first. */
  readonly operations: Readonly<Record<string, number>>;
}

interface Pending {
  readonly start: number;
  readonly service: string;
  readonly operation: string;
}

const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Port of an origin or host header (`http://127.0.0.1:1234`, `127.0.0.1:1234`). */
function portOf(hostOrOrigin: string): string {
  const match = /:(\d+)(?:\/|$)/.exec(hostOrOrigin);
  return match?.[1] ?? '';
}

function restOperation(method: string, path: string): string {
  const segments = path.split('?')[0]?.split('/').filter((s) => s.length > 0) ?? [];
  // Keep the resource names, drop ids (anything with a digit after the second segment).
  const kept = segments.slice(0, 3).map((s, i) => (i >= 1 && /\d/.test(s) ? ':id' : s));
  return `${method} /${kept.join('/')}`;
}

/**
 * Starts tracing; `services` maps an origin (`http://127.0.0.1:PORT`) to a name. Returns `stop()`,
 * which unsubscribes and summarises by service.
 */
export function traceLoopbackRequests(services: Readonly<Record<string, string>>): { stop(): RequestTraceSummary[] } {
  const byPort = new Map(Object.entries(services).map(([origin, name]) => [portOf(origin), name]));
  const serviceOf = (hostOrOrigin: string): string => byPort.get(portOf(hostOrOrigin)) ?? `other (${hostOrOrigin})`;
  const pending = new WeakMap<object, Pending>();
  const done = new Map<string, { ms: number[]; operations: Map<string, number> }>();

  const finish = (request: object): void => {
    const p = pending.get(request);
    if (p === undefined) return;
    pending.delete(request);
    let entry = done.get(p.service);
    if (entry === undefined) {
      entry = { ms: [], operations: new Map() };
      done.set(p.service, entry);
    }
    entry.ms.push(nowMs() - p.start);
    entry.operations.set(p.operation, (entry.operations.get(p.operation) ?? 0) + 1);
  };

  const onHttpStart = (message: unknown): void => {
    if (!isRecord(message) || !isRecord(message['request'])) return;
    const request = message['request'];
    const getHeader = request['getHeader'];
    const header = (name: string): string => {
      if (typeof getHeader !== 'function') return '';
      const value: unknown = getHeader.call(request, name);
      return typeof value === 'string' ? value : '';
    };
    const target = header('x-amz-target');
    const method = typeof request['method'] === 'string' ? request['method'] : 'GET';
    const path = typeof request['path'] === 'string' ? request['path'] : '/';
    pending.set(request, {
      start: nowMs(),
      service: serviceOf(header('host')),
      operation: target !== '' ? (target.split('.').pop() ?? target) : restOperation(method, path),
    });
  };
  const onHttpFinish = (message: unknown): void => {
    if (isRecord(message) && isRecord(message['request'])) finish(message['request']);
  };
  const onUndiciCreate = (message: unknown): void => {
    if (!isRecord(message) || !isRecord(message['request'])) return;
    const request = message['request'];
    const origin = typeof request['origin'] === 'string' ? request['origin'] : '';
    const method = typeof request['method'] === 'string' ? request['method'] : 'GET';
    const path = typeof request['path'] === 'string' ? request['path'] : '/';
    pending.set(request, { start: nowMs(), service: serviceOf(origin), operation: restOperation(method, path) });
  };
  const onUndiciHeaders = onHttpFinish;

  const channels: readonly [string, (message: unknown) => void][] = [
    ['http.client.request.start', onHttpStart],
    ['http.client.response.finish', onHttpFinish],
    ['undici:request:create', onUndiciCreate],
    ['undici:request:headers', onUndiciHeaders],
  ];
  for (const [name, listener] of channels) diagnostics.subscribe(name, listener);

  return {
    stop() {
      for (const [name, listener] of channels) diagnostics.unsubscribe(name, listener);
      return [...done.entries()]
        .map(([service, entry]) => ({
          service,
          requests: entry.ms.length,
          totalMs: entry.ms.reduce((a, b) => a + b, 0),
          latency: latencyStats(entry.ms),
          operations: Object.fromEntries([...entry.operations.entries()].sort((a, b) => b[1] - a[1])),
        }))
        .sort((a, b) => b.totalMs - a.totalMs);
    },
  };
}
