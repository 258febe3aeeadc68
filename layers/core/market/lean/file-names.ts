import { LeanFormatError, type LeanDate } from './new-york-time';

/** What a Lean intraday CSV entry name says about its contents. */
export interface LeanEntryName {
  readonly date: LeanDate;
  /** Upper-case ticker (Lean writes it lower case). */
  readonly symbol: string;
  readonly resolution: 'minute' | 'second' | 'tick';
  readonly tickType: 'trade' | 'quote' | 'openinterest';
}

/** Parses `20131007_spy_minute_trade.csv` (equity intraday entry names). */
export function parseLeanEntryName(name: string): LeanEntryName {
  const base = name.split('/').pop() ?? name;
  const match = /^(\d{8})_([a-z0-9.]+)_(minute|second|tick)_(trade|quote|openinterest)\.csv$/i.exec(base);
  if (match === null) throw new LeanFormatError(`not a Lean intraday entry name: "${name}"`);
  const [, date = '', symbol = '', resolution = '', tickType = ''] = match;
  return {
    date,
    symbol: symbol.toUpperCase(),
    resolution: resolution.toLowerCase() as LeanEntryName['resolution'],
    tickType: tickType.toLowerCase() as LeanEntryName['tickType'],
  };
}

/** The zip path of a symbol-day of minute data inside a Lean `Data/` tree (e.g. `equity/usa/minute/spy/20131007_trade.zip`). */
export function leanMinuteZipPath(symbol: string, date: LeanDate, tickType: 'trade' | 'quote'): string {
  return `equity/usa/minute/${symbol.toLowerCase()}/${date}_${tickType}.zip`;
}
