import { calendarListing, formatCalendarListing } from '../../bin/cli/calendar-command';
import { nyseCalendar } from '../../layers/core/market';
import { capturedProgram } from './support';

const calendar = nyseCalendar();

describe('tradeloop calendar', () => {
  it('lists sessions in New York time with early closes, and names the weekday closures between them', () => {
    const listing = calendarListing(calendar, '2024-11-25', 10);
    expect(listing.from).toBe('2024-11-25');
    expect(listing.to).toBe('2024-12-04');
    expect(listing.sessions.map((s) => s.date)).toEqual(['2024-11-25', '2024-11-26', '2024-11-27', '2024-11-29', '2024-12-02', '2024-12-03', '2024-12-04']);
    expect(listing.sessions[3]).toEqual({ date: '2024-11-29', open: '09:30', close: '13:00', earlyClose: true });
    expect(listing.sessions[0]).toEqual({ date: '2024-11-25', open: '09:30', close: '16:00', earlyClose: false });
    expect(listing.closures).toEqual([{ date: '2024-11-28', name: 'Thanksgiving Day' }]);
  });

  it('includes special closures, and no weekend rows', () => {
    const listing = calendarListing(calendar, '2012-10-26', 5);
    expect(listing.sessions.map((s) => s.date)).toEqual(['2012-10-26']);
    expect(listing.closures).toEqual([
      { date: '2012-10-29', name: 'Hurricane Sandy' },
      { date: '2012-10-30', name: 'Hurricane Sandy' },
    ]);
  });

  it('prints one line a day for people, in date order', () => {
    expect(formatCalendarListing(calendarListing(calendar, '2024-11-27', 3)).split('\n')).toEqual([
      'NYSE sessions 2024-11-27..2024-11-29 (America/New_York time)',
      '2024-11-27  Wed  09:30-16:00',
      '2024-11-28  Thu  closed       Thanksgiving Day',
      '2024-11-29  Fri  09:30-13:00  early close',
    ]);
  });

  it('runs through the program with --json, defaulting to 14 days', async () => {
    const { program } = capturedProgram();
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      await program.parseAsync(['calendar', '--from', '2024-12-23', '--json'], { from: 'user' });
    } finally {
      spy.mockRestore();
    }
    const listing = JSON.parse(written.join('')) as ReturnType<typeof calendarListing>;
    expect(listing).toMatchObject({ zone: 'America/New_York', from: '2024-12-23', to: '2025-01-05' });
    expect(listing.closures).toEqual([
      { date: '2024-12-25', name: 'Christmas Day' },
      { date: '2025-01-01', name: "New Year's Day" },
    ]);
    expect(listing.sessions.find((s) => s.date === '2024-12-24')).toMatchObject({ close: '13:00', earlyClose: true });
  });
});
