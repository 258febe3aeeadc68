import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitCodeFor } from '../../bin/cli/program';
import { runCli } from './support';

/**
 * The CLI side of POST /discovery and GET /discovery/{id}: what it sends and how it reads the answer. The
 * route itself is tested against the stand-ins in test/e2e/discovery-api.test.ts; here a small HTTP server
 * records the requests.
 */
const RUN = 'dr-0123456789abcdef01234567';
const runResponse = (status: string) => ({
  runId: RUN,
  status,
  progress: { rounds: status === 'succeeded' ? 3 : 1, shardsDone: status === 'succeeded' ? 6 : 0 },
  createdAt: '2026-11-25T00:00:00.000Z',
  updatedAt: '2026-11-25T00:00:01.000Z',
  specUri: 's3://b/discovery/x/spec.json',
  resultUri: 's3://b/discovery/x/result.json',
  ...(status === 'succeeded' ? { summary: { trials: 20, rounds: 3, finalists: 4, promoted: 0, pbo: null } } : {}),
});

let server: Server;
let apiUrl: string;
const seen: { method?: string; url?: string; key?: string | string[]; auth?: string; body: string }[] = [];
let answers: string[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, key: req.headers['idempotency-key'], auth: req.headers.authorization, body });
      const status = answers.shift() ?? 'queued';
      res.writeHead(req.method === 'POST' ? 202 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(runResponse(status)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
  answers = [];
});

const auth = ['--api-url', '', '--token', 'operator-token-0123456789'];
const withApi = (args: string[]): string[] => [...args, ...auth.map((a) => (a === '' ? apiUrl : a))];

function specFile(spec: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tl-discovery-')), 'spec.json');
  writeFileSync(path, JSON.stringify(spec));
  return path;
}

const GOOD = { schema: 'DiscoverySpecV1', symbol: 'SPY', families: ['donchian-breakout', 'rsi-reversion'], period: { from: '2010-01-01', to: '2020-12-31' }, budget: 40, seed: 1 };

describe('tradeloop discovery', () => {
  it('submits a validated spec (defaults filled in) with the idempotency key and the operator token', async () => {
    const { error, stdout } = await runCli(withApi(['discovery', 'submit', '--spec', specFile(GOOD), '--idempotency-key', 'nightly-1', '--json']));
    expect(error).toBeUndefined();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/discovery', key: 'nightly-1', auth: 'Bearer operator-token-0123456789' });
    expect(JSON.parse(seen[0]?.body ?? '')).toMatchObject({ schema: 'DiscoverySpecV1', symbol: 'SPY', budget: 40, shards: 4, holdout: 0.2 });
    expect(JSON.parse(stdout)).toMatchObject({ runId: RUN, status: 'queued' });
  });

  it('refuses a bad spec before calling the API, naming the field (exit 2)', async () => {
    const { error } = await runCli(withApi(['discovery', 'submit', '--spec', specFile({ ...GOOD, families: ['no-such-rule'] })]));
    expect(exitCodeFor(error)).toBe(2);
    expect(String(error)).toMatch(/families\.0/);
    expect(seen).toHaveLength(0);
  });

  it('waits for a run to finish when asked', async () => {
    answers = ['queued', 'running', 'succeeded'];
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const pending = runCli(withApi(['discovery', 'get', RUN, '--wait', '--json']));
      for (let i = 0; i < 50 && seen.length < 3; i += 1) {
        await new Promise((resolve) => setImmediate(resolve));
        jest.advanceTimersByTime(2000);
      }
      const { error, stdout } = await pending;
      expect(error).toBeUndefined();
      expect(seen.map((s) => s.url)).toEqual([`/discovery/${RUN}`, `/discovery/${RUN}`, `/discovery/${RUN}`]);
      expect(JSON.parse(stdout)).toMatchObject({ status: 'succeeded', summary: { trials: 20, promoted: 0 } });
    } finally {
      jest.useRealTimers();
    }
  });

  it('refuses a malformed run id, a backtest id included (exit 2)', async () => {
    expect(exitCodeFor((await runCli(withApi(['discovery', 'get', 'nope']))).error)).toBe(2);
    expect(exitCodeFor((await runCli(withApi(['discovery', 'get', 'bt-0123456789abcdef01234567']))).error)).toBe(2);
  });
});
