import { DateTime } from 'luxon';
import { InvalidCronExpressionError, cronOccurrencesBetween, parseCron } from '../../../local/scheduler/cron';
import { occurrencesBetween } from '../../../local/scheduler/local-scheduler';

const NY = 'America/New_York';
const ny = (iso: string): number => DateTime.fromISO(iso, { zone: NY }).toMillis();
const utc = (ms: number): string => new Date(ms).toISOString();
const every = { cron: 'cron(* 9-16 ? * MON-FRI *)', timezone: NY } as const;

describe('parseCron', () => {
  it('parses ranges, lists, steps and names', () => {
    const cron = parseCron('cron(0/15 9-16 ? JAN,MAR-APR MON-FRI 2024-2025)');
    expect([...cron.minutes]).toEqual([0, 15, 30, 45]);
    expect([...cron.hours]).toEqual([9, 10, 11, 12, 13, 14, 15, 16]);
    expect(cron.daysOfMonth).toBeUndefined();
    expect([...cron.months]).toEqual([1, 3, 4]);
    expect([...(cron.daysOfWeek ?? [])]).toEqual([2, 3, 4, 5, 6]);
    expect([...cron.years]).toEqual([2024, 2025]);
    expect([...parseCron('cron(*/20 10-20/5 1,15 * ? *)').hours]).toEqual([10, 15, 20]);
    expect([...(parseCron('cron(0 0 1,15 * ? *)').daysOfMonth ?? [])]).toEqual([1, 15]);
  });

  it.each([
    ['cron(0 9 * * MON-FRI *)', /exactly one/],
    ['cron(0 9 ? * ? *)', /exactly one/],
    ['cron(0 9 L * ? *)', /not supported/],
    ['cron(0 9 15W * ? *)', /not supported/],
    ['cron(0 9 ? * 6#3 *)', /not supported/],
    ['cron(0 9 ? * 6L *)', /not supported/],
    ['cron(0 9 ? * MON-FRI)', /6 fields/],
    ['cron(60 9 ? * MON-FRI *)', /not in 0-59/],
    ['cron(0 9 ? FOO MON *)', /not in 1-12/],
    ['cron(0 17-9 ? * MON *)', /upwards/],
    ['cron(0/0 9 ? * MON *)', /bad step/],
    ['cron(? 9 ? * MON *)', /only allowed/],
  ])('rejects %s', (expression, why) => {
    expect(() => parseCron(expression)).toThrow(InvalidCronExpressionError);
    expect(() => parseCron(expression)).toThrow(why);
  });
});

describe('occurrencesBetween (America/New_York)', () => {
  it('gives 480 session-hour minutes on a weekday, from 09:00 to 16:59 New York time', () => {
    const fires = occurrencesBetween(every, ny('2024-03-15T00:00'), ny('2024-03-16T00:00'));
    expect(fires).toHaveLength(480);
    expect(utc(fires[0] ?? 0)).toBe('2024-03-15T13:00:00.000Z'); // EDT, UTC-4
    expect(utc(fires[479] ?? 0)).toBe('2024-03-15T20:59:00.000Z');
    expect(fires).toEqual([...fires].sort((a, b) => a - b));
  });

  it('fires on weekdays only: 2400 in a week, none on the weekend', () => {
    expect(occurrencesBetween(every, ny('2024-03-11T00:00'), ny('2024-03-18T00:00'))).toHaveLength(2400);
    expect(occurrencesBetween(every, ny('2024-03-16T00:00'), ny('2024-03-18T00:00'))).toHaveLength(0);
  });

  it('follows New York time across the 2013 fall-back (09:30 is 13:30Z on Friday, 14:30Z on Monday 2013-11-04)', () => {
    const fires = occurrencesBetween({ cron: 'cron(30 9 ? * MON-FRI *)', timezone: NY }, Date.UTC(2013, 10, 1), Date.UTC(2013, 10, 5));
    expect(fires.map(utc)).toEqual(['2013-11-01T13:30:00.000Z', '2013-11-04T14:30:00.000Z']);
    // The every-minute schedule still fires 480 times on the Monday after the change.
    expect(occurrencesBetween(every, ny('2013-11-04T00:00'), ny('2013-11-05T00:00'))).toHaveLength(480);
  });

  it('skips a local time that does not exist (spring forward) and fires a repeated one once (fall back)', () => {
    const spring = cronOccurrencesBetween(parseCron('cron(30 2 * * ? *)'), NY, Date.UTC(2024, 2, 9), Date.UTC(2024, 2, 12));
    expect(spring.map(utc)).toEqual(['2024-03-09T07:30:00.000Z', '2024-03-11T06:30:00.000Z']);
    const fall = cronOccurrencesBetween(parseCron('cron(30 1 * * ? *)'), NY, Date.UTC(2024, 10, 2), Date.UTC(2024, 10, 4));
    expect(fall.map(utc)).toEqual(['2024-11-02T05:30:00.000Z', '2024-11-03T05:30:00.000Z']);
  });

  it('is half-open: (from, to]', () => {
    const nine = ny('2024-03-15T09:00');
    expect(occurrencesBetween(every, nine, nine + 60_000)).toEqual([nine + 60_000]);
    expect(occurrencesBetween(every, nine - 60_000, nine)).toEqual([nine]);
    expect(occurrencesBetween(every, nine, nine)).toEqual([]);
  });

  it('evaluates in UTC when asked (schedule time zones are honoured, not assumed)', () => {
    const fires = cronOccurrencesBetween(parseCron('cron(0 9 ? * MON-FRI *)'), 'UTC', Date.UTC(2024, 2, 15), Date.UTC(2024, 2, 16));
    expect(fires.map(utc)).toEqual(['2024-03-15T09:00:00.000Z']);
  });

  it('steps a trading day minute by minute quickly', () => {
    const start = ny('2024-03-15T04:00');
    const began = performance.now();
    let count = 0;
    for (let t = start; t < start + 16 * 3_600_000; t += 60_000) count += occurrencesBetween(every, t, t + 60_000).length;
    expect(count).toBe(480);
    expect(performance.now() - began).toBeLessThan(1000);
  });
});
