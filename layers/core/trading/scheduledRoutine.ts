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
 * - open and intraday: inside the regular session, open ≤ at < close (early closes respected,
 *   so 13:30 on the day after Thanksgiving is skipped);
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
    case 'intraday':
      return at >= session.open && at < session.close
        ? started
        : { kind: 'skipped', reason: `${routine} at ${iso} is outside the regular session of ${sessionDate}${session.earlyClose ? ' (early close)' : ''}` };
    case 'close':
    case 'nightly':
      return at >= session.close ? started : { kind: 'skipped', reason: `${routine} at ${iso} is before the close of ${sessionDate}` };
  }
}
