/**
 * The paper broker's options endpoints, serving the shipped Lean option data at the broker's clock (never a
 * bar that had not closed by then), shaped as Alpaca's OpenAPI documents say:
 *
 * - Trading API  `GET /v2/options/contracts`                  → OptionContractsResponse
 * - Market data  `GET /v1beta1/options/snapshots/{underlying}` → option_snapshots_resp (latest quote, latest trade,
 *                                                                 IV and Greeks, as Alpaca: Black–Scholes)
 *                `GET /v1beta1/options/quotes/latest`          → option_latest_quotes_resp
 *                `GET /v1beta1/options/bars`                   → option_bars_resp (1Min and 1Day)
 *
 * What the Lean files do not carry is written as empty, never invented: exchange codes and conditions are "",
 * bar trade counts 0 (VWAP is then the typical price (h+l+c)/3, as the stock bars here). Contracts can be
 * ordered (single or mleg, see ./option-orders), so an active contract says `tradable: true`.
 */
import { DateTime } from 'luxon';
import { loadLeanOptionDay, type LeanOptionDay } from '../../layers/adapters/files/lean-option-loader';
import type { TradingCalendar } from '../../layers/core/market/calendar';
import {
  buildChainSnapshot,
  europeanGreeks,
  europeanImpliedVolatility,
  lastTradingInstant,
  matchesChainFilter,
  quoteMid,
  yearsToExpiry,
  type ChainEntry,
  type ChainFilter,
  type OptionContract,
  type OptionQuote,
} from '../../layers/core/options';
import { badRequest, notFound, unprocessable } from './broker-errors';
import { nameUuid } from './ids';
import { bySymbol, pageOf, parseSort } from './pagination';

/** Option data the broker serves, per underlying, one entry per loaded trading day (ascending). */
export interface OptionsMarket {
  readonly days: ReadonlyMap<string, readonly LeanOptionDay[]>;
  /** Rate and yield for the snapshot IVs and Greeks (default 0 and 0). */
  readonly r: number;
  readonly q: number;
}

/** Loads `underlyings`' option days `dates` (`YYYY-MM-DD`) from a data folder; days without files are skipped. */
export async function loadOptionsMarket(dataDir: string, underlyings: readonly string[], dates: readonly string[], rates: { readonly r?: number; readonly q?: number } = {}): Promise<OptionsMarket> {
  const days = new Map<string, LeanOptionDay[]>();
  for (const underlying of underlyings) {
    const list: LeanOptionDay[] = [];
    for (const date of dates) {
      const day = await loadLeanOptionDay(dataDir, underlying, date);
      if (day.contracts.length > 0) list.push(day);
    }
    days.set(underlying.toUpperCase(), list.sort((a, b) => (a.date < b.date ? -1 : 1)));
  }
  return { days, r: rates.r ?? 0, q: rates.q ?? 0 };
}

interface Reply {
  readonly status: number;
  readonly body: unknown;
}
const ok = (body: unknown): Reply => ({ status: 200, body });
const MINUTE = 60_000;
const rfc3339 = (ms: number): string => new Date(ms).toISOString();

const encode = (key: string): string => Buffer.from(key).toString('base64url');
const decode = (token: string): string => Buffer.from(token, 'base64url').toString('utf8');

/** A page of items keyed by a unique string, the token naming the first item of the next page. */
function keyPage<T>(items: readonly T[], key: (item: T) => string, limit: number, token: string | null): { readonly page: readonly T[]; readonly next: string | null } {
  let from = 0;
  if (token !== null) {
    const wanted = decode(token);
    from = items.findIndex((item) => key(item) === wanted);
    if (from < 0) throw badRequest('invalid page_token');
  }
  const next = items[from + limit];
  return { page: items.slice(from, from + limit), next: next === undefined ? null : encode(key(next)) };
}

function intParam(query: URLSearchParams, name: string, fallback: number, max: number): number {
  const raw = query.get(name);
  const value = raw === null ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) throw badRequest(`${name} must be between 1 and ${max}`);
  return value;
}

function numberParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw badRequest(`invalid ${name}`);
  return value;
}

function dateParam(query: URLSearchParams, name: string): string | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) throw badRequest(`${name} must be YYYY-MM-DD`);
  return raw;
}

