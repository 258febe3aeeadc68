import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { KillSwitchState } from '../../layers/core/ports';
import { DashboardRecord } from './dashboard-record';
import type { DashboardBroker, DashboardBus } from './dashboard-record';
import { DASHBOARD_SCRIPT, dashboardPage } from './page';
import { modelAccuracyTile, strategiesPanel, type StrategiesPanel } from './strategies-panel';

/** What the dashboard watches: a LocalTradeloop has all of it. */
export interface DashboardSource {
  readonly accountId: string;
  readonly broker: DashboardBroker;
  readonly bus: DashboardBus;
  /** The stored kill switch (the truth); without it the dashboard only knows the changes it saw on the bus. */
  readonly killSwitch?: () => Promise<KillSwitchState>;
  /** The latest stored risk report (PortfolioRiskReportV1), undefined when none is stored; without it the panel says so. */
  readonly riskReport?: () => Promise<unknown>;
  /** What the engine runs and the models it serves (the `GET /strategies` read model); without it the panel says so. */
  readonly strategies?: () => Promise<unknown>;
}

export interface DashboardOptions {
  readonly source: DashboardSource;
  /** Port on 127.0.0.1; 0 (default) = any free port. */
  readonly port?: number;
  /** Items kept per list; default 500 (also the largest `limit`). */
  readonly listCapacity?: number;
  /** Equity points kept; default 5000. */
  readonly equityCapacity?: number;
  /** How long one read of the strategies read model serves the summary tile and the panel of a poll; default 1000 ms. */
  readonly strategiesCacheMs?: number;
}

export interface Dashboard {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  readonly record: DashboardRecord;
  close(): Promise<void>;
}

export const DEFAULT_LIST_LIMIT = 100;

/** `limit`: a whole number 1..max written in digits; no other query parameter is accepted. */
function listQuery(max: number, fallback: number) {
  return z
    .object({
      limit: z
        .string()
        .regex(/^[0-9]{1,6}$/, 'limit must be a whole number')
        .transform(Number)
        .pipe(z.number().int().min(1, `limit must be between 1 and ${max}`).max(max, `limit must be between 1 and ${max}`))
        .default(fallback),
    })
    .strict();
}
const NoQuery = z.object({}).strict();

/** The fields of a stored risk report the panel shows; a report that does not have them is reported unreadable, not guessed at. */
const RiskFigure = z.object({ var: z.number(), cvar: z.number(), varPctOfEquity: z.number().nullable(), cvarPctOfEquity: z.number().nullable() });
const RiskPanelReport = z.object({
  schema: z.literal('PortfolioRiskReportV1'),
  asOf: z.string(),
  routine: z.string(),
  computedAt: z.number(),
  equity: z.number(),
  observations: z.number(),
  var: z.array(z.object({ confidence: z.number(), historical: RiskFigure, gaussian: RiskFigure })),
  positions: z.array(z.object({ symbol: z.string(), quantity: z.number(), marketValue: z.number(), componentVar99: z.number(), componentShare99: z.number() })),
  stress: z.array(z.object({ scenarioId: z.string(), name: z.string(), pnl: z.number(), pnlPctOfEquity: z.number().nullable() })),
  unmodelled: z.array(z.object({ symbol: z.string(), marketValue: z.number(), reason: z.string() })),
  limit: z.object({ maxPostTradeVarPct: z.number(), usage: z.number().nullable(), breached: z.boolean() }),
});

/** No risk report to show: the panel says why and how to get one instead of showing zeros. */
export const RISK_REPORT_NOT_YET = 'no risk report stored yet: the close and nightly routines write one per session; `npx tradeloop risk report --run` computes one now';

const ACCOUNT_FIELDS = ['status', 'currency', 'equity', 'last_equity', 'cash', 'buying_power', 'long_market_value', 'short_market_value', 'multiplier'] as const;
const POSITION_FIELDS = [
  'symbol',
  'side',
  'qty',
  'avg_entry_price',
  'current_price',
  'market_value',
  'cost_basis',
  'unrealized_pl',
  'unrealized_plpc',
  'unrealized_intraday_pl',
] as const;
const ORDER_FIELDS = [
  'id',
  'client_order_id',
  'symbol',
  'side',
  'type',
  'time_in_force',
  'qty',
  'limit_price',
  'filled_qty',
  'filled_avg_price',
  'status',
  'submitted_at',
  'filled_at',
  'canceled_at',
  'expired_at',
] as const;

