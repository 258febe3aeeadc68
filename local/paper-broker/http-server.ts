import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { DateTime } from 'luxon';
import { Decimal } from 'decimal.js';
import { NYSE_ZONE, type FactorFileRow, type TradingCalendar } from '../../layers/core/market';
import { accountJson, assetExchange, assetJson, orderJson, positionJson } from './alpaca-json';
import { BrokerApiError, badRequest, notFound, unprocessable } from './broker-errors';
import type { BrokerEngine, OrderRequest } from './engine';
import { barsPage, latestQuoteJson, latestTradeJson, parseTime, tapeOf } from './market-data-api';
import { quotesPage, tradesPage, type HistoryQuery } from './history-api';
import type { MarketBook } from './market-book';
import { TERMINAL_STATUSES, type PaperOrder } from './orders';
import { optionsRoute, type OptionsMarket } from './options-api';
import { isOccSymbol, validateCreateOrderRequest } from './option-orders';

/** Everything the REST handlers need. */
export interface RestContext {
  readonly engine: BrokerEngine;
  readonly book: MarketBook;
  /** Lean factor-file rows per symbol, for the bars `adjustment` parameter (absent: bars stay raw). */
  readonly factors?: ReadonlyMap<string, readonly FactorFileRow[]>;
  /** Exchange calendar behind /v2/clock and /v2/calendar. */
  readonly calendar: TradingCalendar;
  readonly credentials: { readonly keyId: string; readonly secretKey: string };
  readonly account: { readonly id: string; readonly accountNumber: string; readonly createdAt: number; readonly multiplier: 1 | 2; readonly optionsLevel?: number };
  /** Requests per wall-clock minute before 429; undefined = unlimited. */
  readonly rateLimitPerMinute?: number;
  readonly wallClock: () => number;
  /** Option data behind /v2/options/contracts and /v1beta1/options/* (absent: those answer 404). */
  readonly options?: OptionsMarket;
}

type Json = unknown;
interface Reply {
  readonly status: number;
  readonly body?: Json;
}

const ok = (body: Json): Reply => ({ status: 200, body });

function send(res: ServerResponse, reply: Reply, headers: Record<string, string> = {}): void {
  const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
  res.writeHead(reply.status, { ...headers, ...(reply.body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }) });
  res.end(payload);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw badRequest('request body format is invalid');
}

/** A JSON field that Alpaca accepts as a string or a number (qty, notional, limit_price), as a string. */
function numberish(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw unprocessable(`invalid ${key}`);
}

function text(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw unprocessable(`invalid ${key}`);
  return value;
}

/** New York time with its offset, as Alpaca's clock writes it. */
const newYorkIso = (epochMs: number): string => DateTime.fromMillis(epochMs, { zone: NYSE_ZONE }).toISO() ?? '';

function clockJson(calendar: TradingCalendar, now: number): Json {
  const session = calendar.currentOrNextSession(now);
  const isOpen = now >= session.open && now < session.close;
  const nextOpen = calendar.nextSession(now).open;
  return { timestamp: newYorkIso(now), is_open: isOpen, next_open: newYorkIso(nextOpen), next_close: newYorkIso(session.close) };
}

const hhmm = (epochMs: number, separator: string): string => DateTime.fromMillis(epochMs, { zone: NYSE_ZONE }).toFormat(`HH${separator}mm`);

/**
 * `GET /v2/calendar`: NYSE sessions from the core exchange calendar (holiday rules, special closures and early
 * closes), not from the data days. The settlement date is the next session (T+1).
 */
function calendarJson(calendar: TradingCalendar, start: string, end: string): Json {
  const sessions = calendar.sessions(start, DateTime.fromISO(end).plus({ days: 10 }).toISODate() ?? end);
  return sessions
    .filter((s) => s.date <= end)
    .map((s, i) => ({
      date: s.date,
      open: hhmm(s.open, ':'),
      close: hhmm(s.close, ':'),
      session_open: hhmm(s.extendedOpen, ''),
      session_close: hhmm(s.extendedClose, ''),
      settlement_date: sessions[i + 1]?.date ?? s.date,
    }));
}

