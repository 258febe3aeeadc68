import type { FunctionName } from '../../../layers/contracts/wiring';
import { EVENT_BUS_NAME } from '../../../layers/contracts/wiring';
import { RULES_WITH_BAR_OBSERVER as RULES } from '../../support/rules-with-bar-observer';
import type { BusEvent, TargetInvoker } from '../../../local/bus/event-bus';
import { LocalEventBus, PutEventsValidationError } from '../../../local/bus/event-bus';

const MARKET_TIME = Date.UTC(2024, 2, 15, 14, 31, 0);

function routine(routineName: string, extra: Record<string, unknown> = {}) {
  return {
    Source: 'tradeloop.calendar',
    DetailType: 'routine.started',
    Detail: JSON.stringify({ schema: 'RoutineStartedV1', routine: routineName, sessionDate: '2024-03-15', at: MARKET_TIME, ...extra }),
    EventBusName: EVENT_BUS_NAME,
  };
}

const bar = {
  Source: 'tradeloop.market',
  DetailType: 'bar.closed',
  Detail: JSON.stringify({ schema: 'BarClosedV1', symbol: 'SPY', timeframe: '1Min', start: MARKET_TIME, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10, feed: 'iex' }),
  EventBusName: EVENT_BUS_NAME,
};

/** Records every delivery per target; `gate` lets a test hold invocations open. */
function recordingTargets(gate?: Promise<void>) {
  const received: Partial<Record<FunctionName, BusEvent[]>> = {};
  const targets: Partial<Record<FunctionName, TargetInvoker>> = {};
  for (const rule of RULES) {
    targets[rule.target] = async (event) => {
      (received[rule.target] ??= []).push(event);
      await gate;
    };
  }
  return { received, targets };
}

