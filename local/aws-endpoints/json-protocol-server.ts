import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An AWS error in the JSON protocol's shape: `{"__type": code, "message": text}` with an HTTP status. */
export class AwsJsonError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
    this.name = code;
  }
}

/** An operation: the parsed JSON body in, the JSON answer out (or an {@link AwsJsonError}). */
export type JsonOperation = (input: Record<string, unknown>) => Promise<unknown> | unknown;

/** A running loopback endpoint. */
export interface LocalEndpoint {
  /** `http://127.0.0.1:PORT`, for AWS_ENDPOINT_URL_* or a client's `endpoint`. */
  readonly url: string;
  close(): Promise<void>;
}

const CONTENT_TYPE = 'application/x-amz-json-1.1';

/**
 * Starts an HTTP server on 127.0.0.1 (port 0 = any free port) speaking the AWS JSON 1.1 protocol: POST with
 * `X-Amz-Target: <prefix>.<Operation>`, a JSON body, a JSON answer. Signatures are not checked (loopback only).
 */
export async function startJsonProtocolServer(
  targetPrefix: string,
  operations: Readonly<Record<string, JsonOperation>>,
  port = 0,
): Promise<LocalEndpoint> {
  const server: Server = createServer((request, response) => {
    void handle(request, response);
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      const target = request.headers['x-amz-target'];
      const [prefix, operation = ''] = typeof target === 'string' ? target.split('.') : [];
      const run = prefix === targetPrefix && Object.hasOwn(operations, operation) ? operations[operation] : undefined;
      const body = await readBody(request);
      if (request.method !== 'POST' || !run) {
        throw new AwsJsonError('UnknownOperationException', `Unknown operation ${String(target)}`);
      }
      let input: unknown;
      try {
        input = body.length === 0 ? {} : JSON.parse(body);
      } catch {
        throw new AwsJsonError('SerializationException', 'Request body is not valid JSON');
      }
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        throw new AwsJsonError('SerializationException', 'Request body must be a JSON object');
      }
      const output = await run(input as Record<string, unknown>);
      send(response, 200, output ?? {});
    } catch (error) {
      const aws = error instanceof AwsJsonError ? error : new AwsJsonError('InternalFailure', error instanceof Error ? error.message : String(error), 500);
      response.setHeader('x-amzn-ErrorType', aws.code);
      send(response, aws.statusCode, { __type: aws.code, message: aws.message });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': CONTENT_TYPE, 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': randomUUID() });
  response.end(text);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
