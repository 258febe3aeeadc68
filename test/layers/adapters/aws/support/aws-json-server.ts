import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One recorded AWS JSON 1.1 call: the X-Amz-Target and the parsed body. */
export interface RecordedCall {
  readonly target: string;
  readonly body: Record<string, unknown>;
}

/** A handler's answer: a JSON body, or an AWS error (`__type`) with its HTTP status. */
export type FakeAnswer =
  | { readonly body: unknown }
  | { readonly error: string; readonly message: string; readonly status: number };

export interface AwsJsonServer {
  readonly endpoint: string;
  readonly calls: RecordedCall[];
  close(): Promise<void>;
}

/**
 * A tiny server speaking the AWS JSON 1.1 protocol (POST /, `X-Amz-Target: Service.Operation`),
 * standing in for EventBridge and Secrets Manager in adapter tests. It records every call.
 */
export async function startAwsJsonServer(handle: (call: RecordedCall) => FakeAnswer): Promise<AwsJsonServer> {
  const calls: RecordedCall[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const text = Buffer.concat(chunks).toString('utf8');
      const call: RecordedCall = { target, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
      calls.push(call);
      const answer = handle(call);
      if ('error' in answer) {
        res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': answer.error });
        res.end(JSON.stringify({ __type: answer.error, message: answer.message }));
      } else {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(answer.body));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
