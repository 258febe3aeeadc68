import { DateTime } from 'luxon';
import type { ObjectStore } from '../../ports';
import { NYSE_ZONE, type IsoDate, type TradingCalendar } from '../calendar';

/** How one kind of data (bars of a timeframe, trades, quotes) is fetched, keyed and stored per symbol-day. */
export interface DayPartitionedKind<T> {
  /** Names the kind in cache events ("trades", "bars/1Min"). */
  readonly name: string;
  readonly key: (symbol: string, date: IsoDate) => string;
  readonly fetch: (symbols: readonly string[], from: number, to: number) => Promise<ReadonlyMap<string, readonly T[]>>;
  readonly encode: (symbol: string, date: IsoDate, items: readonly T[]) => string;
  readonly decode: (stored: Uint8Array, symbol: string, date: IsoDate) => readonly T[];
  readonly contentType: string;
  readonly timeOf: (item: T) => number;
}

/** Where one symbol-day came from: the lake, the source (then stored), or the source uncached (day not over). */
export interface CacheEvent {
  readonly kind: string;
  readonly symbol: string;
  readonly date: IsoDate;
  readonly outcome: 'hit' | 'stored' | 'live';
}

/** The New York calendar day of `date` as [start, end) in UTC ms: every timeframe up to 1Day fits in it (a day bar starts at midnight). */
export function nyDay(date: IsoDate): { readonly start: number; readonly end: number } {
  const start = DateTime.fromISO(date, { zone: NYSE_ZONE }).startOf('day');
  return { start: start.toMillis(), end: start.plus({ days: 1 }).toMillis() };
}

/**
 * Read-through cache partitioned by symbol and New York trading day. A day whose end has passed by `now` is
 * complete and immutable: it is read from the lake, or fetched whole once (one request for every symbol the
 * lake lacks) and stored, an empty day included, so it is never asked for again. The day still in progress is
 * fetched up to `now` and never stored: the lake only ever holds complete days. Closed days (weekends,
 * holidays) are skipped without asking anyone. Returns items in [from, to), per symbol, oldest first.
 */
export async function readThroughByDay<T>(
  kind: DayPartitionedKind<T>,
  lake: ObjectStore,
  calendar: TradingCalendar,
  now: number,
  symbols: readonly string[],
  from: number,
  to: number,
  onEvent?: (event: CacheEvent) => void,
): Promise<ReadonlyMap<string, readonly T[]>> {
  const out = new Map<string, T[]>(symbols.map((s) => [s, []]));
  if (symbols.length === 0 || to <= from) return out;
  const keep = (symbol: string, items: readonly T[]): void => {
    const list = out.get(symbol) ?? [];
    for (const item of items) if (kind.timeOf(item) >= from && kind.timeOf(item) < to) list.push(item);
    out.set(symbol, list);
  };
  for (const session of calendar.sessions(calendar.sessionDate(from), calendar.sessionDate(to - 1))) {
    const day = nyDay(session.date);
    if (day.end > now) {
      const live = await kind.fetch(symbols, day.start, Math.min(day.end, now));
      for (const symbol of symbols) {
        keep(symbol, live.get(symbol) ?? []);
        onEvent?.({ kind: kind.name, symbol, date: session.date, outcome: 'live' });
      }
      continue;
    }
    const missing: string[] = [];
    for (const symbol of symbols) {
      const stored = await lake.get(kind.key(symbol, session.date));
      if (stored === undefined) missing.push(symbol);
      else {
        keep(symbol, kind.decode(stored, symbol, session.date));
        onEvent?.({ kind: kind.name, symbol, date: session.date, outcome: 'hit' });
      }
    }
    if (missing.length === 0) continue;
    const fetched = await kind.fetch(missing, day.start, day.end);
    for (const symbol of missing) {
      const items = [...(fetched.get(symbol) ?? [])].sort((a, b) => kind.timeOf(a) - kind.timeOf(b));
      await lake.put(kind.key(symbol, session.date), kind.encode(symbol, session.date, items), kind.contentType);
      keep(symbol, items);
      onEvent?.({ kind: kind.name, symbol, date: session.date, outcome: 'stored' });
    }
  }
  return out;
}
