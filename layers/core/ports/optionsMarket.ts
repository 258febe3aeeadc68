/**
 * The port the options correlator reads the live chain through. Adapters: Alpaca (the chain snapshot endpoint
 * plus the underlying's latest trade, layers/adapters/alpaca/option-chain-source.ts) and the local paper broker
 * behind the same Alpaca endpoints.
 */
import type { ChainFilter, OptionChainSnapshot } from '../options/chain';

export interface OptionsMarketData {
  /**
   * The chain of `underlying` now: every contract passing `filter` with its latest quote (open interest where the
   * source reports it), and the underlying's price. An underlying without listed options gives no entries.
   */
  chainSnapshot(underlying: string, filter?: ChainFilter): Promise<OptionChainSnapshot>;
}
