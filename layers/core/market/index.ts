/** The market room: calendars, bar types, corporate-action adjustment, resampling, and data-file parsers (./lean, ./csv). */
export * from './calendar';
export type { OhlcvBar, DailyBar } from './bars';
export { adjustBars, adjustBarsBy, PRICE_ADJUSTMENTS, type PriceAdjustment } from './adjust';
export {
  resampleMinuteBars,
  RESAMPLE_INTERVALS,
  type ResampleInterval,
  type ResampleOptions,
  type ResampledBar,
  type MinuteInputBar,
  type SessionSegment,
} from './resample';
export * from './lean';
export * from './csv';
export * from './exact';
