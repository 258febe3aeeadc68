import { badRequest } from './broker-errors';

/** One item of a multi-symbol history answer: its symbol and its time, the pair that orders and identifies it. */
export interface Keyed {
  readonly symbol: string;
  /** UTC epoch ms; unique per symbol within one answer (one bar, print or quote per minute here). */
  readonly t: number;
}

const encodeToken = (item: Keyed): string => Buffer.from(JSON.stringify([item.symbol, item.t])).toString('base64url');

function decodeToken(token: string): Keyed {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && typeof parsed[0] === 'string' && typeof parsed[1] === 'number') return { symbol: parsed[0], t: parsed[1] };
  } catch {
    // fall through to the 400 below
  }
  throw badRequest('invalid page_token');
}

/** Alpaca's `limit`: 1..10 000 data points per page across all symbols, default 1000. */
export function parseLimit(value: string | undefined): number {
  const limit = value === undefined ? 1000 : Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw badRequest('limit must be between 1 and 10000');
  return limit;
}

export function parseSort(value: string | undefined): 'asc' | 'desc' {
  const sort = value ?? 'asc';
  if (sort !== 'asc' && sort !== 'desc') throw badRequest(`invalid sort "${sort}"`);
  return sort;
}

/**
 * One page of `items` (already ordered: symbol, then time in the requested direction) starting at the item
 * the opaque `next_page_token` names. The token is the next item's (symbol, time), so a page boundary
 * survives the clock moving on between requests (new items only ever append at the end of a symbol).
 */
export function pageOf<T extends Keyed>(items: readonly T[], limit: number, pageToken: string | undefined): { readonly page: readonly T[]; readonly nextPageToken: string | null } {
  let from = 0;
  if (pageToken !== undefined) {
    const token = decodeToken(pageToken);
    from = items.findIndex((item) => item.symbol === token.symbol && item.t === token.t);
    if (from < 0) throw badRequest('invalid page_token');
  }
  const next = items[from + limit];
  return { page: items.slice(from, from + limit), nextPageToken: next === undefined ? null : encodeToken(next) };
}

/** Groups a page by symbol, as the multi-symbol answers carry it (`{ "SPY": [...], "IBM": [...] }`). */
export function bySymbol<T extends Keyed, J>(page: readonly T[], json: (item: T) => J): Record<string, J[]> {
  const out: Record<string, J[]> = {};
  for (const item of page) (out[item.symbol] ??= []).push(json(item));
  return out;
}
