/** Pure parsers for plain (non-Lean) market-data CSV files. */
export {
  parseDailyCsv,
  parseDailyCsvStrict,
  splitCsvLine,
  DailyCsvError,
  type AdjCloseUse,
  type CsvRowError,
  type DailyCsvOptions,
  type DailyCsvResult,
} from './daily-csv';