function listOrders(orders: readonly PaperOrder[], query: URLSearchParams): Json {
  const status = query.get('status') ?? 'open';
  if (!['open', 'closed', 'all'].includes(status)) throw unprocessable(`invalid status "${status}"`);
  const limit = Number(query.get('limit') ?? '50');
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw unprocessable('limit must be between 1 and 500');
  const direction = query.get('direction') ?? 'desc';
  if (direction !== 'asc' && direction !== 'desc') throw unprocessable(`invalid direction "${direction}"`);
  const after = query.get('after');
  const until = query.get('until');
  const afterMs = after === null ? undefined : parseTime('after', after);
  const untilMs = until === null ? undefined : parseTime('until', until);
  const symbols = query.get('symbols')?.split(',').map((s) => s.trim().toUpperCase());
  const side = query.get('side');
  const selected = orders
    .filter((o) => (status === 'all' ? true : status === 'open' ? !TERMINAL_STATUSES.has(o.status) : TERMINAL_STATUSES.has(o.status)))
    .filter((o) => (afterMs === undefined || o.createdAt > afterMs) && (untilMs === undefined || o.createdAt < untilMs))
    .filter((o) => (symbols === undefined || symbols.includes(o.symbol)) && (side === null || o.side === side))
    .sort((a, b) => (direction === 'asc' ? a.sequence - b.sequence : b.sequence - a.sequence));
  return selected.slice(0, limit).map(orderJson);
}

function closePosition(ctx: RestContext, symbol: string, query: URLSearchParams): PaperOrder {
  const position = ctx.engine.position(symbol);
  if (position === undefined) throw notFound('position does not exist');
  const held = position.quantity.abs();
  const qtyParam = query.get('qty');
  const percentage = query.get('percentage');
  const qty = qtyParam !== null ? new Decimal(qtyParam) : percentage !== null ? held.times(percentage).div(100).toDecimalPlaces(9, Decimal.ROUND_DOWN) : held;
  if (!qty.greaterThan(0) || qty.greaterThan(held)) throw unprocessable('invalid qty or percentage');
  if (isOccSymbol(symbol)) {
    const long = position.quantity.greaterThan(0);
    if (!qty.isInteger()) throw unprocessable('invalid qty or percentage: whole contracts only');
    return ctx.engine.submitOption({ symbol, side: long ? 'sell' : 'buy', positionIntent: long ? 'sell_to_close' : 'buy_to_close', type: 'market', timeInForce: 'day', qty: qty.toFixed() });
  }
  return ctx.engine.submit({ symbol, side: position.quantity.greaterThan(0) ? 'sell' : 'buy', type: 'market', timeInForce: 'day', qty: qty.toFixed() });
}

function stockSymbols(query: URLSearchParams): readonly string[] {
  return (query.get('symbols') ?? '').split(',').map((s) => s.trim().toUpperCase()).filter((s) => s !== '');
}

