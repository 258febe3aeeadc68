import { DateTime } from 'luxon';

/**
 * EventBridge Scheduler cron expressions: `cron(minutes hours day-of-month month day-of-week year)`, evaluated in
 * an IANA time zone. Supported: `*`, `?`, values, ranges `a-b`, lists `a,b`, steps `a/n`, `a-b/n`, `* /n`, month
 * and weekday names (JAN–DEC, SUN–SAT, where 1 = SUN). `L`, `W` and `#` are rejected with a clear error.
 * Daylight saving time follows AWS: a local time skipped by the spring-forward change does not fire; a local time
 * repeated by the fall-back change fires once (its first occurrence).
 */

export class InvalidCronExpressionError extends Error {
  override readonly name = 'InvalidCronExpressionError';
}

/** A parsed cron expression: the allowed values of each field (day fields undefined when `?`). */
export interface CronExpression {
  readonly source: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  /** undefined: `?` (the day is chosen by day-of-week). */
  readonly daysOfMonth: ReadonlySet<number> | undefined;
  readonly months: ReadonlySet<number>;
  /** 1 = Sunday … 7 = Saturday, as AWS numbers them; undefined: `?`. */
  readonly daysOfWeek: ReadonlySet<number> | undefined;
  readonly years: ReadonlySet<number>;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly question?: boolean;
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31, question: true },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, names: WEEKDAYS, question: true },
  { name: 'year', min: 1970, max: 2199 },
];

/** Parses `cron(...)` (or the six bare fields). Throws {@link InvalidCronExpressionError}. */
export function parseCron(expression: string): CronExpression {
  const match = /^\s*cron\((.*)\)\s*$/.exec(expression);
  const body = (match ? match[1] ?? '' : expression).trim();
  const parts = body.split(/\s+/);
  if (parts.length !== 6) {
    throw new InvalidCronExpressionError(`${expression}: expected 6 fields (minutes hours day-of-month month day-of-week year), got ${parts.length}`);
  }
  const sets = parts.map((part, i) => parseField(part, FIELDS[i] as FieldSpec, expression));
  const [minutes, hours, daysOfMonth, months, daysOfWeek, years] = sets as [
    Set<number>, Set<number>, Set<number> | undefined, Set<number>, Set<number> | undefined, Set<number>,
  ];
  if ((daysOfMonth === undefined) === (daysOfWeek === undefined)) {
    throw new InvalidCronExpressionError(`${expression}: exactly one of day-of-month and day-of-week must be '?'`);
  }
  return { source: expression, minutes, hours, daysOfMonth, months, daysOfWeek, years };
}

function parseField(text: string, field: FieldSpec, expression: string): Set<number> | undefined {
  const fail = (why: string): never => {
    throw new InvalidCronExpressionError(`${expression}: ${field.name} "${text}": ${why}`);
  };
  if (text === '?') {
    if (!field.question) fail("'?' is only allowed in day-of-month and day-of-week");
    return undefined;
  }
  if (/[LW#]/i.test(text.replace(/[A-Z]{3}/gi, (name) => (field.names?.includes(name.toUpperCase()) ? '' : name)))) {
    fail("'L', 'W' and '#' are not supported by the local scheduler");
  }
  const value = (token: string): number => {
    const named = field.names?.indexOf(token.toUpperCase()) ?? -1;
    const n = named >= 0 ? named + 1 : /^\d+$/.test(token) ? Number(token) : NaN;
    if (!Number.isInteger(n) || n < field.min || n > field.max) fail(`"${token}" is not in ${field.min}-${field.max}`);
    return n;
  };
  const result = new Set<number>();
  for (const item of text.split(',')) {
    const [rangeText = '', stepText, extra] = item.split('/');
    if (extra !== undefined || rangeText === '') fail('malformed item');
    const step = stepText === undefined ? 1 : /^\d+$/.test(stepText) && Number(stepText) > 0 ? Number(stepText) : fail(`bad step "${stepText}"`);
    let from: number;
    let to: number;
    if (rangeText === '*') {
      from = field.min;
      to = field.max;
    } else if (rangeText.includes('-')) {
      const [a = '', b = ''] = rangeText.split('-');
      from = value(a);
      to = value(b);
      if (to < from) fail('a range must go upwards');
    } else {
      from = value(rangeText);
      // `a/n` means from a to the end of the field in steps of n.
      to = stepText === undefined ? from : field.max;
    }
    for (let v = from; v <= to; v += step) result.add(v);
  }
  return result;
}

/** AWS day-of-week (1 = SUN … 7 = SAT) of a luxon date (1 = MON … 7 = SUN). */
const awsWeekday = (date: DateTime): number => (date.weekday % 7) + 1;

function dayMatches(cron: CronExpression, date: DateTime): boolean {
  if (!cron.years.has(date.year) || !cron.months.has(date.month)) return false;
  if (cron.daysOfMonth) return cron.daysOfMonth.has(date.day);
  return cron.daysOfWeek?.has(awsWeekday(date)) ?? false;
}

/**
 * The instant of a local wall-clock time in `zone`, as AWS Scheduler treats it: undefined for a time skipped by a
 * spring-forward change; the first instant for a time repeated by a fall-back change (luxon picks the later one).
 */
function resolveLocal(zone: string, day: DateTime, hour: number, minute: number): number | undefined {
  const at = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone });
  if (at.hour !== hour || at.minute !== minute || at.day !== day.day) return undefined;
  const ms = at.toMillis();
  const offsetBefore = DateTime.fromMillis(ms - 3 * 3_600_000, { zone }).offset;
  if (offsetBefore > at.offset) {
    const earlier = ms - (offsetBefore - at.offset) * 60_000;
    const wall = DateTime.fromMillis(earlier, { zone });
    if (wall.hour === hour && wall.minute === minute && wall.day === day.day) return earlier;
  }
  return ms;
}

