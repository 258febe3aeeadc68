import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { nyseCalendar, type TradingCalendar } from '../../layers/core/market';
import { parseDayCount, parseSessionDate } from './options';

/** One NYSE session as the CLI shows it: exchange-local date and New York wall times. */
export interface CalendarSessionRow {
  readonly date: string;
  readonly open: string;
  readonly close: string;
  readonly earlyClose: boolean;
}

/** A weekday the exchange is closed, with the holiday's or closure's name. */
export interface CalendarClosureRow {
  readonly date: string;
  readonly name: string;
}

export interface CalendarListing {
  readonly zone: string;
  /** First and last calendar date covered (inclusive). */
  readonly from: string;
  readonly to: string;
  readonly sessions: readonly CalendarSessionRow[];
  readonly closures: readonly CalendarClosureRow[];
}

export const DEFAULT_CALENDAR_DAYS = 14;

/** The sessions and weekday closures of the `days` calendar days starting at `from` (pure: no clock). */
export function calendarListing(calendar: TradingCalendar, from: string, days: number): CalendarListing {
  const start = DateTime.fromISO(from, { zone: calendar.zone });
  const to = start.plus({ days: days - 1 }).toISODate() ?? from;
  const local = (ts: number): string => DateTime.fromMillis(ts, { zone: calendar.zone }).toFormat('HH:mm');
  const sessions = calendar.sessions(from, to).map((s) => ({ date: s.date, open: local(s.open), close: local(s.close), earlyClose: s.earlyClose }));
  const closures: CalendarClosureRow[] = [];
  for (let i = 0; i < days; i += 1) {
    const day = start.plus({ days: i });
    const date = day.toISODate() ?? from;
    const name = day.weekday <= 5 ? calendar.closureName(date) : undefined;
    if (name !== undefined) closures.push({ date, name });
  }
  return { zone: calendar.zone, from, to, sessions, closures };
}

/** One line a day (sessions and weekday closures in date order), for people. */
export function formatCalendarListing(listing: CalendarListing): string {
  const lines = [
    ...listing.sessions.map((s) => ({ date: s.date, text: `${s.open}-${s.close}${s.earlyClose ? '  early close' : ''}` })),
    ...listing.closures.map((c) => ({ date: c.date, text: `closed       ${c.name}` })),
  ].sort((a, b) => a.date.localeCompare(b.date));
  const header = `NYSE sessions ${listing.from}..${listing.to} (${listing.zone} time)`;
  return [header, ...lines.map((l) => `${l.date}  ${DateTime.fromISO(l.date).toFormat('ccc')}  ${l.text}`)].join('\n');
}

interface CalendarOptions {
  readonly from?: string;
  readonly days: number;
  readonly json: boolean;
}

/** `tradeloop calendar`: NYSE sessions from the core exchange calendar (no running system needed). */
export function registerCalendarCommand(program: Command, now: () => number = Date.now): void {
  program
    .command('calendar')
    .description('List NYSE sessions (open and close in New York time, early closes) and the holidays and closures in between')
    .option('--from <date>', 'first calendar date (YYYY-MM-DD, New York; default: today)', parseSessionDate)
    .option('--days <n>', 'how many calendar days to cover, weekends included (1-3660)', parseDayCount, DEFAULT_CALENDAR_DAYS)
    .option('--json', 'machine-readable output', false)
    .action((options: CalendarOptions) => {
      const calendar = nyseCalendar();
      const listing = calendarListing(calendar, options.from ?? calendar.sessionDate(now()), options.days);
      process.stdout.write(`${options.json ? JSON.stringify(listing) : formatCalendarListing(listing)}\n`);
    });
}
