import { z } from 'zod';
import { nyseCalendar, type TradingSession } from '../market';
import { viewRuleStrategy } from './viewRule';

/** Opening-range breakout on intraday bars: range length and when to flatten before the close, in minutes. */
export const OpeningRangeBreakoutParams = z
  .object({
    rangeMinutes: z.number().int().min(1).max(180).default(30),
    exitMinutesBeforeClose: z.number().int().min(0).max(120).default(5),
    allowShort: z.boolean().default(false),
  })
  .strict();
export type OpeningRangeBreakoutParams = z.infer<typeof OpeningRangeBreakoutParams>;

export const OPENING_RANGE_BREAKOUT_VERSION = '1';

interface RangeState {
  readonly date: string | null;
  readonly high: number | null;
  readonly low: number | null;
  /** One entry per session: after a breakout and its exit, the day is done. */
  readonly traded: boolean;
}

const MINUTE = 60_000;

/**
 * The classic intraday opening-range breakout on regular-session bars (NYSE calendar, early closes
 * included): the high and low of the bars starting in the first `rangeMinutes` after 09:30 make the
 * range; afterwards a close above the range high goes `long` (below the low: `short` when allowed),
 * and every position is `flat` from `exitMinutesBeforeClose` before the session's close. One entry
 * per session. Pre- and after-market bars are ignored.
 */
export function openingRangeBreakout(input: z.input<typeof OpeningRangeBreakoutParams>, id?: string) {
  const params = OpeningRangeBreakoutParams.parse(input);
  const calendar = nyseCalendar();
  let cachedDate = '';
  let cachedSession: TradingSession | undefined;
  const sessionOf = (date: string): TradingSession | undefined => {
    if (date !== cachedDate) {
      cachedDate = date;
      cachedSession = calendar.session(date);
    }
    return cachedSession;
  };
  return viewRuleStrategy({
    id: id ?? `opening-range-breakout-${params.rangeMinutes}-${params.exitMinutesBeforeClose}${params.allowShort ? '-ls' : ''}`,
    version: OPENING_RANGE_BREAKOUT_VERSION,
    params,
    initIndicators: (): RangeState => ({ date: null, high: null, low: null, traded: false }),
    step(state, bar) {
      const session = sessionOf(calendar.sessionDate(bar.start));
      if (session === undefined || bar.start < session.open || bar.start >= session.close) return { indicators: state, decision: { view: 'hold' } };
      const today: RangeState = state.date === session.date ? state : { date: session.date, high: null, low: null, traded: false };
      if (bar.start < session.open + params.rangeMinutes * MINUTE) {
        const high = today.high === null ? bar.high : Math.max(today.high, bar.high);
        const low = today.low === null ? bar.low : Math.min(today.low, bar.low);
        // A fresh session starts flat: a position carried over from yesterday's last bar is closed.
        return { indicators: { ...today, high, low }, decision: { view: 'flat', reason: `${session.date} opening range forming` } };
      }
      if (bar.start >= session.close - params.exitMinutesBeforeClose * MINUTE) {
        return { indicators: { ...today, traded: true }, decision: { view: 'flat', reason: `${params.exitMinutesBeforeClose} min before the close` } };
      }
      if (today.traded || today.high === null || today.low === null) return { indicators: today, decision: { view: 'hold' } };
      if (bar.close > today.high) return { indicators: { ...today, traded: true }, decision: { view: 'long', reason: `close ${bar.close} > opening-range high ${today.high}` } };
      if (params.allowShort && bar.close < today.low) return { indicators: { ...today, traded: true }, decision: { view: 'short', reason: `close ${bar.close} < opening-range low ${today.low}` } };
      return { indicators: today, decision: { view: 'hold' } };
    },
  });
}
