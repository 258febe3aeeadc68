import { DateTime } from 'luxon';
import { ScheduledRoutineV1 } from '../../../layers/contracts/events';
import type { ScheduleSpec } from '../../../layers/contracts/wiring';
import { SCHEDULES } from '../../../layers/contracts/wiring';
import { LocalScheduler } from '../../../local/scheduler/local-scheduler';

const ny = (iso: string): number => DateTime.fromISO(iso, { zone: 'America/New_York' }).toMillis();

describe('LocalScheduler', () => {
  it('fires every schedule of a trading day in time order, awaiting each, with ScheduledRoutineV1 as the event', async () => {
    const calls: { routine: string; at: number }[] = [];
    let running = 0;
    let peak = 0;
    const scheduler = new LocalScheduler({
      schedules: SCHEDULES,
      invoke: async (input, schedule, at) => {
        running += 1;
        peak = Math.max(peak, running);
        const parsed = ScheduledRoutineV1.parse(input);
        expect(parsed.routine).toBe(schedule.routine);
        calls.push({ routine: parsed.routine, at });
        await Promise.resolve();
        running -= 1;
      },
    });
    // Step the replay's clock minute by minute through Friday 2024-03-15, as the replay does.
    for (let t = ny('2024-03-15T00:00'); t < ny('2024-03-16T00:00'); t += 60_000) await scheduler.advance(t, t + 60_000);
    expect(peak).toBe(1);
    const counts = calls.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c.routine]: (acc[c.routine] ?? 0) + 1 }), {});
    expect(counts).toEqual({ 'pre-market': 1, open: 1, intraday: 480, close: 1, nightly: 1 });
    expect(calls.map((c) => c.at)).toEqual([...calls.map((c) => c.at)].sort((a, b) => a - b));
    // Same instant: declaration order (pre-market before the first intraday minute).
    expect(calls.slice(0, 2).map((c) => c.routine)).toEqual(['pre-market', 'intraday']);
    expect(scheduler.fireCount).toBe(484);
  });

  it('fires a whole window at once in order and nothing on a weekend', async () => {
    const fired: string[] = [];
    const schedules: ScheduleSpec[] = SCHEDULES.filter((s) => s.name !== 'intraday');
    const scheduler = new LocalScheduler({ schedules, invoke: async (_input, schedule) => { fired.push(schedule.name); } });
    await scheduler.advance(ny('2024-03-16T00:00'), ny('2024-03-18T00:00'));
    expect(fired).toEqual([]);
    const fires = await scheduler.advance(ny('2024-03-18T00:00'), ny('2024-03-19T00:00'));
    expect(fired).toEqual(['pre-market', 'open', 'close', 'nightly']);
    expect(fires.map((f) => new Date(f.at).toISOString())).toEqual([
      '2024-03-18T13:00:00.000Z',
      '2024-03-18T13:30:00.000Z',
      '2024-03-18T20:05:00.000Z',
      '2024-03-19T00:00:00.000Z',
    ]);
  });

  it('uses a custom input and rejects a bad expression at construction', async () => {
    const inputs: unknown[] = [];
    const only = SCHEDULES.filter((s) => s.name === 'open');
    const scheduler = new LocalScheduler({ schedules: only, inputFor: (s) => ({ custom: s.name }), invoke: async (input) => { inputs.push(input); } });
    await scheduler.advance(ny('2024-03-15T09:29'), ny('2024-03-15T09:30'));
    expect(inputs).toEqual([{ custom: 'open' }]);
    const bad = { ...only[0], cron: 'cron(0 9 L * ? *)' } as ScheduleSpec;
    expect(() => new LocalScheduler({ schedules: [bad], invoke: async () => undefined })).toThrow(/not supported/);
  });
});