describe('LocalEventBus', () => {
  it('wraps an accepted entry in the EventBridge envelope, timed by the injected clock, and routes it by the wiring', async () => {
    const { received, targets } = recordingTargets();
    const bus = new LocalEventBus({ rules: RULES, targets, now: () => MARKET_TIME + 59_999 });
    const result = bus.putEvents([bar]);
    expect(result.FailedEntryCount).toBe(0);
    const [entry] = result.Entries;
    expect(entry && 'EventId' in entry ? entry.EventId : '').toMatch(/^[0-9a-f-]{36}$/);
    await bus.idle();
    const delivered = received['signal-engine'] ?? [];
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toEqual({
      version: '0',
      id: entry && 'EventId' in entry ? entry.EventId : '',
      'detail-type': 'bar.closed',
      source: 'tradeloop.market',
      account: '000000000000',
      time: '2024-03-15T14:31:59Z',
      region: 'us-east-1',
      resources: [],
      detail: JSON.parse(bar.Detail),
    });
    expect(received['reconcile']).toBeUndefined();
    expect(bus.stats).toEqual({ published: 1, matched: 1, failed: 0, deliveryErrors: 0 });
  });

  it('uses the entry Time when given and matches on detail fields', async () => {
    const { received, targets } = recordingTargets();
    const bus = new LocalEventBus({ rules: RULES, targets, now: () => 0 });
    bus.putEvents([{ ...routine('intraday'), Time: new Date(MARKET_TIME) }, routine('nightly')]);
    await bus.idle();
    expect(received['market-events']?.map((e) => e.time)).toEqual(['2024-03-15T14:31:00Z']);
    // `nightly` matches only the regime detector's and the risk report's rules (on detail.routine)
    expect(bus.stats.published).toBe(2);
    const nightlyTargets = Object.entries(received).flatMap(([name, events]) => events.filter((e) => (e.detail as { routine: string }).routine === 'nightly').map(() => name));
    expect(nightlyTargets.sort()).toEqual(['regime-detector', 'risk-report']);
  });

  it('reports invalid entries as failed entries, in order, and still delivers the valid ones', async () => {
    const { received, targets } = recordingTargets();
    const bus = new LocalEventBus({ rules: RULES, targets });
    const result = bus.putEvents([
      { ...bar, Detail: '{not json' },
      { ...bar, Source: 'tradeloop.signals' },
      { ...bar, Detail: JSON.stringify({ schema: 'BarClosedV1', symbol: 'spy' }) },
      { ...bar, DetailType: 'bar.opened' },
      { ...bar, EventBusName: 'default' },
      { ...bar, EventBusName: bus.arn },
      { Source: 'tradeloop.market', Detail: '{}', EventBusName: EVENT_BUS_NAME },
    ]);
    expect(result.FailedEntryCount).toBe(6);
    expect(result.Entries.map((e) => ('ErrorCode' in e ? e.ErrorCode : 'ok'))).toEqual([
      'MalformedDetail',
      'InvalidArgument',
      'InvalidArgument',
      'InvalidArgument',
      'ResourceNotFoundException',
      'ok',
      'InvalidArgument',
    ]);
    const schemaError = result.Entries[2];
    expect(schemaError && 'ErrorMessage' in schemaError ? schemaError.ErrorMessage : '').toMatch(/symbol/);
    await bus.idle();
    expect(received['signal-engine']).toHaveLength(1);
    expect(bus.stats).toMatchObject({ published: 1, failed: 6 });
  });

  it('rejects a request of more than 10 entries as a whole', () => {
    const bus = new LocalEventBus({ rules: [], targets: {} });
    expect(() => bus.putEvents(Array.from({ length: 11 }, () => bar))).toThrow(PutEventsValidationError);
    expect(() => bus.putEvents([])).toThrow(PutEventsValidationError);
  });

  it('idle() waits for invocations in flight, including those started by events published meanwhile', async () => {
    const order: string[] = [];
    let releaseFirst: () => void = () => undefined;
    const bus: LocalEventBus = new LocalEventBus({
      rules: RULES.filter((r) => r.target === 'market-events' || r.target === 'signal-engine'),
      targets: {
        'market-events': async () => {
          await new Promise<void>((resolve) => { releaseFirst = resolve; });
          bus.putEvents([bar]); // a handler publishing while it runs
          order.push('market-events');
        },
        'signal-engine': async () => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          order.push('signal-engine');
        },
      },
    });
    bus.putEvents([routine('intraday')]);
    let settled = false;
    const idle = bus.idle().then(() => { settled = true; });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    expect(await bus.isIdle()).toBe(false);
    releaseFirst();
    await idle;
    expect(order).toEqual(['market-events', 'signal-engine']);
    expect(await bus.isIdle()).toBe(true);
    expect(bus.activityCount).toBe(4);
  });

  it('counts a target that rejects instead of losing it silently', async () => {
    const bus = new LocalEventBus({ rules: RULES.filter((r) => r.target === 'signal-engine'), targets: { 'signal-engine': async () => { throw new Error('x'); } } });
    bus.putEvents([bar]);
    await bus.idle();
    expect(bus.stats.deliveryErrors).toBe(1);
  });

  it('gives each target its own copy and tells listeners which rules matched', async () => {
    const { targets } = recordingTargets();
    const mutated: BusEvent[] = [];
    targets['reconcile'] = async (event) => {
      (event.detail as { routine: string }).routine = 'mutated';
      mutated.push(event);
    };
    const seen: string[][] = [];
    const bus = new LocalEventBus({ rules: RULES, targets });
    const unsubscribe = bus.onEvent((_event, rules) => seen.push([...rules]));
    bus.putEvents([routine('open')]);
    await bus.idle();
    unsubscribe();
    bus.putEvents([routine('open')]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain('routines-reconcile');
    expect(mutated).toHaveLength(1);
  });

  it('refuses to start with a rule whose target has no invoker', () => {
    expect(() => new LocalEventBus({ rules: RULES, targets: {} })).toThrow(/no invoker/);
  });
});
