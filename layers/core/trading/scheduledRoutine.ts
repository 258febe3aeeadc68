import type { MarketRoutine, RoutineStartedV1 } from '../../contracts';
import type { TradingCalendar } from '../market';

export type RoutineDecision =
  | { readonly kind: 'started'; readonly event: RoutineStartedV1 }
  | { readonly kind: 'skipped'; readonly reason: string };

/**
 * Decides whether a scheduled routine runs at `at` (the schedule's time, UTC ms). Schedules fire
 * on fixed wall-clock times every day; this applies the exchange calendar:
 * - every routine runs only on trading days (weekends, holidays and closures are skipped);
 * - pre-market: before the regular open;
 * - open: inside the regular session, open ≤ at < close;
 * - intraday: open < at ≤ close. It fetches the bars that closed by `at`, so the fire at the open has
 *   no session bar yet and the fire at the close collects the session's last bar (early closes
 *   respected: 13:01 on the day after Thanksgiving is skipped);
 * - close and nightly: at or after the actual close (13:00 on early-close days).
 * Running a routine twice for one session (two schedules, a retried invocation) is the
 * caller's idempotency concern: key it on routine + sessionDate.
 */
export function scheduledRoutine(calendar: TradingCalendar, routine: MarketRoutine, at: number): RoutineDecision {
  const sessionDate = calendar.sessionDate(at);
  const session = calendar.session(sessionDate);
  if (session === undefined) {
    const closure = calendar.closureName(sessionDate);
    return { kind: 'skipped', reason: `${sessionDate} is not a trading day${closure === undefined ? ' (weekend)' : ` (${closure})`}` };
  }
  const started: RoutineDecision = { kind: 'started', event: { schema: 'RoutineStartedV1', routine, sessionDate, at } };
  const iso = new Date(at).toISOString();
  switch (routine) {
    case 'pre-market':
      return at < session.open ? started : { kind: 'skipped', reason: `pre-market at ${iso} is after the open` };
    case 'open':
    case 'intraday': {
      const inside = routine === 'open' ? at >= session.open && at < session.close : at > session.open && at <= session.close;
      return inside
        ? started
        : { kind: 'skipped', reason: `${routine} at ${iso} is outside the regular session of ${sessionDate}${session.earlyClose ? ' (early close)' : ''}` };
    }
    case 'close':
    case 'nightly':
      return at >= session.close ? started : { kind: 'skipped', reason: `${routine} at ${iso} is before the close of ${sessionDate}` };
  }
}
