/** Streaming trading strategies: pure step functions over JSON-serialisable state. */
export type { StrategyBar, StrategySignal, StrategyStep, StreamingStrategy } from './strategy';
export { smaCrossover, SmaCrossoverParams, SmaCrossoverState, SMA_CROSSOVER_VERSION } from './smaCrossover';
export { priceCrossSma, PriceCrossSmaParams, PriceCrossSmaState, PRICE_CROSS_SMA_VERSION } from './priceCrossSma';