async function route(ctx: RestContext, method: string, path: string, query: URLSearchParams, req: IncomingMessage): Promise<Reply> {
  const { engine, book } = ctx;
  const now = engine.now();
  const segments = path.split('/').filter((s) => s !== '').map(decodeURIComponent);
  const [version, resource, id, sub, extra] = segments;
  const optionsReply = ctx.options === undefined ? undefined : optionsRoute(ctx.options, ctx.calendar, now, method, segments, query);
  if (optionsReply !== undefined) return optionsReply;
  if (version !== 'v2') throw notFound('endpoint not found');

  // ---- trading API
  if (resource === 'account' && id === undefined && method === 'GET') return ok(accountJson(engine, ctx.account));
  if (resource === 'clock' && method === 'GET') return ok(clockJson(ctx.calendar, now));
  if (resource === 'calendar' && method === 'GET') {
    const span = book.span();
    const defaultStart = span === undefined ? DateTime.fromMillis(now).toISODate() ?? '' : DateTime.fromMillis(span.first, { zone: NYSE_ZONE }).toISODate() ?? '';
    const start = query.get('start') ?? defaultStart;
    const end = query.get('end') ?? DateTime.fromISO(start).plus({ days: 30 }).toISODate() ?? start;
    const isDate = (value: string): boolean => /^\d{4}-\d{2}-\d{2}/.test(value) && DateTime.fromISO(value.slice(0, 10)).isValid;
    if (!isDate(start) || !isDate(end)) throw badRequest('start and end must be dates (YYYY-MM-DD)');
    return ok(calendarJson(ctx.calendar, start.slice(0, 10), end.slice(0, 10)));
  }
  if (resource === 'assets' && method === 'GET') {
    if (id === undefined) return ok(book.symbols().map(assetJson));
    const symbol = book.symbols().find((s) => s === id.toUpperCase() || assetJson(s)['id'] === id);
    if (symbol === undefined) throw notFound('asset not found');
    return ok(assetJson(symbol));
  }
  if (resource === 'orders' && id === undefined) {
    if (method === 'GET') return ok(listOrders(engine.allOrders(), query));
    if (method === 'POST') {
      const body = await readJson(req);
      const symbolText = typeof body['symbol'] === 'string' ? body['symbol'].toUpperCase() : '';
      if (body['order_class'] === 'mleg' || isOccSymbol(symbolText)) {
        validateCreateOrderRequest(body);
        if (body['order_class'] === 'mleg' && !Array.isArray(body['legs'])) throw unprocessable('legs are required for an mleg order');
        const legs = Array.isArray(body['legs'])
          ? (body['legs'] as Record<string, unknown>[]).map((leg) => ({
              symbol: text(leg, 'symbol') ?? '',
              ratio: numberish(leg, 'ratio_qty') ?? '',
              ...(text(leg, 'side') === undefined ? {} : { side: text(leg, 'side') }),
              ...(text(leg, 'position_intent') === undefined ? {} : { positionIntent: text(leg, 'position_intent') }),
            }))
          : undefined;
        const optional = (key: string, value: string | undefined) => (value === undefined ? {} : { [key]: value });
        return ok(
          orderJson(
            engine.submitOption({
              ...(body['order_class'] === 'mleg' ? { legs: legs ?? [] } : {}),
              ...optional('symbol', text(body, 'symbol')),
              ...optional('side', text(body, 'side')),
              ...optional('positionIntent', text(body, 'position_intent')),
              type: text(body, 'type') ?? '',
              timeInForce: text(body, 'time_in_force') ?? '',
              ...optional('qty', numberish(body, 'qty')),
              ...optional('notional', numberish(body, 'notional')),
              ...optional('limitPrice', numberish(body, 'limit_price')),
              ...optional('clientOrderId', text(body, 'client_order_id')),
            }),
          ),
        );
      }
      const request: OrderRequest = {
        symbol: text(body, 'symbol') ?? '',
        side: text(body, 'side') ?? '',
        type: text(body, 'type') ?? text(body, 'order_type') ?? '',
        timeInForce: text(body, 'time_in_force') ?? '',
        qty: numberish(body, 'qty'),
        notional: numberish(body, 'notional'),
        limitPrice: numberish(body, 'limit_price'),
        clientOrderId: text(body, 'client_order_id'),
      };
      if (request.symbol === '') throw unprocessable('symbol is required');
      if (body['order_class'] !== undefined && body['order_class'] !== 'simple' && body['order_class'] !== '') throw unprocessable('only simple orders are supported');
      return ok(orderJson(engine.submit(request)));
    }
    if (method === 'DELETE') return { status: 207, body: engine.cancelAll().map((o) => ({ id: o.id, status: 200, body: orderJson(o) })) };
  }
  if (resource === 'orders:by_client_order_id' && method === 'GET') {
    const clientOrderId = query.get('client_order_id');
    if (clientOrderId === null) throw unprocessable('client_order_id is required');
    return ok(orderJson(engine.orderByClientId(clientOrderId)));
  }
  if (resource === 'orders' && id !== undefined && sub === undefined) {
    if (method === 'GET') return ok(orderJson(engine.order(id)));
    if (method === 'DELETE') {
      engine.cancel(id);
      return { status: 204 };
    }
    if (method === 'PATCH') {
      const body = await readJson(req);
      return ok(
        orderJson(
          engine.replace(id, {
            qty: numberish(body, 'qty'),
            limitPrice: numberish(body, 'limit_price'),
            timeInForce: text(body, 'time_in_force'),
            clientOrderId: text(body, 'client_order_id'),
          }),
        ),
      );
    }
  }
  if (resource === 'positions') {
    if (id === undefined && method === 'GET') return ok(engine.positions().map((p) => positionJson(engine, p)));
    if (id === undefined && method === 'DELETE') {
      if (query.get('cancel_orders') === 'true') engine.cancelAll();
      return { status: 207, body: engine.positions().map((p) => ({ symbol: p.symbol, status: 200, body: orderJson(closePosition(ctx, p.symbol, new URLSearchParams())) })) };
    }
    if (id !== undefined && sub === undefined) {
      const symbol = book.symbols().find((s) => s === id.toUpperCase() || assetJson(s)['id'] === id) ?? id.toUpperCase();
      if (method === 'GET') {
        const position = engine.position(symbol);
        if (position === undefined) throw notFound('position does not exist');
        return ok(positionJson(engine, position));
      }
      if (method === 'DELETE') return ok(orderJson(closePosition(ctx, symbol, query)));
    }
  }

  // ---- market data API (same host here; Alpaca serves it from data.alpaca.markets)
  if (resource === 'stocks' && method === 'GET') {
    const barsQuery = (symbols: readonly string[]) => ({
      symbols,
      timeframe: query.get('timeframe') ?? '',
      start: query.get('start') ?? undefined,
      end: query.get('end') ?? undefined,
      limit: query.get('limit') ?? undefined,
      pageToken: query.get('page_token') ?? undefined,
      sort: query.get('sort') ?? undefined,
      feed: query.get('feed') ?? undefined,
      adjustment: query.get('adjustment') ?? undefined,
    });
    if (id === 'bars' && sub === undefined) return ok({ ...barsPage(book, now, barsQuery(stockSymbols(query)), ctx.factors), currency: 'USD' });
    // Historical trades and quotes: synthetic, one per minute (see history-api.ts).
    const historyQuery = (symbols: readonly string[]): HistoryQuery => ({
      symbols,
      start: query.get('start') ?? undefined,
      end: query.get('end') ?? undefined,
      limit: query.get('limit') ?? undefined,
      pageToken: query.get('page_token') ?? undefined,
      sort: query.get('sort') ?? undefined,
      feed: query.get('feed') ?? undefined,
    });
    const tape = (symbol: string) => tapeOf(assetExchange(symbol));
    if ((id === 'trades' || id === 'quotes') && sub === undefined) {
      const page = (id === 'trades' ? tradesPage : quotesPage)(book, now, historyQuery(stockSymbols(query)), tape);
      return ok({ [id]: page.items, next_page_token: page.next_page_token, currency: 'USD' });
    }
    if (id !== undefined && (sub === 'trades' || sub === 'quotes') && extra === undefined) {
      const symbol = id.toUpperCase();
      const page = (sub === 'trades' ? tradesPage : quotesPage)(book, now, historyQuery([symbol]), tape);
      return ok({ symbol, [sub]: page.items[symbol] ?? [], next_page_token: page.next_page_token, currency: 'USD' });
    }
    if ((id === 'trades' || id === 'quotes') && sub === 'latest') {
      const symbols = stockSymbols(query);
      if (symbols.length === 0) throw badRequest('symbols is required');
      const key = id === 'trades' ? 'trades' : 'quotes';
      const out: Record<string, unknown> = {};
      for (const symbol of symbols) {
        const tape = tapeOf(assetExchange(symbol));
        const latest = id === 'trades' ? latestTradeJson(book, symbol, now, tape) : latestQuoteJson(book, symbol, now, tape);
        if (latest !== undefined) out[symbol] = latest;
      }
      return ok({ [key]: out, currency: 'USD' });
    }
    if (id !== undefined && sub === 'bars' && extra === undefined) {
      const symbol = id.toUpperCase();
      const page = barsPage(book, now, barsQuery([symbol]), ctx.factors);
      return ok({ symbol, bars: page.bars[symbol] ?? [], next_page_token: page.next_page_token, currency: 'USD' });
    }
    if (id !== undefined && (sub === 'trades' || sub === 'quotes') && extra === 'latest') {
      const symbol = id.toUpperCase();
      const tape = tapeOf(assetExchange(symbol));
      const latest = sub === 'trades' ? latestTradeJson(book, symbol, now, tape) : latestQuoteJson(book, symbol, now, tape);
      if (latest === undefined) throw notFound(`no ${sub} for ${symbol}`);
      return ok({ symbol, [sub === 'trades' ? 'trade' : 'quote']: latest, currency: 'USD' });
    }
  }
  throw notFound('endpoint not found');
}

