import { createHash } from 'node:crypto';
import { request } from 'node:http';
import type { Dashboard } from '../../../local/dashboard';
import { DASHBOARD_ENDPOINTS, startDashboard, STRATEGIES_NOT_CONFIGURED } from '../../../local/dashboard';
import { runPageScriptOnce } from './fake-dom';
import { FakeSource, MINUTE, OPEN } from './fake-source';

async function get(dashboard: Dashboard, path: string): Promise<{ status: number; type: string; body: unknown; text: string }> {
  const response = await fetch(new URL(path, dashboard.url));
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, type, text, body: type.startsWith('application/json') ? (JSON.parse(text) as unknown) : undefined };
}

/** A raw request, to send a method or Host header fetch would not. */
function raw(dashboard: Dashboard, method: string, path: string, host?: string): Promise<{ status: number; allow: string | undefined; body: string }> {
  const url = new URL(path, dashboard.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method, headers: host ? { host } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, allow: res.headers.allow, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('dashboard server on a fake tradeloop', () => {
  let source: FakeSource;
  let dashboard: Dashboard;

  beforeEach(async () => {
    source = new FakeSource();
    dashboard = await startDashboard({ source, listCapacity: 50 });
  });
  afterEach(() => dashboard.close());

  it('listens on 127.0.0.1 on any free port', () => {
    expect(dashboard.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves one self-contained page that polls every endpoint, with its script allowed by hash only', async () => {
    const response = await fetch(dashboard.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).toMatch(/^<!doctype html>/);
    for (const endpoint of DASHBOARD_ENDPOINTS) expect(html).toContain(`'${endpoint}`);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i); // nothing loaded from elsewhere
    expect(html).not.toContain('innerHTML');
    const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(script).digest('base64');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(html).toMatch(/setTimeout\(poll, POLL_MS\)/);
  });

  it('page script renders an empty system honestly (run against a stub DOM, no browser)', async () => {
    const page = await runPageScriptOnce(dashboard.url);
    expect(page.byId('conn').textContent).toMatch(/^live/);
    expect(page.byId('kill').allText()).toContain('Kill switch state unknown');
    expect(page.byId('orders').allText()).toBe('no orders yet');
    expect(page.byId('signals').allText()).toBe('no signals yet');
    expect(page.byId('by-check').allText()).toBe('no rejections yet');
    expect(page.byId('positions').allText()).toBe('no open positions');
    expect(page.byId('tiles').allText()).toContain(`Model accuracy unknown ${STRATEGIES_NOT_CONFIGURED}`);
    expect(page.byId('strategies').allText()).toBe(STRATEGIES_NOT_CONFIGURED);
    expect(page.byId('chart').find('path')).toHaveLength(1); // the single starting point
  });

  it('page script renders data as text, never as markup', async () => {
    source.signal(1);
    source.rejection(2, [{ checkId: 'staleData', reason: '<img src=x onerror=alert(1)>' }]);
    source.changeKillSwitch(true, 'drill <script>');
    const page = await runPageScriptOnce(dashboard.url);
    expect(page.byId('signals').allText()).toContain('<b>crossover 1</b>');
    expect(page.byId('by-check').allText()).toContain('1× <img src=x onerror=alert(1)>');
    expect(page.byId('kill').className).toBe('engaged');
    expect(page.byId('kill').allText()).toContain('Kill switch ENGAGED: no new orders. Reason: drill <script>');
  });

  it('sums up the account, the counts, the kill switch and says model accuracy is unknown without a store to read', async () => {
    source.routine(OPEN + MINUTE);
    source.signal(1);
    source.signal(2, 'flat');
    source.rejection(3, [{ checkId: 'killSwitch', reason: 'engaged' }]);
    source.changeKillSwitch(true, 'operator drill');
    source.orderList = [{ id: 'o1', client_order_id: 'c1', symbol: 'SPY', side: 'buy', status: 'filled', qty: '1', filled_qty: '1', filled_avg_price: '169.5' }];
    const { status, body } = await get(dashboard, '/api/summary');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      accountId: 'paper-test',
      marketTime: OPEN + MINUTE,
      marketTimeIso: new Date(OPEN + MINUTE).toISOString(),
      lastRoutine: { routine: 'intraday', sessionDate: '2013-10-07', at: OPEN + MINUTE },
      account: { equity: '100000', cash: '90000', buying_power: '180000' },
      startingEquity: 100000,
      killSwitch: { engaged: true, reason: 'operator drill', source: 'events' },
      counts: { signals: 2, rejections: 1, brokerOrders: 1, brokerOrdersFilled: 1, openPositions: 0, killSwitchChanges: 1 },
      modelAccuracy: { available: false, status: 'unknown', note: STRATEGIES_NOT_CONFIGURED },
    });
    expect(JSON.stringify(body)).not.toContain('PA-SECRET-NUMBER');
    expect((body as { modelAccuracy: Record<string, unknown> }).modelAccuracy).not.toHaveProperty('value');
  });

  it('reads the kill switch from the store when it can, and says unknown when it knows nothing', async () => {
    expect((await get(dashboard, '/api/summary')).body).toMatchObject({ killSwitch: { engaged: null, source: 'unknown' } });
    await dashboard.close();
    const stored = { ...source, killSwitch: async () => ({ engaged: false, reason: 'never engaged', actor: 'system', changedAt: 0 }) };
    dashboard = await startDashboard({ source: stored });
    expect((await get(dashboard, '/api/summary')).body).toMatchObject({ killSwitch: { engaged: false, reason: 'never engaged', source: 'store' } });
  });

  it('lists signals, rejections and orders newest first, up to the limit', async () => {
    for (let i = 1; i <= 5; i += 1) source.signal(i);
    source.rejection(6, [{ checkId: 'maxPosition', reason: 'position would exceed 10%' }, { checkId: 'staleData', reason: 'bar too old' }]);
    source.orderList = [1, 2, 3].map((i) => ({ id: `o${i}`, client_order_id: `c${i}`, symbol: 'SPY', side: 'buy', status: 'new', qty: '1', filled_qty: '0', filled_avg_price: null }));

    const signals = (await get(dashboard, '/api/signals?limit=2')).body as { total: number; signals: { signalId: string; reason: string }[] };
    expect(signals.total).toBe(5);
    expect(signals.signals.map((s) => s.signalId)).toEqual(['sig-5', 'sig-4']);
    expect(signals.signals[0]?.reason).toBe('<b>crossover 5</b>'); // data stays data; the page renders it with textContent

    const orders = (await get(dashboard, '/api/orders?limit=2')).body as { total: number; orders: { id: string }[] };
    expect(orders.total).toBe(3);
    expect(orders.orders.map((o) => o.id)).toEqual(['o3', 'o2']);

    const rejections = (await get(dashboard, '/api/rejections')).body as {
      total: number;
      byCheck: { checkId: string; count: number; reasons: { reason: string }[] }[];
      rejections: { failedChecks: { checkId: string; reason: string }[] }[];
    };
    expect(rejections.total).toBe(1);
    expect(rejections.byCheck.map((c) => c.checkId).sort()).toEqual(['maxPosition', 'staleData']);
    expect(rejections.rejections[0]?.failedChecks.map((c) => `${c.checkId}: ${c.reason}`)).toEqual([
      'maxPosition: position would exceed 10%',
      'staleData: bar too old',
    ]);
  });

  it('serves the equity series in time order and positions without extra fields', async () => {
    source.routine(OPEN + MINUTE);
    source.routine(OPEN + 2 * MINUTE);
    source.positionList = [{ symbol: 'SPY', side: 'long', qty: '3', avg_entry_price: '169', asset_id: 'x', market_value: '510' }];
    const equity = (await get(dashboard, '/api/equity')).body as { points: { t: number; equity: number }[]; total: number };
    expect(equity.points.map((p) => p.t)).toEqual([OPEN, OPEN + MINUTE, OPEN + 2 * MINUTE]);
    expect((await get(dashboard, '/api/equity?limit=1')).body).toMatchObject({ points: [{ t: OPEN + 2 * MINUTE }], total: 3 });
    expect((await get(dashboard, '/api/positions')).body).toEqual({ positions: [{ symbol: 'SPY', side: 'long', qty: '3', avg_entry_price: '169', market_value: '510' }] });
  });

  it.each([
    '/api/signals?limit=0',
    '/api/signals?limit=51',
    '/api/orders?limit=abc',
    '/api/orders?limit=-1',
    '/api/rejections?limit=2.5',
    '/api/rejections?limit=',
    '/api/signals?limit=1&limit=2',
    '/api/signals?since=1',
    '/api/summary?x=1',
  ])('answers %s with 400 and the issues', async (path) => {
    const { status, body } = await get(dashboard, path);
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'Bad Request' });
    expect((body as { issues: unknown[] }).issues.length).toBeGreaterThan(0);
  });

  it('answers unknown paths with 404, writes with 405, and a foreign Host with 403', async () => {
    for (const path of ['/api/nope', '/api', '/api/summary/x', '/constructor', '/__proto__']) {
      const { status, body } = await get(dashboard, path);
      expect(status).toBe(404);
      expect(body).toMatchObject({ error: 'Not Found' });
    }
    const post = await raw(dashboard, 'POST', '/api/summary');
    expect(post.status).toBe(405);
    expect(post.allow).toBe('GET, HEAD');
    expect((await raw(dashboard, 'GET', '/api/summary', 'evil.example:80')).status).toBe(403);
    expect((await raw(dashboard, 'GET', '/api/summary', `localhost:${new URL(dashboard.url).port}`)).status).toBe(200);
    const head = await raw(dashboard, 'HEAD', '/');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('stops listening to the bus and the port when closed', async () => {
    await dashboard.close();
    source.signal(1);
    expect(dashboard.record.counts.signals).toBe(0);
    await expect(fetch(dashboard.url)).rejects.toThrow();
    dashboard = await startDashboard({ source }); // for afterEach
  });
});
