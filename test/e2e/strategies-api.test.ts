import { physicalName, StrategiesResponseV1 } from '../../layers/contracts';
import { DynamoStrategyRegistry } from '../../layers/adapters/aws/dynamo';
import { container } from '../../layers/adapters/runtime/container';
import { applyTransition, registerCandidate, type RegistryEntry, type StrategyState, type TransitionEvidence } from '../../layers/core/registry';
import { liveHitSeries } from '../../layers/core/trading';
import type { LocalTradeloop } from '../../local/runtime/local-tradeloop';
import { runReplay } from '../../local/runtime/replay';
import { callControlApi, newYork, startOnTestStandins } from './support';

const REGISTERED = 'registry-sma-3-8-SPY';

/** A live registry entry moved there through the real state machine (as in strategy-selection.test.ts). */
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
 * GET /strategies and the dashboard panel on the embedded default, through the real control-api handler on
 * dynalite: before the pre-market selection the default binding; after it, the stored active set with the
 * registry strategy's live hit rate equal to its outcome ledger; no model in the (empty) models registry.
 */
describe('GET /strategies reports what the engine runs, end to end', () => {
  let tradeloop: LocalTradeloop;

  beforeAll(async () => {
    tradeloop = await startOnTestStandins({ symbols: ['SPY'], fromDate: '2013-10-07', toDate: '2013-10-08' });
  }, 60_000);

  afterAll(async () => {
    await tradeloop.stop();
  });

  it('the default binding before any selection, then the active set with its ledger hit rate', async () => {
    const before = await callControlApi(tradeloop, 'GET', '/strategies');
    expect(before.status).toBe(200);
    const defaults = StrategiesResponseV1.parse(before.body);
    expect(defaults).toMatchObject({ source: 'default', activeSet: null, models: [], symbolsWithoutModel: ['SPY'] });
    expect(defaults.strategies.map((s) => [s.strategyId, s.source, s.state])).toEqual([['sma-crossover-5-20', 'default', 'paper']]);

    const registry = new DynamoStrategyRegistry(physicalName.table(container().config.TRADELOOP_TABLE_PREFIX, 'strategies'));
    expect(await registry.create(liveEntry(newYork('2013-10-04T20:00')))).toBe('created');
    const summary = await runReplay(tradeloop, { from: '2013-10-08', to: '2013-10-08', symbols: ['SPY'], endAt: newYork('2013-10-08T10:30') }, { kind: 'max' });
    expect(summary.failedInvocations).toBe(0);

    const after = StrategiesResponseV1.parse((await callControlApi(tradeloop, 'GET', '/strategies')).body);
    expect(after.source).toBe('active-set');
    expect(after.activeSet?.sessionDate).toBe('2013-10-08');
    expect(after.strategies).toHaveLength(1);
    const [entry] = after.strategies;
    expect(entry).toMatchObject({ strategyId: REGISTERED, state: 'live', registryStateNow: 'live', family: 'sma-crossover', parameters: { fast: 3, slow: 8 }, symbols: ['SPY'], source: 'active-set' });
    const series = await liveHitSeries(container().aws.stores.strategyState, REGISTERED);
    expect(series.length).toBeGreaterThan(0);
    const recent = series.slice(-100);
    expect(entry?.liveHitRate).toMatchObject({ hits: recent.filter(Boolean).length, trials: recent.length });

    const panel = (await (await fetch(new URL('/api/strategies', tradeloop.dashboardUrl))).json()) as { available: boolean; overview: StrategiesResponseV1 };
    expect(panel.available).toBe(true);
    expect(panel.overview.strategies.map((s) => s.strategyId)).toEqual([REGISTERED]);
    const tile = (await (await fetch(new URL('/api/summary', tradeloop.dashboardUrl))).json()) as { modelAccuracy: { status: string } };
    expect(tile.modelAccuracy.status).toBe('no model');
  }, 180_000);
});
