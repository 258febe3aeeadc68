import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A recorded request to the fake Alpaca server. */
export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

/** A scripted answer: status, JSON body and extra headers; `destroy` drops the connection (no answer). */
export interface FakeResponse {
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly destroy?: boolean;
}

export type Route = (request: FakeRequest) => FakeResponse;

export interface FakeAlpaca {
  readonly url: string;
  readonly requests: FakeRequest[];
  /** Sets the handler of `METHOD /path`; unknown routes answer 404 like Alpaca. */
  route(method: string, path: string, handler: Route): void;
  close(): Promise<void>;
}

/**
 * A small Alpaca-compatible HTTP server for adapter tests: routes are scripted per test, every
 * request is recorded, and answers use Alpaca's JSON (snake_case, decimal strings, ISO times) and
 * its `{code, message}` error envelope, so the real `@alpacahq/alpaca-trade-api` client parses them.
 */
export async function startFakeAlpaca(): Promise<FakeAlpaca> {
  const routes = new Map<string, Route>();
  const requests: FakeRequest[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const text = Buffer.concat(chunks).toString('utf8');
      const request: FakeRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: text ? (JSON.parse(text) as unknown) : undefined,
      };
      requests.push(request);
      const handler = routes.get(`${request.method} ${request.path}`);
      const answer: FakeResponse = handler
        ? handler(request)
        : { status: 404, body: { code: 40410000, message: 'resource not found' } };
      if (answer.destroy) {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    route: (method, path, handler) => routes.set(`${method} ${path}`, handler),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An order as Alpaca's JSON has it. */
export function alpacaOrder(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'b-1',
    client_order_id: 'c-1',
    created_at: '2013-10-07T13:31:00.000Z',
    updated_at: '2013-10-07T13:31:00.500Z',
    submitted_at: '2013-10-07T13:31:00.100Z',
    filled_at: null,
    expired_at: null,
    canceled_at: null,
    failed_at: null,
    replaced_at: null,
    replaced_by: null,
    replaces: null,
    asset_id: 'a-spy',
    symbol: 'SPY',
    asset_class: 'us_equity',
    notional: null,
    qty: '10',
    filled_qty: '0',
    filled_avg_price: null,
    order_class: 'simple',
    order_type: 'market',
    type: 'market',
    side: 'buy',
    time_in_force: 'day',
    limit_price: null,
    stop_price: null,
    status: 'accepted',
    extended_hours: false,
    legs: null,
    ...over,
  };
}
