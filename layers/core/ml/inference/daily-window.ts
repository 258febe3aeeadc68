/**
 * The daily window the live model reads, built from one-minute bars (issue 7). The ensemble is
 * trained on regular-session daily bars; the signal engine receives BarClosedV1 minute bars. This
 * module folds minute bars into the session's daily bar (regular hours only, NYSE calendar, early
 * closes included: exactly the bars `resample(…, 'day')` keeps) and closes a session when the first
 * bar of a LATER session arrives. Only then is the daily bar known to be final (a missing 15:59 bar
 * or an early close cannot leave a session open for ever). Pure JSON state, no clock.
 */
import { FEATURE_LOOKBACK, type FeatureBar } from '../features';
import type { TradingCalendar } from '../../market';

/** The session being aggregated: its daily bar so far. */
export interface OpenSession extends FeatureBar {
  /** Start of the last minute bar folded in (duplicates and out-of-order bars are refused on it). */
  readonly lastStart: number;
}

/** JSON state of the window. `days` holds completed sessions, oldest first, at most `DAILY_WINDOW_CAPACITY`. */
export interface DailyWindowState {
  readonly days: readonly FeatureBar[];
  readonly open: OpenSession | null;
  /** Start of the last minute bar seen (regular or not); bars at or before it are duplicates. */
  readonly lastBarStart: number | null;
}

/** Sessions kept: the feature lookback exactly (older ones can never be read again). */
export const DAILY_WINDOW_CAPACITY = FEATURE_LOOKBACK;

export const emptyDailyWindow = (): DailyWindowState => ({ days: [], open: null, lastBarStart: null });

/** One minute bar as the window reads it. */
export interface WindowMinuteBar {
  readonly start: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export type WindowStep =
  /** At or before the last bar seen: nothing changed. */
  | { readonly kind: 'duplicate' }
  /** Outside the regular session (pre/post-market, a closed day): only `lastBarStart` moved. */
  | { readonly kind: 'outside-session'; readonly state: DailyWindowState }
  /**
   * Folded into its session's daily bar. `closed` is the session this bar's arrival completed (the
   * previous open session, now the last of `state.days`), present on the first bar of a new session.
   */
  | { readonly kind: 'applied'; readonly state: DailyWindowState; readonly sessionDate: string; readonly closed?: FeatureBar };

const keepLast = (days: readonly FeatureBar[]): readonly FeatureBar[] => (days.length > DAILY_WINDOW_CAPACITY ? days.slice(days.length - DAILY_WINDOW_CAPACITY) : days);

const toDay = (s: OpenSession): FeatureBar => ({ date: s.date, open: s.open, high: s.high, low: s.low, close: s.close, volume: s.volume });

/** Folds one minute bar into the window. */
export function applyMinuteBar(state: DailyWindowState, bar: WindowMinuteBar, calendar: TradingCalendar): WindowStep {
  if (state.lastBarStart !== null && bar.start <= state.lastBarStart) return { kind: 'duplicate' };
  const date = calendar.sessionDate(bar.start);
  const session = calendar.session(date);
  if (session === undefined || bar.start < session.open || bar.start >= session.close) {
    return { kind: 'outside-session', state: { ...state, lastBarStart: bar.start } };
  }
  const current = state.open;
  if (current !== null && current.date === date) {
    const open: OpenSession = {
      date,
      open: current.open,
      high: Math.max(current.high, bar.high),
      low: Math.min(current.low, bar.low),
      close: bar.close,
      volume: current.volume + bar.volume,
      lastStart: bar.start,
    };
    return { kind: 'applied', state: { ...state, open, lastBarStart: bar.start }, sessionDate: date };
  }
  const fresh: OpenSession = { date, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume, lastStart: bar.start };
  if (current === null) return { kind: 'applied', state: { ...state, open: fresh, lastBarStart: bar.start }, sessionDate: date };
  const closed = toDay(current);
  return { kind: 'applied', state: { days: keepLast([...state.days, closed]), open: fresh, lastBarStart: bar.start }, sessionDate: date, closed };
}

/**
 * Seeds the window with history (daily bars from market data) so the model need not wait 64
 * sessions. History fills every date the window lacks before the open session (the open session is
 * never taken from history: it is still being aggregated); a date the live aggregation already
 * closed keeps the live bar. Sorted by date, the last `DAILY_WINDOW_CAPACITY` kept.
 */
export function seedDailyWindow(state: DailyWindowState, history: readonly FeatureBar[]): DailyWindowState {
  const before = state.open?.date;
  const byDate = new Map<string, FeatureBar>();
  for (const b of history) if (before === undefined || b.date < before) byDate.set(b.date, b);
  for (const b of state.days) byDate.set(b.date, b);
  const merged = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { ...state, days: keepLast(merged) };
}
