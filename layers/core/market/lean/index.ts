/** Pure parsers for QuantConnect Lean's US-equity data files (text in, typed rows out). */
export { NEW_YORK_ZONE, LeanFormatError, newYorkMsToEpoch, parseLeanDate, type LeanDate } from './new-york-time';
export { DECI_CENTS_PER_USD } from './prices';
export { parseLeanMinuteTradeBars, type LeanMinuteTradeBar } from './minute-trade-bars';
export { parseLeanMinuteQuoteBars, type LeanMinuteQuoteBar, type QuoteSideBar } from './minute-quote-bars';
export { parseLeanEntryName, leanMinuteZipPath, type LeanEntryName } from './file-names';
export { parseLeanDailyBars } from './daily-bars';
export { parseLeanFactorFile, factorsOn, type FactorFileRow, type PriceFactors } from './factor-file';
export { parseLeanMapFile, tickerOn, filterByMapFile, type MapFileRow } from './map-file';
export { parseLeanTickTrades, parseLeanTickQuotes } from './tick';