function chainFilter(query: URLSearchParams): ChainFilter {
  const type = query.get('type');
  if (type !== null && type !== 'call' && type !== 'put') throw badRequest(`invalid type "${type}"`);
  const f = {
    expiry: dateParam(query, 'expiration_date'),
    expiryFrom: dateParam(query, 'expiration_date_gte'),
    expiryTo: dateParam(query, 'expiration_date_lte'),
    right: type ?? undefined,
    strikeFrom: numberParam(query, 'strike_price_gte'),
    strikeTo: numberParam(query, 'strike_price_lte'),
  };
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as ChainFilter;
}

/** The loaded day the broker's clock is in, else the last one before it (its final quotes are the latest known). */
function dayAt(market: OptionsMarket, underlying: string, now: number): LeanOptionDay | undefined {
  const days = market.days.get(underlying) ?? [];
  let found: LeanOptionDay | undefined;
  for (const day of days) if (day.session.extendedOpen <= now) found = day;
  return found;
}

function contractName(c: OptionContract): string {
  const expiry = DateTime.fromISO(c.expiry).toFormat('LLL dd yyyy');
  return `${c.underlying} ${expiry} ${c.strike} ${c.right === 'call' ? 'Call' : 'Put'}`;
}

function contractJson(c: OptionContract, known: ChainEntry | undefined, calendar: TradingCalendar, now: number): Record<string, unknown> {
  const date = (ms: number): string => DateTime.fromMillis(ms, { zone: calendar.zone }).toISODate() ?? '';
  return {
    id: nameUuid(`option:${c.symbol}`),
    symbol: c.symbol,
    name: contractName(c),
    status: lastTradingInstant(c.expiry, calendar) > now ? 'active' : 'inactive',
    tradable: lastTradingInstant(c.expiry, calendar) > now,
    expiration_date: c.expiry,
    root_symbol: c.root,
    underlying_symbol: c.underlying,
    underlying_asset_id: nameUuid(c.underlying),
    type: c.right,
    style: c.style,
    strike_price: c.strike,
    multiplier: String(c.multiplier),
    size: String(c.multiplier),
    // The penny-program list is not in the data; false is the conservative answer (nickel increments).
    ppind: false,
    ...(known?.openInterest === undefined ? {} : { open_interest: String(known.openInterest), open_interest_date: date(now) }),
    ...(known?.lastTrade === undefined ? {} : { close_price: known.lastTrade.price, close_price_date: date(known.lastTrade.ts) }),
  };
}

function quoteJson(quote: OptionQuote): Record<string, unknown> {
  // Alpaca writes price 0 / size 0 for a missing side.
  return { t: rfc3339(quote.ts), bx: '', bp: Number(quote.bid?.price ?? 0), bs: Number(quote.bid?.size ?? 0), ax: '', ap: Number(quote.ask?.price ?? 0), as: Number(quote.ask?.size ?? 0), c: '' };
}

function snapshotJson(entry: ChainEntry, spot: number | undefined, market: OptionsMarket, calendar: TradingCalendar, now: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (entry.quote !== undefined) out['latestQuote'] = quoteJson(entry.quote);
  if (entry.lastTrade !== undefined) out['latestTrade'] = { t: rfc3339(entry.lastTrade.ts), x: '', p: Number(entry.lastTrade.price), s: Number(entry.lastTrade.size), c: '' };
  const mid = quoteMid(entry.quote);
  const T = yearsToExpiry(entry.contract.expiry, now, calendar);
  if (mid !== undefined && spot !== undefined && T > 0) {
    // Alpaca's snapshot IV and Greeks are Black–Scholes (the spec says so): BSM here too, theta per day, vega and rho per 1 %.
    const inputs = { kind: entry.contract.right, S: spot, K: Number(entry.contract.strike), T, r: market.r, q: market.q };
    const iv = europeanImpliedVolatility({ ...inputs, price: Number(mid) });
    if (iv.ok) {
      const g = europeanGreeks({ ...inputs, sigma: iv.value });
      out['impliedVolatility'] = iv.value;
      out['greeks'] = { delta: g.delta, gamma: g.gamma, theta: g.thetaPerDay, vega: g.vegaPct, rho: g.rhoPct };
    }
  }
  return out;
}

