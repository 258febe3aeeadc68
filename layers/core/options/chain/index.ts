/** Option contracts (OCC symbols), exact quotes, chain snapshots at an instant and the expiry/strike views. */
export { parseOccSymbol, formatOccSymbol, type OccSymbolParts } from './occ-symbol';
export { optionContract, lastTradingInstant, yearsToExpiry, type OptionContract, type ExerciseStyle } from './contract';
export { midDecimal, quoteMid, type OptionQuote, type OptionPrint } from './quote';
export { chainByExpiry, matchesChainFilter, type ChainEntry, type ChainFilter, type ExpirySlice, type OptionChainSnapshot, type StrikeRow, type UnderlyingPrice } from './chain';
export { buildChainSnapshot, quoteAt, underlyingPriceAt, type ContractSeries, type UnderlyingSeries } from './snapshot';
