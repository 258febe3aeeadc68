/** File-system adapters: zip archives and the Lean minute data the local replay serves. */
export { readZipTextEntries, type ZipTextEntry } from './zip-entries';
export { loadLeanMinuteData, type LeanMinuteData, type SymbolQuoteBar } from './lean-minute-loader';
export { loadLeanDailyData, type LeanDailyData } from './lean-daily-loader';
export { loadDailyCsv, type DailyCsvLoadOptions } from './daily-csv-loader';
