import type { Context, EventBridgeEvent } from 'aws-lambda';
import { DateTime } from 'luxon';
import { InMemoryCurrentRegimeStore, InMemoryStrategyRegistry, InMemoryStrategyStateStore } from '../../../layers/adapters/memory';
import { applyTransition, registerCandidate, type RegistryEntry } from '../../../layers/core/registry';
import { loadActiveSet, recordSignalOutcomes, type SignalOutcome } from '../../../layers/core/trading';

/**
 * The strategy-selector handler itself (middy, Powertools, the bus-event parse, the composition) with the
 * container's stores and the DynamoDB registry swapped for in-memory ones. The wiring through the bus and
 * DynamoDB runs in test/e2e/strategy-selection.
 */
const newYork = (local: string): number => DateTime.fromISO(local, { zone: 'America/New_York' }).toMillis();
const mockState = {
  registry: new InMemoryStrategyRegistry(),
  regimes: new InMemoryCurrentRegimeStore(),
  strategyState: new InMemoryStrategyStateStore(),
  tables: [] as string[],
};

jest.mock('../../../layers/adapters/aws/dynamo', () => ({
  DynamoStrategyRegistry: class {
    constructor(table: string) {
      mockState.tables.push(table);
      return mockState.registry;
    }
  },
}));
jest.mock('../../../layers/adapters/runtime/container', () => ({
  container: () => ({
    config: { TRADELOOP_WATCHLIST: ['SPY'], TRADELOOP_TABLE_PREFIX: 'test-' },
    aws: { stores: { currentRegime: mockState.regimes, strategyState: mockState.strategyState } },
  }),
}));

// Imported after the mocks (jest hoists jest.mock above the imports).
import { handler } from '../../../functions/strategy-selector/handler';

const context = { functionName: 'strategy-selector', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
const routineEvent = (at: number, sessionDate: string, source = 'tradeloop.calendar'): EventBridgeEvent<string, unknown> =>
  ({
    version: '0',
    id: `evt-${at}`,
    'detail-type': 'routine.started',
    source,
    account: '000000000000',
    time: new Date(at).toISOString(),
    region: 'us-east-1',
    resources: [],
    detail: { schema: 'RoutineStartedV1', routine: 'pre-market', sessionDate, at },
  }) as EventBridgeEvent<string, unknown>;

function liveEntry(strategyId: string, at: number): RegistryEntry {
  let entry = registerCandidate({ strategyId, family: 'ema-crossover', params: { fast: 5, slow: 20 }, symbols: ['SPY'], source: 'test' }, at);
  for (const step of [
    { to: 'paper' as const, evidence: { kind: 'out-of-sample-gates' as const, source: 'wf', metrics: { sample: 'out-of-sample' as const, deflatedSharpe: 0.97, pbo: 0.1, sharpe: 1.1, maxDrawdown: 0.12, profitFactor: 1.5, winRate: 0.45, directionalAccuracy: 0.55 } } },
    { to: 'live' as const, evidence: { kind: 'approval' as const, principal: 'ops', reason: 'ok' } },
  ]) {
    const outcome = applyTransition(entry, step, at);
    if (outcome.kind !== 'applied') throw new Error(outcome.reason);
    entry = outcome.entry;
  }
  return entry;
}

describe('strategy-selector handler', () => {
  it('skips with an empty registry, then stores the set and demotes a live strategy whose hit rate collapsed', async () => {
    const at = newYork('2024-01-02T09:00');
    expect(await handler(routineEvent(at, '2024-01-02'), context)).toMatchObject({ kind: 'skipped' });
    expect(await loadActiveSet(mockState.strategyState)).toBeUndefined();

    await mockState.registry.create(liveEntry('ema-SPY', at - 86_400_000));
    await mockState.registry.create(liveEntry('ema-SPY-bad', at - 86_400_000));
    const misses: SignalOutcome[] = Array.from({ length: 40 }, (_, i) => ({
      signalId: `ema-SPY-bad:SPY:${i}`, strategyId: 'ema-SPY-bad', symbol: 'SPY', direction: 'long', barStart: i, scoredBarStart: i + 1, referencePrice: '1', scoredPrice: i < 8 ? '2' : '0.5', hit: i < 8,
    }));
    await recordSignalOutcomes(mockState.strategyState, misses);
    const result = await handler(routineEvent(at, '2024-01-02'), context);
    expect(mockState.tables).toEqual(['test-strategies']);
    expect(result).toMatchObject({ kind: 'selected', version: 1, set: { sessionDate: '2024-01-02', selectedAt: at, strategies: [{ strategyId: 'ema-SPY', symbols: ['SPY'] }] } });
    expect((await mockState.registry.get('ema-SPY-bad'))?.state).toBe('paper');
  });

  it('refuses an event from the wrong source (terminal: parked after the retries)', async () => {
    await expect(handler(routineEvent(0, '2024-01-02', 'tradeloop.signals'), context)).rejects.toThrow(/must come from tradeloop.calendar/);
  });
});
