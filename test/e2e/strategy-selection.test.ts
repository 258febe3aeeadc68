import { physicalName } from '../../layers/contracts';
import { DynamoStrategyRegistry } from '../../layers/adapters/aws/dynamo';
import { container } from '../../layers/adapters/runtime/container';
import { applyTransition, registerCandidate, type RegistryEntry, type StrategyState, type TransitionEvidence } from '../../layers/core/registry';
import { liveHitSeries, loadActiveSet } from '../../layers/core/trading';
import type { LocalTradeloop } from '../../local/runtime/local-tradeloop';
import { runReplay } from '../../local/runtime/replay';
import type { ReplaySummary } from '../../local/runtime/replay';
import { newYork, startOnTestStandins } from './support';

const REGISTERED = 'registry-sma-3-8-SPY';

/** A live registry entry moved there through the real state machine. */
function liveEntry(at: number): RegistryEntry {
  let entry = registerCandidate({ strategyId: REGISTERED, family: 'sma-crossover', params: { fast: 3, slow: 8 }, symbols: ['SPY'], source: 'e2e' }, at);
  const steps: [StrategyState, TransitionEvidence][] = [
    ['paper', { kind: 'out-of-sample-gates', source: 'e2e', metrics: { sample: 'out-of-sample', deflatedSharpe: 0.97, pbo: 0.1, sharpe: 1.1, maxDrawdown: 0.12, profitFactor: 1.5, winRate: 0.45, directionalAccuracy: 0.55 } }],
    ['live', { kind: 'approval', principal: 'e2e-operator', reason: 'e2e' }],
  ];
  for (const [to, evidence] of steps) {
    const outcome = applyTransition(entry, { to, evidence }, at);
    if (outcome.kind !== 'applied') throw new Error(outcome.reason);
    entry = outcome.entry;
  }
  return entry;
}

/**
 * The adaptive selector on the embedded default: a live strategy in the registry (dynalite), the pre-market
 * routine of 2013-10-08 reaches the strategy-selector through the wiring's rule and stores the active set, and
 * the signal engine then runs the registry's strategy on SPY instead of the default SMA(5/20), scoring its
 * calls into the live outcome ledger. The empty-registry case (default binding) is the trade-loop e2e test.
 */
describe('adaptive strategy selection, end to end on the embedded default', () => {
  let tradeloop: LocalTradeloop;
  let summary: ReplaySummary;

  beforeAll(async () => {
    // The paper broker's clock starts at the first session's open, so that session has no pre-market routine:
    // the replay starts on the second day.
    tradeloop = await startOnTestStandins({ symbols: ['SPY'], fromDate: '2013-10-07', toDate: '2013-10-08' });
    const registry = new DynamoStrategyRegistry(physicalName.table(container().config.TRADELOOP_TABLE_PREFIX, 'strategies'));
    expect(await registry.create(liveEntry(newYork('2013-10-04T20:00')))).toBe('created');
    summary = await runReplay(tradeloop, { from: '2013-10-08', to: '2013-10-08', symbols: ['SPY'], endAt: newYork('2013-10-08T10:30') }, { kind: 'max' });
  }, 120_000);

  afterAll(async () => {
    await tradeloop.stop();
  });

  it('selects the registry strategy before the open and the engine runs it instead of the default', async () => {
    expect(summary.failedInvocations).toBe(0);
    expect(summary.deadLetters).toBe(0);
    expect(tradeloop.invocations['strategy-selector']).toBe(1);
    const stored = await loadActiveSet(container().aws.stores.strategyState);
    expect(stored?.set).toMatchObject({ sessionDate: '2013-10-08', strategies: [{ strategyId: REGISTERED, registryState: 'live', symbols: ['SPY'] }], demoted: [] });
    const signals = container().aws.stores.signals;
    expect((await signals.recent(REGISTERED, 100)).length).toBeGreaterThan(0);
    expect(await signals.recent('sma-crossover-5-20', 100)).toEqual([]);
  });

  it("scores the registry strategy's directional calls into its live outcome ledger", async () => {
    const longs = (await container().aws.stores.signals.recent(REGISTERED, 100)).filter((s) => s.direction === 'long');
    const series = await liveHitSeries(container().aws.stores.strategyState, REGISTERED);
    expect(series.length).toBeGreaterThan(0);
    // Calls in the last 15 minutes are not scored yet, and ties score nothing.
    expect(series.length).toBeLessThanOrEqual(longs.length);
  });
});
