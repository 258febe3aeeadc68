import { DashboardRecord, RingBuffer } from '../../../local/dashboard';
import { FakeSource, MINUTE, OPEN } from './fake-source';

describe('RingBuffer', () => {
  it('keeps the newest items up to its capacity and counts every push', () => {
    const ring = new RingBuffer<number>(3);
    expect(ring.toArray()).toEqual([]);
    expect(ring.last()).toBeUndefined();
    for (let i = 1; i <= 5; i += 1) ring.push(i);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(ring.newest(2)).toEqual([5, 4]);
    expect(ring.newest(10)).toEqual([5, 4, 3]);
    expect(ring.size).toBe(3);
    expect(ring.total).toBe(5);
    ring.replaceLast(50);
    expect(ring.toArray()).toEqual([3, 4, 50]);
    expect(ring.total).toBe(5);
  });

  it('refuses a capacity below 1', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});

describe('DashboardRecord', () => {
  it('samples equity once per market minute as the clock moves, in time order', () => {
    const source = new FakeSource();
    const record = new DashboardRecord({ broker: source.broker, bus: source.bus });
    expect(record.equity.toArray()).toEqual([{ t: OPEN, equity: 100000 }]);
    source.equity = '100010';
    source.routine(OPEN + 30_000); // same minute as the first sample: replaces it
    source.equity = '100020';
    source.routine(OPEN + MINUTE);
    source.equity = '100030';
    source.routine(OPEN + 2 * MINUTE);
    expect(record.equity.toArray()).toEqual([
      { t: OPEN + 30_000, equity: 100010 },
      { t: OPEN + MINUTE, equity: 100020 },
      { t: OPEN + 2 * MINUTE, equity: 100030 },
    ]);
    expect(record.lastRoutine).toEqual({ routine: 'intraday', sessionDate: '2013-10-07', at: OPEN + 2 * MINUTE });
    record.close();
  });

  it('bounds the equity series and every list', () => {
    const source = new FakeSource();
    const record = new DashboardRecord({ broker: source.broker, bus: source.bus, listCapacity: 4, equityCapacity: 10 });
    for (let i = 1; i <= 30; i += 1) {
      source.routine(OPEN + i * MINUTE);
      source.signal(i);
      source.rejection(i, [{ checkId: 'maxPosition', reason: 'too big' }]);
    }
    expect(record.equity.size).toBe(10);
    expect(record.signals.size).toBe(4);
    expect(record.signals.total).toBe(30);
    expect(record.signals.newest(1)[0]?.signalId).toBe('sig-30');
    expect(record.rejections.size).toBe(4);
    expect(record.counts).toMatchObject({ signals: 30, rejections: 30, routines: 30 });
    const times = record.equity.toArray().map((p) => p.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    record.close();
  });

  it('tallies rejections by failed check with their reasons, capping the distinct reasons kept', () => {
    const source = new FakeSource();
    const record = new DashboardRecord({ broker: source.broker, bus: source.bus, reasonsPerCheck: 2 });
    source.rejection(1, [{ checkId: 'killSwitch', reason: 'engaged: drill' }, { checkId: 'staleData', reason: 'bar 5 min old' }]);
    source.rejection(2, [{ checkId: 'killSwitch', reason: 'engaged: drill' }]);
    source.rejection(3, [{ checkId: 'staleData', reason: 'bar 6 min old' }]);
    source.rejection(4, [{ checkId: 'staleData', reason: 'bar 7 min old' }]);
    const tallies = record.checkTallies();
    expect(tallies.map((t) => [t.checkId, t.count])).toEqual([
      ['staleData', 3],
      ['killSwitch', 2],
    ]);
    expect(tallies[0]).toMatchObject({ otherReasons: 1, lastReason: 'bar 7 min old', lastAt: OPEN + 4 * MINUTE });
    expect(tallies[0]?.reasons).toEqual([
      { reason: 'bar 5 min old', count: 1 },
      { reason: 'bar 6 min old', count: 1 },
    ]);
    expect(tallies[1]?.reasons).toEqual([{ reason: 'engaged: drill', count: 2 }]);
    expect(record.rejections.newest(1)[0]?.failedChecks).toEqual([{ checkId: 'staleData', reason: 'bar 7 min old', passed: false, measured: '12', limit: '10' }]);
    record.close();
  });

  it('records kill-switch changes and stops listening when closed', () => {
    const source = new FakeSource();
    const record = new DashboardRecord({ broker: source.broker, bus: source.bus });
    source.changeKillSwitch(true, 'operator drill');
    expect(record.lastKillSwitch()).toEqual({ engaged: true, reason: 'operator drill', actor: 'operator', changedAt: OPEN });
    record.close();
    source.changeKillSwitch(false, 'drill over');
    expect(record.lastKillSwitch()?.engaged).toBe(true);
    expect(record.counts.killSwitchChanges).toBe(1);
  });
});
