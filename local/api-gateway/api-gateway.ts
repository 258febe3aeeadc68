import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyResultV2 } from 'aws-lambda';
import type { LambdaHandler } from '../lambda/context';
import { createLambdaContext } from '../lambda/context';
import type { LocalApiRoute } from './routes';
import { RouteTable } from './routes';

/** The IAM principal every authenticated local request is attributed to. */
export const LOCAL_OPERATOR = {
  accountId: '000000000000',
  userArn: 'arn:aws:iam::000000000000:user/local-operator',
  userId: 'AIDALOCALOPERATOR0000',
  accessKey: 'ASIALOCALOPERATOR000',
  principalOrgId: 'o-local',
} as const;

export interface LocalApiGatewayOptions {
  readonly routes: readonly LocalApiRoute[];
  /** The integration (control-api); receives payload 2.0 events. */
  readonly handler: LambdaHandler<APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyResultV2>;
  /** Bearer token to require; default: 32 random bytes, hex. */
  readonly token?: string;
  readonly port?: number;
  readonly host?: string;
  readonly apiId?: string;
  readonly region?: string;
}

export interface LocalApiGateway {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** The token clients must send as `Authorization: Bearer <token>` (the CLI prints and saves it). */
  readonly token: string;
  close(): Promise<void>;
}

/** Media types API Gateway passes as text; anything else is base64-encoded with isBase64Encoded. */
const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|[^;]*\+(json|xml))/i;

/**
 * A local HTTP API (payload format 2.0) in front of one handler. IAM (SigV4) auth is stood in for by a bearer token
 * made at start; the caller is then the local operator principal in `requestContext.authorizer.iam`.
 * Unknown route → 404 `{"message":"Not Found"}`; missing or wrong token → 403 `{"message":"Forbidden"}`, without
 * calling the handler; handler error → 500 `{"message":"Internal Server Error"}`.
 */
export async function startLocalApiGateway(options: LocalApiGatewayOptions): Promise<LocalApiGateway> {
  const table = new RouteTable(options.routes);
  const token = options.token ?? randomBytes(32).toString('hex');
  const expected = Buffer.from(`Bearer ${token}`);
  const apiId = options.apiId ?? 'local';
  const region = options.region ?? 'us-east-1';

  const authorised = (header: string | undefined): boolean => {
    if (header === undefined) return false;
    const given = Buffer.from(header);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = (request.method ?? 'GET').toUpperCase();
    const match = table.match(method, url.pathname);
    // HTTP APIs resolve the route first, then run its authorisation.
    if (!match) return sendJson(response, 404, { message: 'Not Found' });
    if (!authorised(request.headers.authorization)) return sendJson(response, 403, { message: 'Forbidden' });

    const event = toEvent(request, url, body, match.routeKey, match.pathParameters, { apiId, region });
    let result: APIGatewayProxyResultV2;
    try {
      result = await options.handler(event, lambdaContextFor(event));
    } catch {
      return sendJson(response, 500, { message: 'Internal Server Error' });
    }
    writeResult(response, result);
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) sendJson(response, 500, { message: 'Internal Server Error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Builds the payload 2.0 event API Gateway sends for an HTTP API route. */
export function toEvent(
  request: IncomingMessage,
  url: URL,
  body: Buffer,
  routeKey: string,
  pathParameters: Readonly<Record<string, string>> | undefined,
  api: { readonly apiId: string; readonly region: string },
): APIGatewayProxyEventV2WithIAMAuthorizer {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') {
      for (const c of (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(';'))) if (c.trim()) cookies.push(c.trim());
      continue;
    }
    // Node lower-cases header names already; repeated headers are joined with commas, as API Gateway does.
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = key in query ? `${query[key]},${value}` : value;
  const rawQueryString = url.search.startsWith('?') ? url.search.slice(1) : url.search;
  const contentType = headers['content-type'] ?? '';
  const isText = body.length === 0 || TEXT_TYPES.test(contentType);
  const now = new Date();
  const requestId = randomUUID();
  const domainName = headers.host ?? 'localhost';
  const event: APIGatewayProxyEventV2WithIAMAuthorizer = {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(pathParameters ? { pathParameters: { ...pathParameters } } : {}),
    requestContext: {
      accountId: LOCAL_OPERATOR.accountId,
      apiId: api.apiId,
      authorizer: {
        iam: {
          accessKey: LOCAL_OPERATOR.accessKey,
          accountId: LOCAL_OPERATOR.accountId,
          callerId: LOCAL_OPERATOR.userId,
          cognitoIdentity: null,
          principalOrgId: LOCAL_OPERATOR.principalOrgId,
          userArn: LOCAL_OPERATOR.userArn,
          userId: LOCAL_OPERATOR.userId,
        },
      },
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: (request.method ?? 'GET').toUpperCase(),
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey,
      stage: '$default',
      time: formatRequestTime(now),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: !isText,
  };
  return event;
}

/** API Gateway's requestContext.time: `12/Mar/2020:19:03:58 +0000`. */
function formatRequestTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/**
 * Maps the handler's answer as HTTP API does for payload 2.0: an object with `statusCode` is a full response;
 * anything else is a 200 JSON body.
 */
function writeResult(response: ServerResponse, result: APIGatewayProxyResultV2): void {
  if (typeof result === 'object' && result !== null && 'statusCode' in result && typeof result.statusCode === 'number') {
    const body = result.body === undefined ? Buffer.alloc(0) : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
    if (result.cookies && result.cookies.length > 0) headers['set-cookie'] = [...result.cookies];
    headers['content-length'] = String(body.length);
    response.writeHead(result.statusCode, headers);
    response.end(body);
    return;
  }
  const text = typeof result === 'string' ? result : JSON.stringify(result ?? null);
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  response.end(text);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  response.end(text);
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** A minimal Lambda context for the integration (control-api's limits come from the wiring when wrapped). */
function lambdaContextFor(event: APIGatewayProxyEventV2WithIAMAuthorizer): import('aws-lambda').Context {
  return createLambdaContext({ functionName: 'control-api', memoryMb: 512, timeoutMs: 15_000, awsRequestId: event.requestContext.requestId });
}
