/**
 * Loads Lean US option files (the product's `data/lean/option/usa/...`) into the core's chain inputs: one
 * trading day of minute quotes, trades and open interest per contract with the underlying's minute bars, the
 * daily universe files (with Lean's own IV and Greeks), and daily option quote bars. Missing files mean "no
 * data" (empty series), never an error; malformed ones throw LeanFormatError.
 */
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nyseCalendar, type TradingCalendar, type TradingSession } from '../../core/market/calendar';
import type { LeanMinuteQuoteBar, LeanMinuteTradeBar } from '../../core/market/lean';
import {
  leanOptionPaths,
  parseLeanDailyOptionQuotes,
  parseLeanOpenInterest,
  parseLeanOptionMinuteQuotes,
  parseLeanOptionMinuteTrades,
  parseLeanOptionEntryName,
  parseLeanOptionUniverse,
  type ContractSeries,
  type DailyOptionQuote,
  type OpenInterestRow,
  type OptionContract,
  type OptionUniverse,
  type UnderlyingSeries,
} from '../../core/options';
import { loadLeanMinuteData } from './lean-minute-loader';
import { readZipTextEntries } from './zip-entries';

/** One underlying's option data for one trading day. */
export interface LeanOptionDay {
  readonly underlying: string;
  /** New York trading date `YYYY-MM-DD`. */
  readonly date: string;
  readonly session: TradingSession;
  /** Every contract with any quote, trade or open-interest file that day, in OCC symbol order. */
  readonly contracts: readonly ContractSeries[];
  readonly underlyingSeries: UnderlyingSeries;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

const compact = (isoDate: string): string => isoDate.replaceAll('-', '');

/**
 * Loads `underlying`'s option minute data for `isoDate` from `dataDir` (the folder holding `lean/`).
 * Throws when the date is not a trading session; an underlying with no option files yields no contracts.
 */
export async function loadLeanOptionDay(dataDir: string, underlying: string, isoDate: string, calendar: TradingCalendar = nyseCalendar()): Promise<LeanOptionDay> {
  const session = calendar.session(isoDate);
  if (session === undefined) throw new Error(`${isoDate} is not a NYSE trading session`);
  const symbol = underlying.toUpperCase();
  const date = compact(isoDate);
  const series = new Map<string, { contract: OptionContract; quotes: LeanMinuteQuoteBar[]; trades: LeanMinuteTradeBar[]; openInterest: OpenInterestRow[] }>();
  const seriesOf = (contract: OptionContract) => {
    let s = series.get(contract.symbol);
    if (s === undefined) series.set(contract.symbol, (s = { contract, quotes: [], trades: [], openInterest: [] }));
    return s;
  };
  for (const tickType of ['quote', 'trade', 'openinterest'] as const) {
    const zip = join(dataDir, 'lean', leanOptionPaths.minuteZip(symbol, date, tickType));
    if (!(await exists(zip))) continue;
    for (const entry of await readZipTextEntries(zip)) {
      const name = parseLeanOptionEntryName(entry.name);
      const s = seriesOf(name.contract);
      if (tickType === 'quote') s.quotes.push(...parseLeanOptionMinuteQuotes(entry.text, date));
      else if (tickType === 'trade') s.trades.push(...parseLeanOptionMinuteTrades(entry.text, date));
      else s.openInterest.push(...parseLeanOpenInterest(entry.text, date));
    }
  }
  const contracts = [...series.values()]
    .map((s) => ({ ...s, quotes: s.quotes.sort((a, b) => a.start - b.start), trades: s.trades.sort((a, b) => a.start - b.start), openInterest: s.openInterest.sort((a, b) => a.ts - b.ts) }))
    .sort((a, b) => (a.contract.symbol < b.contract.symbol ? -1 : 1));
  const equity = await loadLeanMinuteData(dataDir, [symbol], isoDate, isoDate);
  return {
    underlying: symbol,
    date: isoDate,
    session,
    contracts,
    underlyingSeries: { quotes: equity.quotes.get(symbol) ?? [], trades: equity.trades.get(symbol) ?? [] },
  };
}

/** The universe file of `underlying` on `isoDate` (Lean's end-of-day contract list with its IV and Greeks), or undefined. */
export async function loadLeanOptionUniverse(dataDir: string, underlying: string, isoDate: string): Promise<OptionUniverse | undefined> {
  const path = join(dataDir, 'lean', leanOptionPaths.universe(underlying, compact(isoDate)));
  if (!(await exists(path))) return undefined;
  return parseLeanOptionUniverse(await readFile(path, 'utf8'), underlying);
}

/** Daily quote bars of every contract in `underlying`'s daily quote zip for `year` (empty when there is none). */
export async function loadLeanDailyOptionQuotes(dataDir: string, underlying: string, year: number): Promise<readonly { readonly contract: OptionContract; readonly quotes: readonly DailyOptionQuote[] }[]> {
  const zip = join(dataDir, 'lean', leanOptionPaths.dailyZip(underlying, year, 'quote'));
  if (!(await exists(zip))) return [];
  const entries = await readZipTextEntries(zip);
  return entries.map((entry) => ({ contract: parseLeanOptionEntryName(entry.name).contract, quotes: [...parseLeanDailyOptionQuotes(entry.text)].sort((a, b) => (a.date < b.date ? -1 : 1)) }));
}
