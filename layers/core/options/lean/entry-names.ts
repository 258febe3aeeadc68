/**
 * Names of Lean's option CSV entries. One CSV per contract sits inside each zip, and the contract is only in
 * the name: `20151224_goog_minute_quote_american_call_7500000_20160115.csv` (minute: date first) or
 * `aapl_quote_american_call_1000000_20160115.csv` (daily: no date). Strikes are in deci-cents (÷ 10 000).
 */
import { scaledIntegerToDecimal } from '../../market/exact';
import { LeanFormatError } from '../../market/lean';
import { optionContract, type OptionContract } from '../chain/contract';

export interface LeanOptionEntryName {
  /** The data date (`YYYYMMDD`) for intraday entries; undefined for daily files (one file spans a year). */
  readonly date?: string;
  readonly resolution: 'minute' | 'daily';
  readonly tickType: 'trade' | 'quote' | 'openinterest';
  readonly contract: OptionContract;
}

const NAME = /^(?:(\d{8})_)?([a-z0-9.]+)_(?:(minute)_)?(trade|quote|openinterest)_(american|european)_(call|put)_(\d+)_(\d{8})\.csv$/i;

const iso = (yyyymmdd: string): string => `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;

/** Parses an option entry name; throws LeanFormatError on anything else. */
export function parseLeanOptionEntryName(name: string): LeanOptionEntryName {
  const base = name.split('/').pop() ?? name;
  const match = NAME.exec(base);
  if (match === null) throw new LeanFormatError(`not a Lean option entry name: "${name}"`);
  const [, date, underlying = '', minute, tickType = '', style = '', right = '', strike = '', expiry = ''] = match;
  if ((date === undefined) !== (minute === undefined)) throw new LeanFormatError(`minute entries carry a date, daily ones do not: "${name}"`);
  return {
    ...(date === undefined ? {} : { date }),
    resolution: minute === undefined ? 'daily' : 'minute',
    tickType: tickType.toLowerCase() as LeanOptionEntryName['tickType'],
    contract: optionContract({
      underlying: underlying.toUpperCase(),
      expiry: iso(expiry),
      right: right.toLowerCase() as OptionContract['right'],
      strike: scaledIntegerToDecimal(strike, 4),
      style: style.toLowerCase() as OptionContract['style'],
    }),
  };
}

/** Paths inside a Lean `Data/` tree: minute zips per underlying and day, and the daily universe CSV. */
export const leanOptionPaths = {
  minuteZip: (underlying: string, date: string, tickType: LeanOptionEntryName['tickType'], style: 'american' | 'european' = 'american'): string =>
    `option/usa/minute/${underlying.toLowerCase()}/${date}_${tickType}_${style}.zip`,
  dailyZip: (underlying: string, year: number, tickType: LeanOptionEntryName['tickType'], style: 'american' | 'european' = 'american'): string =>
    `option/usa/daily/${underlying.toLowerCase()}_${year}_${tickType}_${style}.zip`,
  universe: (underlying: string, date: string): string => `option/usa/universes/${underlying.toLowerCase()}/${date}.csv`,
} as const;