/**
 * Every fire time of `cron` in `zone` within (fromMs, toMs], ascending, as UTC epoch ms. Local times are resolved
 * once per matching hour (minutes within a regular hour are linear), so stepping a replay minute by minute is cheap.
 */
export function cronOccurrencesBetween(cron: CronExpression, zone: string, fromMs: number, toMs: number): number[] {
  if (!(toMs > fromMs)) return [];
  const result: number[] = [];
  for (let day = localDayContaining(zone, fromMs); ; day = localDayContaining(zone, day.endMs)) {
    for (const ms of firesOnDay(cron, zone, day.date)) if (ms > fromMs && ms <= toMs) result.push(ms);
    if (toMs < day.endMs) break;
  }
  return result;
}

interface LocalDay {
  readonly date: DateTime;
  readonly startMs: number;
  readonly endMs: number;
}

/** The last local day resolved per zone: consecutive minute steps almost always fall in it. */
const lastDay = new Map<string, LocalDay>();

function localDayContaining(zone: string, ms: number): LocalDay {
  const hit = lastDay.get(zone);
  if (hit && ms >= hit.startMs && ms < hit.endMs) return hit;
  const date = DateTime.fromMillis(ms, { zone }).startOf('day');
  if (!date.isValid) throw new InvalidCronExpressionError(`unknown time zone ${zone}`);
  const day = { date, startMs: date.toMillis(), endMs: date.plus({ days: 1 }).startOf('day').toMillis() };
  lastDay.set(zone, day);
  return day;
}

/** A replay steps minute by minute, so each (expression, zone, day) is resolved once and remembered. */
const dayCache = new Map<string, readonly number[]>();
const DAY_CACHE_LIMIT = 4096;

/** All fire times of `cron` on one local day, ascending. */
function firesOnDay(cron: CronExpression, zone: string, day: DateTime): readonly number[] {
  if (!dayMatches(cron, day)) return [];
  const key = `${cron.source}|${zone}|${day.year}-${day.month}-${day.day}`;
  const cached = dayCache.get(key);
  if (cached) return cached;
  const fires: number[] = [];
  const hours = [...cron.hours].sort((a, b) => a - b);
  const minutes = [...cron.minutes].sort((a, b) => a - b);
  for (const hour of hours) {
    const hourStart = resolveLocal(zone, day, hour, 0);
    const endOfHour = hourStart === undefined ? undefined : DateTime.fromMillis(hourStart + 59 * 60_000, { zone });
    if (hourStart !== undefined && endOfHour?.hour === hour && endOfHour.minute === 59) {
      // A regular hour (no offset change inside it): minutes are linear from its start.
      for (const minute of minutes) fires.push(hourStart + minute * 60_000);
    } else {
      // An hour the clocks change in (or that does not exist): resolve each minute on its own.
      for (const minute of minutes) {
        const ms = resolveLocal(zone, day, hour, minute);
        if (ms !== undefined) fires.push(ms);
      }
    }
  }
  fires.sort((a, b) => a - b);
  if (dayCache.size >= DAY_CACHE_LIMIT) dayCache.clear();
  dayCache.set(key, fires);
  return fires;
}
