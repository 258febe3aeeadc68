import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { routeControlRequest } from '../../../functions/control-api/routes';
import type { ControlDeps } from '../../../functions/control-api/routes';
import { FakeBroker, InMemoryLimitsStore, InMemoryOrderStore, InMemoryPositionStore, InMemoryStrategyStateStore, ManualClock, RecordingEventPublisher } from '../../../layers/adapters/memory';
import { InMemoryModelRegistry, InMemoryPredictionStore } from '../../../layers/adapters/memory/ml-models';
import { defaultStrategies } from '../../../layers/adapters/runtime/strategies-overview';
import { activeStrategies } from '../../../layers/adapters/runtime/trading-config';
import { StrategiesResponseV1 } from '../../../layers/contracts';
import type { FeatureBar } from '../../../layers/core/ml';
import type { PredictionRecordV1 } from '../../../layers/core/ml/inference';
import { artefactLayout, type ArtefactManifestV1 } from '../../../layers/core/ml/lifecycle';
import type { RegistryEntry } from '../../../layers/core/registry';
import { recordSignalOutcomes, saveActiveSet, type ActiveStrategySetV1, type SignalOutcome } from '../../../layers/core/trading';
import { strategiesOverview, type StrategiesOverviewDeps } from '../../../layers/core/trading/strategiesOverview';

const NOW = Date.UTC(2013, 9, 7, 14, 0);
const OPERATOR = 'arn:aws:iam::000000000000:user/ops';
const WATCHLIST = ['SPY', 'IBM'];

function request(caller = OPERATOR): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'GET /strategies',
    rawPath: '/strategies',
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      http: { method: 'GET', path: '/strategies', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      ...(caller ? { authorizer: { iam: { userArn: caller } } } : {}),
    },
  } as unknown as APIGatewayProxyEventV2;
}

function control(strategies: ControlDeps['strategies']): ControlDeps {
  const clock = new ManualClock(NOW);
  return {
    accountId: 'acct',
    clock,
    broker: new FakeBroker(clock),
    limits: new InMemoryLimitsStore(),
    orders: new InMemoryOrderStore(),
    positions: new InMemoryPositionStore(),
    events: new RecordingEventPublisher(),
    strategies,
  };
}

/** GET /strategies through the router on the read model over `overview`; the body is checked against its contract. */
async function getStrategies(overview: StrategiesOverviewDeps): Promise<StrategiesResponseV1> {
  const result = await routeControlRequest(request(), control(() => strategiesOverview(overview)));
  expect(result.statusCode).toBe(200);
  return StrategiesResponseV1.parse(JSON.parse(result.body ?? '{}'));
}

function outcome(strategyId: string, n: number, hit: boolean): SignalOutcome {
  const at = NOW + n * 60_000;
  return { signalId: `${strategyId}-${n}`, strategyId, symbol: 'SPY', direction: 'long', barStart: at - 900_000, scoredBarStart: at, referencePrice: '100', scoredPrice: hit ? '101' : '99', hit };
}

const SET: ActiveStrategySetV1 = {
  schema: 'ActiveStrategySetV1',
  sessionDate: '2013-10-07',
  selectedAt: Date.UTC(2013, 9, 7, 13, 0),
  strategies: [
    { strategyId: 'donchian-spy', family: 'sma-crossover', params: { fast: 3, slow: 10 }, registryState: 'live', registryVersion: 4, symbols: ['SPY'], sharpe: 0.8 },
    { strategyId: 'gone-family', family: 'no-such-family', params: {}, registryState: 'paper', registryVersion: 2, symbols: ['IBM'], sharpe: 0.1 },
  ],
  symbols: { SPY: { regime: null, excluded: [] }, IBM: { regime: null, excluded: [] } },
  demoted: [],
};

