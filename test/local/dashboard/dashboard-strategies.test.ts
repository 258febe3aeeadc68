import type { Dashboard } from '../../../local/dashboard';
import { NO_MODEL_NOTE, startDashboard } from '../../../local/dashboard';
import { InMemoryStrategyStateStore } from '../../../layers/adapters/memory';
import { InMemoryModelRegistry, InMemoryPredictionStore } from '../../../layers/adapters/memory/ml-models';
import { defaultStrategies } from '../../../layers/adapters/runtime/strategies-overview';
import type { PredictionRecordV1 } from '../../../layers/core/ml/inference';
import { artefactLayout, type ArtefactManifestV1 } from '../../../layers/core/ml/lifecycle';
import { recordSignalOutcomes } from '../../../layers/core/trading';
import { strategiesOverview, type StrategiesOverviewDeps } from '../../../layers/core/trading/strategiesOverview';
import { runPageScriptOnce } from './fake-dom';
import { FakeSource } from './fake-source';

const modelId = 'SPY#ensemble-direction';
const CHAMPION = 'v-2013-09-30-00000000000a';
const MANIFEST: ArtefactManifestV1 = {
  schema: 'ArtefactManifestV1', modelId, symbol: 'SPY', family: 'ensemble-direction', version: CHAMPION, createdAt: '2013-10-01T00:00:00.000Z', codeVersion: 'ml-0', seed: 1,
  features: { names: ['a'], lookback: 64 }, label: { kind: 'direction', horizon: 1 },
  trainingWindow: { from: '2010-01-04', to: '2013-09-30', development: { from: '2010-04-01', to: '2012-12-31', rows: 700 }, holdout: { from: '2013-01-10', to: '2013-09-27', rows: 180 }, trainedThrough: '2012-12-31' },
  data: { source: 'shipped', files: [{ path: 'lean/equity/usa/daily/spy.zip', sha256: 'a'.repeat(64) }], barsSha256: 'b'.repeat(64) },
  metrics: {
    forecast: 'ensemble-soft-vote-calibrated',
    holdout: { accuracy: { estimate: 0.61, lower: 0.54, upper: 0.68 }, auc: { estimate: 0.52, lower: 0.44, upper: 0.6 } },
    baseline: { accuracy: { estimate: 0.6, lower: 0.53, upper: 0.67 } },
    hitRate: 0.61,
  },
  config: {},
  artefact: { key: artefactLayout.artefact(modelId, CHAMPION), sha256: 'c'.repeat(64), bytes: 10 },
};

