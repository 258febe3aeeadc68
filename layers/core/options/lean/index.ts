/** Pure parsers of QuantConnect Lean's US option files (text in, typed rows out); loaders live in adapters/files. */
export { parseLeanOptionEntryName, leanOptionPaths, type LeanOptionEntryName } from './entry-names';
export { parseLeanOpenInterest, type OpenInterestRow } from './open-interest';
export { parseLeanDailyOptionQuotes, type DailyOptionQuote } from './daily-quotes';
export { parseLeanOptionUniverse, type OptionUniverse, type UniverseContractRow, type UniverseUnderlyingRow } from './universe';
export { parseLeanOptionMinuteQuotes, parseLeanOptionMinuteTrades } from './minute-bars';