describe('GET /strategies', () => {
  it('reports the default binding with source "default" when no active set was ever stored, hit rate unknown until scored', async () => {
    const body = await getStrategies({ strategyState: new InMemoryStrategyStateStore(), defaults: defaultStrategies(WATCHLIST), watchlist: WATCHLIST });
    const sma = activeStrategies()[0]?.strategy;
    expect(body.source).toBe('default');
    expect(body.activeSet).toBeNull();
    expect(body.strategies).toEqual([
      {
        strategyId: sma?.id,
        version: sma?.version,
        state: 'paper',
        parameters: { fast: 5, slow: 20 },
        symbols: WATCHLIST,
        source: 'default',
        liveHitRate: { hits: 0, trials: 0, rate: null, window: 'last 100 scored calls (0 in the ledger)' },
      },
    ]);
    // No models table in this deployment: nothing claimed, every symbol listed as without a model.
    expect(body.models).toEqual([]);
    expect(body.symbolsWithoutModel).toEqual(WATCHLIST);
  });

  it('the default binding carries its ledger hit rate over the last `window` scored calls', async () => {
    const store = new InMemoryStrategyStateStore();
    const id = activeStrategies()[0]?.strategy.id ?? '';
    // Oldest first: miss, miss, hit, hit, miss → the last 3 are 2 of 3.
    await recordSignalOutcomes(store, [outcome(id, 1, false), outcome(id, 2, false), outcome(id, 3, true), outcome(id, 4, true), outcome(id, 5, false)]);
    const body = await getStrategies({ strategyState: store, defaults: defaultStrategies(WATCHLIST), watchlist: WATCHLIST, hitRateWindow: 3 });
    expect(body.strategies[0]?.liveHitRate).toEqual({ hits: 2, trials: 3, rate: 2 / 3, window: 'last 3 scored calls (5 in the ledger)' });
  });

  it('reports the stored active set instead of the default: registry state, parameters, symbols, ledger hit rate, a skipped entry', async () => {
    const store = new InMemoryStrategyStateStore();
    expect(await saveActiveSet(store, SET, 0)).toBe(true);
    await recordSignalOutcomes(store, [outcome('donchian-spy', 1, true), outcome('donchian-spy', 2, true), outcome('donchian-spy', 3, false), outcome('donchian-spy', 4, true)]);
    // The registry demoted the live entry after the selection ran: reported beside the set's state.
    const demoted = { strategyId: 'donchian-spy', state: 'paper' } as RegistryEntry;
    const body = await getStrategies({
      strategyState: store,
      defaults: defaultStrategies(WATCHLIST),
      watchlist: WATCHLIST,
      registry: { get: async (id) => (id === 'donchian-spy' ? demoted : undefined) },
    });
    expect(body.source).toBe('active-set');
    expect(body.activeSet).toEqual({ sessionDate: '2013-10-07', selectedAt: '2013-10-07T13:00:00.000Z', version: 1 });
    expect(body.strategies.map((s) => s.strategyId)).toEqual(['donchian-spy', 'gone-family']);
    const [donchian, gone] = body.strategies;
    expect(donchian).toMatchObject({
      state: 'live',
      registryStateNow: 'paper',
      registryVersion: 4,
      family: 'sma-crossover',
      parameters: { fast: 3, slow: 10 },
      symbols: ['SPY'],
      source: 'active-set',
      sharpe: 0.8,
      liveHitRate: { hits: 3, trials: 4, rate: 0.75 },
    });
    expect(donchian?.skipped).toBeUndefined();
    expect(donchian?.version).not.toMatch(/^registry-v/);
    expect(gone).toMatchObject({ state: 'paper', version: 'registry-v2', liveHitRate: { hits: 0, trials: 0, rate: null } });
    expect(gone?.skipped).toEqual(expect.any(String));
    expect(gone).not.toHaveProperty('registryStateNow');
  });

  it('an empty active set is a decision: no strategy, and not the default', async () => {
    const store = new InMemoryStrategyStateStore();
    await saveActiveSet(store, { ...SET, strategies: [] }, 0);
    const body = await getStrategies({ strategyState: store, defaults: defaultStrategies(WATCHLIST), watchlist: WATCHLIST });
    expect(body.source).toBe('active-set');
    expect(body.strategies).toEqual([]);
  });

  describe('ML models', () => {
    const modelId = 'SPY#ensemble-direction';
    const CHAMPION = 'v-2013-09-30-00000000000a';
    const CHALLENGER = 'v-2013-10-04-00000000000b';
    const manifest: ArtefactManifestV1 = {
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
    // Closes by session; with horizon 1 a session's label is "the next close is higher".
    const DAILY: FeatureBar[] = [
      ['2013-10-01', 100], ['2013-10-02', 101], ['2013-10-03', 100], ['2013-10-04', 102], ['2013-10-07', 103],
    ].map(([date, close]) => ({ date: String(date), open: Number(close), high: Number(close), low: Number(close), close: Number(close), volume: 1000 }));
    const forecast = (version: string, sessionDate: string, probability: number): PredictionRecordV1 => ({
      schema: 'PredictionRecordV1', modelId, version, role: version === CHAMPION ? 'champion' : 'challenger', symbol: 'SPY', sessionDate, barStart: 0, probability, softVote: probability, stacked: probability, features: [0],
    });

    async function registryWithChampion(): Promise<{ registry: InMemoryModelRegistry; predictions: InMemoryPredictionStore }> {
      const registry = new InMemoryModelRegistry();
      await registry.registerVersion(manifest);
      // The challenger's manifest is missing: reported as such, its metrics null, never guessed.
      expect(await registry.setPointers(modelId, { champion: CHAMPION, challenger: CHALLENGER }, undefined, '2013-10-04T00:00:00Z')).toBe(true);
      const predictions = new InMemoryPredictionStore();
      // Labels: 10-01 up, 10-02 down, 10-03 up, 10-04 up, 10-07 undecided. Calls: hit, miss, hit, miss, pending.
      for (const [date, p] of [['2013-10-01', 0.7], ['2013-10-02', 0.6], ['2013-10-03', 0.8], ['2013-10-04', 0.4], ['2013-10-07', 0.9]] as const) {
        await predictions.recordOnce(forecast(CHAMPION, date, p));
      }
      await predictions.recordOnce(forecast(CHALLENGER, '2013-10-04', 0.7));
      return { registry, predictions };
    }

    it('reports the champion with its manifest hold-out metrics against always-up and the live hit rate of its recorded forecasts', async () => {
      const { registry, predictions } = await registryWithChampion();
      const asked: string[] = [];
      const body = await getStrategies({
        strategyState: new InMemoryStrategyStateStore(),
        defaults: defaultStrategies(WATCHLIST),
        watchlist: WATCHLIST,
        models: {
          registry,
          predictions,
          dailyBars: async (symbol, from) => {
            asked.push(`${symbol} ${from}`);
            return DAILY.filter((b) => b.date >= from);
          },
        },
      });
      expect(body.symbolsWithoutModel).toEqual(['IBM']);
      expect(body.models).toHaveLength(1);
      const model = body.models[0];
      expect(model).toMatchObject({ symbol: 'SPY', modelId, family: 'ensemble-direction' });
      expect(model?.champion).toEqual({
        version: CHAMPION,
        manifestFound: true,
        trainedThrough: '2012-12-31',
        holdout: {
          from: '2013-01-10',
          to: '2013-09-27',
          rows: 180,
          accuracy: { estimate: 0.61, lower: 0.54, upper: 0.68 },
          auc: { estimate: 0.52, lower: 0.44, upper: 0.6 },
          baselineAccuracy: { estimate: 0.6, lower: 0.53, upper: 0.67 },
        },
        liveHitRate: { hits: 2, trials: 4, rate: 0.5, window: 'one decided forecast in every 1 (labels 1 session(s) long, not overlapping)' },
        forecasts: { recorded: 5, pending: 1 },
      });
      // Scored from the first recorded forecast's session on.
      expect(asked).toContain('SPY 2013-10-01');
      expect(model?.challenger).toMatchObject({ version: CHALLENGER, manifestFound: false, trainedThrough: null, liveHitRate: null, forecasts: { recorded: 1, pending: 1 } });
      expect(model?.challenger?.holdout).toEqual({ from: null, to: null, rows: null, accuracy: null, auc: null, baselineAccuracy: null });
    });

    it('without a bar source the forecasts are counted, not scored', async () => {
      const { registry, predictions } = await registryWithChampion();
      const body = await getStrategies({ strategyState: new InMemoryStrategyStateStore(), defaults: [], watchlist: ['SPY'], models: { registry, predictions } });
      expect(body.models[0]?.champion).toMatchObject({ liveHitRate: null, forecasts: { recorded: 5, pending: 5 } });
    });

    it('a registry with no champion (a lone challenger trades nothing) lists the symbol as without a model', async () => {
      const registry = new InMemoryModelRegistry();
      await registry.setPointers(modelId, { challenger: CHALLENGER }, undefined, '2013-10-04T00:00:00Z');
      const body = await getStrategies({ strategyState: new InMemoryStrategyStateStore(), defaults: [], watchlist: ['SPY'], models: { registry, predictions: new InMemoryPredictionStore() } });
      expect(body.models).toEqual([]);
      expect(body.symbolsWithoutModel).toEqual(['SPY']);
    });
  });

  it('a read model that breaks the response contract is a server error, not a 400', async () => {
    const broken = control(async () => ({ strategies: [{ strategyId: 'x' }] }) as unknown as StrategiesResponseV1);
    await expect(routeControlRequest(request(), broken)).rejects.toThrow(/breaks its contract/);
  });
});
