import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { MinuteBar } from '../../core/ports';
import {
  leanMinuteZipPath,
  parseLeanEntryName,
  parseLeanMinuteQuoteBars,
  parseLeanMinuteTradeBars,
  type LeanMinuteQuoteBar,
} from '../../core/market/lean';
import { readZipTextEntries } from './zip-entries';

/** Minute quote bars of one symbol, with the symbol attached (the parser's rows do not carry it). */
export interface SymbolQuoteBar extends LeanMinuteQuoteBar {
  readonly symbol: string;
}

/** Minute data of a set of symbols over a date range, per symbol, oldest first. */
export interface LeanMinuteData {
  readonly trades: ReadonlyMap<string, readonly MinuteBar[]>;
  readonly quotes: ReadonlyMap<string, readonly SymbolQuoteBar[]>;
  /** The New York dates (`YYYY-MM-DD`) for which at least one trade file was found, ascending. */
  readonly tradingDates: readonly string[];
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Each calendar date from `fromDate` to `toDate` inclusive (ISO `YYYY-MM-DD`). */
function calendarDates(fromDate: string, toDate: string): readonly string[] {
  const from = DateTime.fromISO(fromDate, { zone: 'utc' });
  const to = DateTime.fromISO(toDate, { zone: 'utc' });
  if (!from.isValid || !to.isValid) throw new Error(`invalid date range ${fromDate}..${toDate}; expected YYYY-MM-DD`);
  const dates: string[] = [];
  for (let day = from; day <= to; day = day.plus({ days: 1 })) dates.push(day.toISODate() ?? '');
  return dates;
}

/**
 * Loads Lean minute trade and quote bars for `symbols` from `dataDir` (the product's `data/` folder; files under
 * `lean/equity/usa/minute/<sym>/YYYYMMDD_{trade,quote}.zip`) for New York dates `fromDate`..`toDate` inclusive
 * (`YYYY-MM-DD`). Days without a file (weekends, holidays) are skipped; a symbol with no file at all yields
 * an empty list. Bars are sorted by start time.
 */
export async function loadLeanMinuteData(
  dataDir: string,
  symbols: readonly string[],
  fromDate: string,
  toDate: string,
): Promise<LeanMinuteData> {
  const trades = new Map<string, MinuteBar[]>();
  const quotes = new Map<string, SymbolQuoteBar[]>();
  const datesWithData = new Set<string>();
  for (const rawSymbol of symbols) {
    const symbol = rawSymbol.toUpperCase();
    const symbolTrades: MinuteBar[] = [];
    const symbolQuotes: SymbolQuoteBar[] = [];
    for (const isoDate of calendarDates(fromDate, toDate)) {
      const leanDate = isoDate.replaceAll('-', '');
      const tradeZip = join(dataDir, 'lean', leanMinuteZipPath(symbol, leanDate, 'trade'));
      if (await exists(tradeZip)) {
        datesWithData.add(isoDate);
        for (const entry of await readZipTextEntries(tradeZip)) {
          const { date } = parseLeanEntryName(entry.name);
          for (const row of parseLeanMinuteTradeBars(entry.text, date)) symbolTrades.push({ symbol, ...row });
        }
      }
      const quoteZip = join(dataDir, 'lean', leanMinuteZipPath(symbol, leanDate, 'quote'));
      if (await exists(quoteZip)) {
        for (const entry of await readZipTextEntries(quoteZip)) {
          const { date } = parseLeanEntryName(entry.name);
          for (const row of parseLeanMinuteQuoteBars(entry.text, date)) symbolQuotes.push({ symbol, ...row });
        }
      }
    }
    symbolTrades.sort((a, b) => a.start - b.start);
    symbolQuotes.sort((a, b) => a.start - b.start);
    trades.set(symbol, symbolTrades);
    quotes.set(symbol, symbolQuotes);
  }
  return { trades, quotes, tradingDates: [...datesWithData].sort() };
}