async function json(dashboard: Dashboard, path: string): Promise<Record<string, unknown>> {
  const response = await fetch(new URL(path, dashboard.url));
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

/** A source whose strategies come from the same read model as GET /strategies, on in-memory stores. */
function sourceOver(deps: StrategiesOverviewDeps): FakeSource & { strategies: () => Promise<unknown> } {
  return Object.assign(new FakeSource(), { strategies: (): Promise<unknown> => strategiesOverview(deps) });
}

describe('dashboard strategies and models panel', () => {
  let dashboard: Dashboard | undefined;
  afterEach(async () => {
    await dashboard?.close();
    dashboard = undefined;
  });

  it('shows the default binding with its ledger hit rate, and "no model in the registry" instead of a number', async () => {
    const state = new InMemoryStrategyStateStore();
    const [sma] = defaultStrategies(['SPY']);
    const id = sma?.strategyId ?? '';
    const at = Date.UTC(2013, 9, 7, 14);
    await recordSignalOutcomes(state, [true, true, false].map((hit, i) => ({ signalId: `s${i}`, strategyId: id, symbol: 'SPY', direction: 'long' as const, barStart: at, scoredBarStart: at + i, referencePrice: '1', scoredPrice: hit ? '2' : '0.5', hit })));
    dashboard = await startDashboard({ source: sourceOver({ strategyState: state, defaults: defaultStrategies(['SPY']), watchlist: ['SPY'], models: { registry: new InMemoryModelRegistry(), predictions: new InMemoryPredictionStore() } }), strategiesCacheMs: 0 });
    const summary = await json(dashboard, '/api/summary');
    expect(summary['modelAccuracy']).toEqual({ available: false, status: 'no model', note: NO_MODEL_NOTE });
    const page = await runPageScriptOnce(dashboard.url);
    expect(page.byId('strategies-note').textContent).toBe('the default binding: no active set stored by the pre-market selection');
    expect(page.byId('strategies').allText()).toBe('sma-crossover-5-20 default · paper fast=5 slow=20 SPY 2/3 = 66.67% last 100 scored calls (3 in the ledger)');
    expect(page.byId('models').allText()).toBe('no model in the registry (SPY)');
    expect(page.byId('tiles').allText()).toContain(`Model accuracy no model ${NO_MODEL_NOTE}`);
  });

  it('shows the champion’s held-out accuracy and AUC against always-up and its live hit rate', async () => {
    const registry = new InMemoryModelRegistry();
    await registry.registerVersion(MANIFEST);
    await registry.setPointers(modelId, { champion: CHAMPION }, undefined, '2013-10-01T00:00:00Z');
    const predictions = new InMemoryPredictionStore();
    const forecast = (sessionDate: string, probability: number): PredictionRecordV1 => ({ schema: 'PredictionRecordV1', modelId, version: CHAMPION, role: 'champion', symbol: 'SPY', sessionDate, barStart: 0, probability, softVote: probability, stacked: probability, features: [0] });
    await predictions.recordOnce(forecast('2013-10-01', 0.7)); // next close higher: hit
    await predictions.recordOnce(forecast('2013-10-02', 0.4)); // undecided: no later session
    const daily = [['2013-10-01', 100], ['2013-10-02', 101]].map(([date, close]) => ({ date: String(date), open: Number(close), high: Number(close), low: Number(close), close: Number(close), volume: 1 }));
    dashboard = await startDashboard({
      source: sourceOver({ strategyState: new InMemoryStrategyStateStore(), defaults: [], watchlist: ['SPY', 'IBM'], models: { registry, predictions, dailyBars: async () => daily } }),
      strategiesCacheMs: 0,
    });
    expect((await json(dashboard, '/api/summary'))['modelAccuracy']).toEqual({
      available: true,
      value: '0.610 vs 0.600',
      note: 'SPY champion held-out accuracy vs always-up · AUC 0.520 · live 1/1',
    });
    const page = await runPageScriptOnce(dashboard.url);
    expect(page.byId('models').allText()).toBe(`SPY champion ${CHAMPION} 0.61 [0.54, 0.68] 0.6 [0.53, 0.67] 0.52 [0.44, 0.6] 1/1 = 100.00% 2 (1 undecided)`);
    expect(page.byId('tiles').allText()).toContain('Model accuracy 0.610 vs 0.600');
  });

  it('passes only the contract’s fields, and reports an unreadable answer or an unreachable store instead of guessing', async () => {
    const source = Object.assign(new FakeSource(), {
      strategies: async (): Promise<unknown> => ({ strategies: [], source: 'default', activeSet: null, models: [], symbolsWithoutModel: [], apiToken: 'operator-token-SECRET' }),
    });
    dashboard = await startDashboard({ source, strategiesCacheMs: 0 });
    const body = await json(dashboard, '/api/strategies');
    expect(body).toEqual({ available: true, overview: { strategies: [], source: 'default', activeSet: null, models: [], symbolsWithoutModel: [] } });
    expect(JSON.stringify(await json(dashboard, '/api/summary'))).not.toContain('SECRET');
    source.strategies = async () => ({ strategies: 'nope' });
    expect(await json(dashboard, '/api/strategies')).toMatchObject({ available: false, note: expect.stringContaining('unreadable') });
    source.strategies = () => Promise.reject(new Error('connection refused'));
    expect(await json(dashboard, '/api/strategies')).toEqual({ available: false, note: 'the strategy and model stores could not be read: connection refused' });
    expect((await json(dashboard, '/api/summary'))['modelAccuracy']).toMatchObject({ available: false, status: 'unknown' });
  });

  it('refuses query parameters like every other endpoint', async () => {
    dashboard = await startDashboard({ source: new FakeSource() });
    const response = await fetch(new URL('/api/strategies?x=1', dashboard.url));
    expect(response.status).toBe(400);
  });
});
