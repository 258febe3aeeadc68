import type { APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyResultV2 } from 'aws-lambda';
import { CONTROL_API_ROUTES } from '../../../layers/contracts/api-routes';
import type { LocalApiGateway } from '../../../local/api-gateway';
import { RouteTable, startLocalApiGateway } from '../../../local/api-gateway';

describe('local API gateway', () => {
  let api: LocalApiGateway;
  const events: APIGatewayProxyEventV2WithIAMAuthorizer[] = [];
  let answer: (event: APIGatewayProxyEventV2WithIAMAuthorizer) => APIGatewayProxyResultV2 = () => ({ statusCode: 200, body: '{}' });

  beforeAll(async () => {
    api = await startLocalApiGateway({
      routes: [...CONTROL_API_ROUTES, { method: 'GET', path: '/orders/{clientOrderId}' }],
      handler: async (event, context) => {
        expect(context.functionName).toBe('control-api');
        events.push(event);
        return answer(event);
      },
    });
  });
  afterAll(() => api.close());
  beforeEach(() => {
    events.length = 0;
    answer = () => ({ statusCode: 200, headers: { 'Content-Type': 'application/json', 'X-Trace': 't1' }, body: '{"ok":true}' });
  });

  const auth = (): Record<string, string> => ({ authorization: `Bearer ${api.token}` });

  it('makes a long random token', () => {
    expect(api.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('turns a request into a payload 2.0 event and returns the handler’s response', async () => {
    const response = await fetch(`${api.url}/status?account=paper&x=1&x=2`, { headers: { ...auth(), 'User-Agent': 'tradeloop-cli/1', 'X-Custom': 'v', cookie: 'a=1; b=2' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-trace')).toBe('t1');
    expect(await response.json()).toEqual({ ok: true });
    const event = events[0];
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /status',
      rawPath: '/status',
      rawQueryString: 'account=paper&x=1&x=2',
      queryStringParameters: { account: 'paper', x: '1,2' },
      cookies: ['a=1', 'b=2'],
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'GET', path: '/status', sourceIp: '127.0.0.1', userAgent: 'tradeloop-cli/1', protocol: 'HTTP/1.1' },
        routeKey: 'GET /status',
        stage: '$default',
        accountId: '000000000000',
        authorizer: { iam: { userArn: 'arn:aws:iam::000000000000:user/local-operator', accountId: '000000000000' } },
      },
    });
    expect(event?.headers['x-custom']).toBe('v');
    expect(event?.headers['user-agent']).toBe('tradeloop-cli/1');
    expect(event?.headers.cookie).toBeUndefined();
    expect(event?.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(event?.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(event?.body).toBeUndefined();
    expect(event?.pathParameters).toBeUndefined();
  });

  it('passes JSON bodies as text and path parameters', async () => {
    await fetch(`${api.url}/kill-switch`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: '{"engaged":true}' });
    expect(events[0]).toMatchObject({ routeKey: 'POST /kill-switch', body: '{"engaged":true}', isBase64Encoded: false });
    await fetch(`${api.url}/orders/abc%2D1`, { headers: auth() });
    expect(events[1]).toMatchObject({ routeKey: 'GET /orders/{clientOrderId}', pathParameters: { clientOrderId: 'abc-1' } });
  });

  it('base64-encodes a binary body', async () => {
    await fetch(`${api.url}/limits`, { method: 'PUT', headers: { ...auth(), 'content-type': 'application/octet-stream' }, body: new Uint8Array([0, 1, 2]) });
    expect(events[0]).toMatchObject({ body: Buffer.from([0, 1, 2]).toString('base64'), isBase64Encoded: true });
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer nope' }],
    ['a token without Bearer', {}],
  ])('answers 403 Forbidden for %s without calling the handler', async (_why, headers) => {
    const response = await fetch(`${api.url}/status`, { headers: _why === 'a token without Bearer' ? { authorization: api.token } : headers });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: 'Forbidden' });
    expect(events).toHaveLength(0);
  });

  it('answers 404 Not Found for an unknown path or method', async () => {
    for (const [method, path] of [['GET', '/nope'], ['DELETE', '/status'], ['GET', '/status/extra']] as const) {
      const response = await fetch(`${api.url}${path}`, { method, headers: auth() });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ message: 'Not Found' });
    }
    expect(events).toHaveLength(0);
  });

  it('maps a non-response result to 200 JSON, a base64 response to bytes, and a thrown error to 500', async () => {
    answer = () => ({ status: 'ok' }) as unknown as APIGatewayProxyResultV2;
    let response = await fetch(`${api.url}/status`, { headers: auth() });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ status: 'ok' });

    answer = () => ({ statusCode: 201, body: Buffer.from('raw').toString('base64'), isBase64Encoded: true, cookies: ['s=1'] });
    response = await fetch(`${api.url}/status`, { headers: auth() });
    expect(response.status).toBe(201);
    expect(await response.text()).toBe('raw');
    expect(response.headers.get('set-cookie')).toBe('s=1');

    answer = () => { throw new Error('bug'); };
    response = await fetch(`${api.url}/status`, { headers: auth() });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
  });
});

describe('RouteTable', () => {
  it('prefers literal segments, then parameters, then greedy paths, then ANY', () => {
    const table = new RouteTable([
      { method: 'ANY', path: '/{proxy+}' },
      { method: 'GET', path: '/orders/{id}' },
      { method: 'GET', path: '/orders/open' },
    ]);
    expect(table.match('GET', '/orders/open')?.routeKey).toBe('GET /orders/open');
    expect(table.match('GET', '/orders/x1')).toEqual({ routeKey: 'GET /orders/{id}', pathParameters: { id: 'x1' } });
    expect(table.match('POST', '/orders/x1/fills')).toEqual({ routeKey: 'ANY /{proxy+}', pathParameters: { proxy: 'orders/x1/fills' } });
    expect(new RouteTable([{ method: 'GET', path: '/status' }]).match('GET', '/')).toBeUndefined();
  });
});
