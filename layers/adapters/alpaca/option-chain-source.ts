import { decimalFromNumber } from '../../core/market/history';
import type { ChainFilter, OptionChainSnapshot } from '../../core/options';
import type { Clock, MarketData } from '../../core/ports';
import type { OptionsMarketData } from '../../core/ports/optionsMarket';
import type { AlpacaOptionsMarketData } from './options-market-data';

/**
 * The options correlator's chain: Alpaca's option chain snapshot (latest quote and trade per contract, every page)
 * and the underlying's latest trade as its price, stamped with the configured clock. Alpaca's snapshot carries no
 * open interest, so the entries have none (the liquidity filter then judges by quote and spread only, unless the
 * correlator is configured to require open interest).
 */
export class AlpacaOptionChainSource implements OptionsMarketData {
  constructor(
    private readonly options: Pick<AlpacaOptionsMarketData, 'chain'>,
    private readonly stocks: Pick<MarketData, 'latestTrades'>,
    private readonly clock: Clock,
  ) {}

  async chainSnapshot(underlying: string, filter: ChainFilter = {}): Promise<OptionChainSnapshot> {
    const symbol = underlying.toUpperCase();
    const [asOf, entries, trades] = await Promise.all([this.clock.now(), this.options.chain(symbol, filter), this.stocks.latestTrades([symbol])]);
    const trade = trades.get(symbol);
    return {
      underlying: symbol,
      asOf,
      ...(trade === undefined ? {} : { underlyingPrice: { price: decimalFromNumber(trade.price), source: 'last-trade' as const, ts: trade.at } }),
      entries: entries.map(({ contract, quote, lastTrade }) => ({ contract, ...(quote === undefined ? {} : { quote }), ...(lastTrade === undefined ? {} : { lastTrade }) })),
    };
  }
}
