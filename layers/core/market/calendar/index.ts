/** Exchange trading calendars (NYSE) in UTC epoch ms, exchange-local dates at the edge. */
export { nyseCalendar } from './tradingCalendar';
export type { TradingCalendar, TradingSession } from './tradingCalendar';
export {
  easterSunday,
  nyseClosures,
  nyseEarlyCloses,
  nyseRuleHolidays,
  NYSE_SPECIAL_CLOSURES,
  NYSE_SPECIAL_EARLY_CLOSES,
  NYSE_ZONE,
} from './nyseHolidays';
export type { IsoDate } from './nyseHolidays';
