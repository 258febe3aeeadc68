import { startPaperBroker, type PaperBroker } from '../../../local/paper-broker';
import { raw } from './support';

/**
 * The broker's /v2/calendar and /v2/clock come from the core NYSE calendar (checked day by day against Lean's
 * market-hours database in test/layers/core/market/calendar); these tests pin that the broker uses it: rule
 * holidays, special closures, early closes, DST, and the clock across nights, weekends and holidays.
 */
interface CalendarDay {
  readonly date: string;
  readonly open: string;
  readonly close: string;
  readonly session_open: string;
  readonly session_close: string;
  readonly settlement_date: string;
}
interface ClockJson {
  readonly timestamp: string;
  readonly is_open: boolean;
  readonly next_open: string;
  readonly next_close: string;
}

/** One SPY bar at `start` (UTC ms): the broker only needs data to exist. */
const bar = (start: number) => ({ symbol: 'SPY', start, open: 100, high: 100, low: 100, close: 100, volume: 1000 });
/** New York wall time in winter (EST, UTC−5) and summer (EDT, UTC−4) as UTC ms. */
const est = (y: number, m: number, d: number, h: number, min = 0): number => Date.UTC(y, m - 1, d, h + 5, min);
const edt = (y: number, m: number, d: number, h: number, min = 0): number => Date.UTC(y, m - 1, d, h + 4, min);
const ms = (iso: string): number => new Date(iso).getTime();

describe('paper broker: clock and calendar from the core NYSE calendar', () => {
  let broker: PaperBroker;

  beforeAll(async () => {
    broker = await startPaperBroker({ data: { trades: new Map([['SPY', [bar(edt(2012, 10, 26, 9, 30))]]]) } });
  });
  afterAll(() => broker.stop());

  const calendar = async (start: string, end: string): Promise<readonly CalendarDay[]> => {
    const answer = await raw(broker, 'GET', `/v2/calendar?start=${start}&end=${end}`);
    expect(answer.status).toBe(200);
    return answer.body as CalendarDay[];
  };
  const clock = async (): Promise<ClockJson> => (await raw(broker, 'GET', '/v2/clock')).body as ClockJson;

  it('skips the published NYSE holidays of 2013 and 2024 (and only those weekdays)', async () => {
    const closedWeekdays = async (year: number): Promise<string[]> => {
      const open = new Set((await calendar(`${year}-01-01`, `${year}-12-31`)).map((d) => d.date));
      const closed: string[] = [];
      for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
        const day = new Date(t);
        const iso = day.toISOString().slice(0, 10);
        if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6 && !open.has(iso)) closed.push(iso);
      }
      return closed;
    };
    expect(await closedWeekdays(2013)).toEqual(['2013-01-01', '2013-01-21', '2013-02-18', '2013-03-29', '2013-05-27', '2013-07-04', '2013-09-02', '2013-11-28', '2013-12-25']);
    expect(await closedWeekdays(2024)).toEqual(['2024-01-01', '2024-01-15', '2024-02-19', '2024-03-29', '2024-05-27', '2024-06-19', '2024-07-04', '2024-09-02', '2024-11-28', '2024-12-25']);
  });

  it('applies special closures the holiday rules do not produce (Hurricane Sandy, national mourning)', async () => {
    expect((await calendar('2012-10-26', '2012-11-01')).map((d) => d.date)).toEqual(['2012-10-26', '2012-10-31', '2012-11-01']);
    expect((await calendar('2025-01-08', '2025-01-10')).map((d) => d.date)).toEqual(['2025-01-08', '2025-01-10']);
  });

  it('gives 09:30–16:00 sessions, 13:00 early closes, 04:00–20:00 extended hours and T+1 settlement', async () => {
    const days = await calendar('2013-11-27', '2013-12-02');
    expect(days).toEqual([
      { date: '2013-11-27', open: '09:30', close: '16:00', session_open: '0400', session_close: '2000', settlement_date: '2013-11-29' },
      { date: '2013-11-29', open: '09:30', close: '13:00', session_open: '0400', session_close: '2000', settlement_date: '2013-12-02' },
      { date: '2013-12-02', open: '09:30', close: '16:00', session_open: '0400', session_close: '2000', settlement_date: '2013-12-03' },
    ]);
    expect((await calendar('2013-12-24', '2013-12-24'))[0]?.close).toBe('13:00');
    expect((await calendar('2024-07-03', '2024-07-03'))[0]?.close).toBe('13:00');
  });

  it('rejects calendar ranges that are not dates', async () => {
    expect((await raw(broker, 'GET', '/v2/calendar?start=2013-13-45&end=2013-12-31')).status).toBe(400);
    expect((await raw(broker, 'GET', '/v2/calendar?start=yesterday')).status).toBe(400);
  });

  it('reports the clock in New York time across a session, a weekend and the Sandy closure', async () => {
    // Starts at the open of the first day with data: Friday 2012-10-26 09:30 EDT.
    expect(await clock()).toMatchObject({ is_open: true });
    expect(ms((await clock()).timestamp)).toBe(edt(2012, 10, 26, 9, 30));
    expect((await clock()).timestamp).toMatch(/-04:00$/);
    expect(ms((await clock()).next_close)).toBe(edt(2012, 10, 26, 16));
    // Friday after the close: the next session is Wednesday 31 October (29 and 30 closed for Hurricane Sandy).
    broker.advanceTo(edt(2012, 10, 26, 16));
    const friday = await clock();
    expect(friday.is_open).toBe(false);
    expect(ms(friday.next_open)).toBe(edt(2012, 10, 31, 9, 30));
    expect(ms(friday.next_close)).toBe(edt(2012, 10, 31, 16));
    // Before the open on a trading day: today's session is next.
    broker.advanceTo(edt(2012, 10, 31, 8));
    expect(ms((await clock()).next_open)).toBe(edt(2012, 10, 31, 9, 30));
    // During a winter session (after the DST change) the next open is the following trading day's.
    broker.advanceTo(est(2012, 11, 21, 10));
    const wednesday = await clock();
    expect(wednesday.is_open).toBe(true);
    expect(wednesday.timestamp).toMatch(/-05:00$/);
    expect(ms(wednesday.next_open)).toBe(est(2012, 11, 23, 9, 30)); // Thanksgiving closed
    expect(ms(wednesday.next_close)).toBe(est(2012, 11, 21, 16));
  });
});
