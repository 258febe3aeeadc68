import type { StrategyBar } from '../../../../layers/core/strategies';

/** A bar that traded at one price (open = high = low = close): enough for close-only strategies. */
export function closeBar(symbol: string, start: number, close: number, volume = 1000): StrategyBar {
  return { symbol, start, open: close, high: close, low: close, close, volume };
}