function snapshotAt(market: OptionsMarket, underlying: string, now: number) {
  const day = dayAt(market, underlying, now);
  if (day === undefined) return undefined;
  return buildChainSnapshot(underlying, day.contracts, day.underlyingSeries, now, day.session.open);
}

/** Every contract of `underlying` over the loaded days (latest day's entry wins), OCC-symbol order. */
function knownContracts(market: OptionsMarket, underlying: string): readonly OptionContract[] {
  const bySymbol = new Map<string, OptionContract>();
  for (const day of market.days.get(underlying) ?? []) for (const c of day.contracts) bySymbol.set(c.contract.symbol, c.contract);
  return [...bySymbol.values()].sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
}

function optionSymbols(query: URLSearchParams): readonly string[] {
  const symbols = (query.get('symbols') ?? '').split(',').map((s) => s.trim().toUpperCase()).filter((s) => s !== '');
  if (symbols.length === 0) throw badRequest('symbols is required');
  if (symbols.length > 100) throw badRequest('at most 100 symbols');
  return symbols;
}

const underlyingOf = (symbol: string): string => /^([A-Z.]+?)\d*\d{6}[CP]\d{8}$/.exec(symbol)?.[1] ?? '';

/** Routes an options request; undefined when the path is not an options endpoint. */
export function optionsRoute(market: OptionsMarket, calendar: TradingCalendar, now: number, method: string, segments: readonly string[], query: URLSearchParams): Reply | undefined {
  const [version, resource, sub, arg, extra] = segments;
  if (method !== 'GET') return undefined;

  if (version === 'v2' && resource === 'options' && sub === 'contracts' && arg === undefined) {
    const underlyings = (query.get('underlying_symbols') ?? '').split(',').map((s) => s.trim().toUpperCase()).filter((s) => s !== '');
    const status = query.get('status') ?? 'active';
    if (status !== 'active' && status !== 'inactive') throw unprocessable(`invalid status "${status}"`);
    const filter = chainFilter(query);
    // Alpaca's default window: contracts expiring up to the coming weekend, unless an expiration filter is given.
    const expiryTo = filter.expiry === undefined && filter.expiryTo === undefined && filter.expiryFrom === undefined
      ? DateTime.fromMillis(now, { zone: calendar.zone }).plus({ days: (7 - DateTime.fromMillis(now, { zone: calendar.zone }).weekday) % 7 || 7 }).toISODate() ?? undefined
      : filter.expiryTo;
    const style = query.get('style');
    const root = query.get('root_symbol')?.toUpperCase();
    const names = underlyings.length > 0 ? underlyings : [...market.days.keys()];
    const contracts = names
      .flatMap((u) => knownContracts(market, u))
      .filter((c) => matchesChainFilter(c, { ...filter, ...(expiryTo === undefined ? {} : { expiryTo }) }))
      .filter((c) => (style === null || c.style === style) && (root === undefined || c.root === root))
      .filter((c) => (lastTradingInstant(c.expiry, calendar) > now ? 'active' : 'inactive') === status);
    const { page, next } = keyPage(contracts, (c) => c.symbol, intParam(query, 'limit', 100, 10_000), query.get('page_token'));
    const snapshots = new Map<string, ChainEntry>();
    for (const u of new Set(page.map((c) => c.underlying))) for (const e of snapshotAt(market, u, now)?.entries ?? []) snapshots.set(e.contract.symbol, e);
    return ok({ option_contracts: page.map((c) => contractJson(c, snapshots.get(c.symbol), calendar, now)), next_page_token: next });
  }

  if (version === 'v2' && resource === 'options' && sub === 'contracts' && arg !== undefined && extra === undefined) {
    const wanted = arg.toUpperCase();
    const contract = knownContracts(market, underlyingOf(wanted)).find((c) => c.symbol === wanted || nameUuid(`option:${c.symbol}`) === arg);
    if (contract === undefined) throw notFound('contract not found');
    const entry = snapshotAt(market, contract.underlying, now)?.entries.find((e) => e.contract.symbol === contract.symbol);
    return ok(contractJson(contract, entry, calendar, now));
  }

  if (version !== 'v1beta1' || resource !== 'options') return undefined;

  if (sub === 'snapshots' && arg !== undefined && extra === undefined) {
    const underlying = arg.toUpperCase();
    const snapshot = snapshotAt(market, underlying, now);
    const filter = chainFilter(query);
    const root = query.get('root_symbol')?.toUpperCase();
    const updatedSince = query.get('updated_since');
    const since = updatedSince === null ? undefined : Date.parse(updatedSince);
    if (since !== undefined && !Number.isFinite(since)) throw badRequest('invalid updated_since');
    const spot = snapshot?.underlyingPrice === undefined ? undefined : Number(snapshot.underlyingPrice.price);
    const entries = (snapshot?.entries ?? [])
      .filter((e) => e.quote !== undefined || e.lastTrade !== undefined)
      .filter((e) => matchesChainFilter(e.contract, filter) && (root === undefined || e.contract.root === root))
      .filter((e) => since === undefined || Math.max(e.quote?.ts ?? 0, e.lastTrade?.ts ?? 0) >= since);
    const { page, next } = keyPage(entries, (e) => e.contract.symbol, intParam(query, 'limit', 100, 1000), query.get('page_token'));
    const snapshots: Record<string, unknown> = {};
    for (const e of page) snapshots[e.contract.symbol] = snapshotJson(e, spot, market, calendar, now);
    return ok({ snapshots, next_page_token: next });
  }

  if (sub === 'quotes' && arg === 'latest') {
    const quotes: Record<string, unknown> = {};
    for (const symbol of optionSymbols(query)) {
      const entry = snapshotAt(market, underlyingOf(symbol), now)?.entries.find((e) => e.contract.symbol === symbol);
      if (entry?.quote !== undefined) quotes[symbol] = quoteJson(entry.quote);
    }
    return ok({ quotes });
  }

  if (sub === 'bars' && arg === undefined) {
    const timeframe = query.get('timeframe') ?? '';
    if (timeframe !== '1Min' && timeframe !== '1Day') throw badRequest('timeframe must be 1Min or 1Day here');
    const start = query.get('start') === null ? -Infinity : Date.parse(query.get('start') ?? '');
    const end = query.get('end') === null ? now : Math.min(now, Date.parse(query.get('end') ?? ''));
    if (Number.isNaN(start) || Number.isNaN(end)) throw badRequest('start and end must be RFC 3339 times');
    const sort = parseSort(query.get('sort') ?? undefined);
    const limit = intParam(query, 'limit', 1000, 10_000);
    type Item = { symbol: string; t: number; o: number; h: number; l: number; c: number; v: number };
    const items: Item[] = [];
    for (const symbol of [...optionSymbols(query)].sort()) {
      const mine: Item[] = [];
      for (const day of market.days.get(underlyingOf(symbol)) ?? []) {
        const series = day.contracts.find((c) => c.contract.symbol === symbol);
        // Only bars complete by the broker's clock: a bar starting at t is known at t + 1 min.
        const bars = (series?.trades ?? []).filter((b) => b.start + MINUTE <= now);
        if (timeframe === '1Min') {
          for (const b of bars) if (b.start >= start && b.start <= end) mine.push({ symbol, t: b.start, o: b.open, h: b.high, l: b.low, c: b.close, v: b.volume });
        } else if (bars.length > 0) {
          // A daily bar is stamped at New York midnight, as Alpaca's; only sessions that have closed by `now`.
          const t = DateTime.fromISO(day.date, { zone: calendar.zone }).toMillis();
          if (day.session.close <= now && t >= start && t <= end) {
            const first = bars[0] as (typeof bars)[number];
            const last = bars[bars.length - 1] as (typeof bars)[number];
            mine.push({ symbol, t, o: first.open, h: Math.max(...bars.map((b) => b.high)), l: Math.min(...bars.map((b) => b.low)), c: last.close, v: bars.reduce((s, b) => s + b.volume, 0) });
          }
        }
      }
      mine.sort((a, b) => (sort === 'asc' ? a.t - b.t : b.t - a.t));
      items.push(...mine);
    }
    const { page, nextPageToken } = pageOf(items, limit, query.get('page_token') ?? undefined);
    const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;
    return ok({ bars: bySymbol(page, (b) => ({ t: rfc3339(b.t), o: b.o, h: b.h, l: b.l, c: b.c, v: b.v, n: 0, vw: round4((b.h + b.l + b.c) / 3) })), next_page_token: nextPageToken });
  }
  return undefined;
}