/** A fixed one-minute window on the wall clock (Alpaca limits requests per minute per account). */
function rateLimiter(limit: number | undefined, wallClock: () => number) {
  let windowStart = 0;
  let count = 0;
  return (): { readonly allowed: boolean; readonly headers: Record<string, string> } => {
    if (limit === undefined) return { allowed: true, headers: {} };
    const now = wallClock();
    if (now - windowStart >= 60_000) {
      windowStart = now;
      count = 0;
    }
    count++;
    const reset = windowStart + 60_000;
    const headers = {
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': String(Math.max(0, limit - count)),
      'X-RateLimit-Reset': String(Math.ceil(reset / 1000)),
    };
    if (count <= limit) return { allowed: true, headers };
    return { allowed: false, headers: { ...headers, 'Retry-After': String(Math.max(1, Math.ceil((reset - now) / 1000))) } };
  };
}

/** The REST server: Alpaca's header authentication, rate limit, routing and error shape. */
export function createRestServer(ctx: RestContext): Server {
  const limiter = rateLimiter(ctx.rateLimitPerMinute, ctx.wallClock);
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const keyId = req.headers['apca-api-key-id'];
    const secret = req.headers['apca-api-secret-key'];
    // Missing credentials: 401 as Alpaca; present but wrong: 403 ("forbidden").
    if (keyId === undefined || secret === undefined) {
      send(res, { status: 401, body: { code: 40110000, message: 'request is not authorized' } });
      return;
    }
    if (keyId !== ctx.credentials.keyId || secret !== ctx.credentials.secretKey) {
      send(res, { status: 403, body: { code: 40310000, message: 'forbidden' } });
      return;
    }
    const rate = limiter();
    if (!rate.allowed) {
      send(res, { status: 429, body: { code: 42910000, message: 'rate limit exceeded' } }, rate.headers);
      return;
    }
    route(ctx, req.method ?? 'GET', url.pathname, url.searchParams, req).then(
      (reply) => send(res, reply, rate.headers),
      (error: unknown) => {
        if (error instanceof BrokerApiError) send(res, { status: error.httpStatus, body: error.body() }, rate.headers);
        else send(res, { status: 500, body: { code: 50010000, message: error instanceof Error ? error.message : 'internal error' } }, rate.headers);
      },
    );
  });
}