function pick(source: Readonly<Record<string, unknown>>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) if (field in source) out[field] = source[field];
  return out;
}

const SCRIPT_HASH = createHash('sha256').update(DASHBOARD_SCRIPT).digest('base64');
/** Only the page's own inline script and style, and requests back to this server. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `script-src 'sha256-${SCRIPT_HASH}'`,
  "style-src 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

class BadRequest extends Error {
  constructor(readonly issues: readonly { readonly path: string; readonly message: string }[]) {
    super('Bad Request');
  }
}

/**
 * The local dashboard: a read-only HTTP server on 127.0.0.1 with one static page (`/`) and JSON endpoints under
 * `/api/` built from a {@link DashboardRecord} of the bus and from the broker. No endpoint carries a secret (no
 * API token, no broker credentials, no account number). Requests whose Host is not this server are refused
 * (DNS-rebinding guard).
 */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const { source } = options;
  const listCapacity = options.listCapacity ?? 500;
  const equityCapacity = options.equityCapacity ?? 5000;
  const record = new DashboardRecord({ broker: source.broker, bus: source.bus, listCapacity, equityCapacity });
  const ListQuery = listQuery(listCapacity, Math.min(DEFAULT_LIST_LIMIT, listCapacity));
  const EquityQuery = listQuery(equityCapacity, equityCapacity);
  let allowedHosts: ReadonlySet<string> = new Set();
  // The page polls the summary and the panel together: one read of the stores serves both.
  const strategiesCacheMs = options.strategiesCacheMs ?? 1000;
  let strategiesRead: { readonly at: number; readonly panel: Promise<StrategiesPanel> } | undefined;
  const strategies = (): Promise<StrategiesPanel> => {
    const now = Date.now();
    if (strategiesRead === undefined || now - strategiesRead.at >= strategiesCacheMs) strategiesRead = { at: now, panel: strategiesPanel(source.strategies) };
    return strategiesRead.panel;
  };

  const parseQuery = <T>(schema: z.ZodType<T>, url: URL): T => {
    const query: Record<string, string> = {};
    const issues: { path: string; message: string }[] = [];
    for (const [key, value] of url.searchParams) {
      if (key in query) issues.push({ path: key, message: `${key} is given more than once` });
      query[key] = value;
    }
    if (issues.length > 0) throw new BadRequest(issues);
    const parsed = schema.safeParse(query);
    if (!parsed.success) {
      throw new BadRequest(
        parsed.error.issues.map((issue) => ({
          path: issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(',') : ''),
          message: issue.code === 'unrecognized_keys' ? `unknown query parameter ${issue.keys.join(', ')}` : issue.message,
        })),
      );
    }
    return parsed.data;
  };

  const killSwitch = async (): Promise<Record<string, unknown>> => {
    if (source.killSwitch) {
      try {
        const state = await source.killSwitch();
        return { engaged: state.engaged, reason: state.reason, actor: state.actor, changedAt: state.changedAt, source: 'store' };
      } catch {
        // The store is unreachable (shutting down): fall back to what the bus said.
      }
    }
    const last = record.lastKillSwitch();
    if (last) return { ...last, source: 'events' };
    return { engaged: null, reason: 'unknown: no kill-switch change seen and no store to read', actor: null, changedAt: null, source: 'unknown' };
  };

  const routes: Readonly<Record<string, (url: URL) => Promise<unknown> | unknown>> = {
    '/api/summary': async (url) => {
      parseQuery(NoQuery, url);
      const account = source.broker.account();
      const orders = source.broker.orders();
      const marketTime = source.broker.now();
      const first = record.equity.toArray()[0];
      return {
        accountId: source.accountId,
        marketTime,
        marketTimeIso: new Date(marketTime).toISOString(),
        lastRoutine: record.lastRoutine ?? null,
        account: pick(account, ACCOUNT_FIELDS),
        startingEquity: first?.equity ?? null,
        killSwitch: await killSwitch(),
        killSwitchChanges: record.killSwitchChanges.newest(20),
        counts: {
          ...record.counts,
          brokerOrders: orders.length,
          brokerOrdersFilled: orders.filter((o) => Number(o['filled_qty']) > 0).length,
          openPositions: source.broker.positions().length,
          equityPoints: record.equity.size,
        },
        modelAccuracy: modelAccuracyTile(await strategies()),
      };
    },
    '/api/equity': (url) => {
      const { limit } = parseQuery(EquityQuery, url);
      const points = record.equity.toArray();
      return { points: points.slice(Math.max(0, points.length - limit)), total: points.length, capacity: equityCapacity };
    },
    '/api/positions': (url) => {
      parseQuery(NoQuery, url);
      const positions = source.broker.positions().map((p) => pick(p, POSITION_FIELDS));
      return { positions: positions.sort((a, b) => String(a['symbol']).localeCompare(String(b['symbol']))) };
    },
    '/api/orders': (url) => {
      const { limit } = parseQuery(ListQuery, url);
      const orders = source.broker.orders();
      const newestFirst: Record<string, unknown>[] = [];
      for (let i = orders.length - 1; i >= 0 && newestFirst.length < limit; i -= 1) {
        const order = orders[i];
        if (order) newestFirst.push(pick(order, ORDER_FIELDS));
      }
      return { total: orders.length, orders: newestFirst, events: record.orderEvents.newest(limit), eventsTotal: record.orderEvents.total };
    },
    '/api/signals': (url) => {
      const { limit } = parseQuery(ListQuery, url);
      return { total: record.signals.total, byDirection: record.counts.signalsByDirection, signals: record.signals.newest(limit) };
    },
    '/api/risk-report': async (url) => {
      parseQuery(NoQuery, url);
      if (source.riskReport === undefined) return { available: false, note: 'this run has no risk report store to read' };
      const stored = await source.riskReport();
      if (stored === undefined) return { available: false, note: RISK_REPORT_NOT_YET };
      // zod strips every field not listed: the panel gets the figures only.
      const parsed = RiskPanelReport.safeParse(stored);
      if (!parsed.success) return { available: false, note: `the stored risk report is unreadable: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
      return { available: true, report: parsed.data };
    },
    '/api/strategies': async (url) => {
      parseQuery(NoQuery, url);
      return strategies();
    },
    '/api/rejections': (url) => {
      const { limit } = parseQuery(ListQuery, url);
      return { total: record.rejections.total, byCheck: record.checkTallies(), rejections: record.rejections.newest(limit) };
    },
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = (request.method ?? 'GET').toUpperCase();
    if (!allowedHosts.has((request.headers.host ?? '').toLowerCase())) return sendJson(response, 403, { error: 'Forbidden', message: 'unexpected Host header' });
    if (method !== 'GET' && method !== 'HEAD') {
      return sendJson(response, 405, { error: 'Method Not Allowed', message: 'the dashboard is read-only: GET or HEAD' }, { allow: 'GET, HEAD' });
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const html = dashboardPage();
      return send(response, 200, 'text/html; charset=utf-8', html, { 'content-security-policy': CONTENT_SECURITY_POLICY });
    }
    const route = Object.hasOwn(routes, url.pathname) ? routes[url.pathname] : undefined;
    if (!route) return sendJson(response, 404, { error: 'Not Found', message: `no such path: ${url.pathname}` });
    try {
      sendJson(response, 200, await route(url));
    } catch (error) {
      if (error instanceof BadRequest) return sendJson(response, 400, { error: 'Bad Request', issues: error.issues });
      throw error;
    }
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) sendJson(response, 500, { error: 'Internal Server Error' });
      else response.destroy();
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    record.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return {
    url: `http://127.0.0.1:${port}/`,
    record,
    close: () =>
      new Promise<void>((resolve) => {
        record.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(response: ServerResponse, status: number, contentType: string, body: string, headers: Readonly<Record<string, string>> = {}): void {
  const bytes = Buffer.from(body, 'utf8');
  response.writeHead(status, {
    'content-type': contentType,
    'content-length': String(bytes.length),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    ...headers,
  });
  response.end(response.req.method === 'HEAD' ? undefined : bytes);
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(body), headers);
}
