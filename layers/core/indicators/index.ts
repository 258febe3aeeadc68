/** Technical indicators over floats: streaming (JSON state) and batch (Float64Array) forms. */
export { smaAdd, smaBatch, smaInit, smaIsStable, smaResult } from './sma';
export type { SmaState } from './sma';
