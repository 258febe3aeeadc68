import { physicalName, StrategiesResponseV1 } from '../../layers/contracts';
import { DynamoModelRegistry } from '../../layers/adapters/aws/dynamo/model-registry';
import { DynamoPredictionStore } from '../../layers/adapters/aws/dynamo/model-predictions';
import { container } from '../../layers/adapters/runtime/container';
import type { PredictionRecordV1 } from '../../layers/core/ml/inference';
import { artefactLayout, sha256Hex, type ArtefactManifestV1 } from '../../layers/core/ml/lifecycle';
import type { LocalTradeloop } from '../../local/runtime/local-tradeloop';
import { callControlApi, newYork, startOnTestStandins } from './support';

const MODEL = 'SPY#ensemble-direction';
const CHAMPION = 'v-2013-10-04-00000000000a';
const CHALLENGER = 'v-2013-10-04-00000000000b';

function manifestOf(version: string, accuracy: number): ArtefactManifestV1 {
  return {
    schema: 'ArtefactManifestV1', modelId: MODEL, symbol: 'SPY', family: 'ensemble-direction', version, createdAt: '2013-10-05T00:00:00.000Z', codeVersion: 'e2e', seed: 1,
    features: { names: ['a'], lookback: 64 }, label: { kind: 'direction', horizon: 1 },
    trainingWindow: { from: '2010-01-04', to: '2013-10-04', development: { from: '2010-04-01', to: '2012-12-31', rows: 700 }, holdout: { from: '2013-01-10', to: '2013-10-03', rows: 185 }, trainedThrough: '2012-12-31' },
    data: { source: 'synthetic', files: [], barsSha256: sha256Hex('e2e') },
    metrics: { forecast: 'ensemble-soft-vote-calibrated', holdout: { accuracy: { estimate: accuracy, lower: null, upper: null }, auc: { estimate: 0.5, lower: 0.42, upper: 0.58 } }, baseline: { accuracy: { estimate: 0.6, lower: null, upper: null } }, hitRate: accuracy },
    config: {},
    artefact: { key: artefactLayout.artefact(MODEL, version), sha256: sha256Hex(version), bytes: 1 },
  };
}

const forecast = (version: string, sessionDate: string, probability: number): PredictionRecordV1 => ({
  schema: 'PredictionRecordV1', modelId: MODEL, version, role: version === CHAMPION ? 'champion' : 'challenger', symbol: 'SPY', sessionDate, barStart: newYork(`${sessionDate}T15:59`), probability, softVote: probability, stacked: probability, features: [0],
});

/**
 * GET /strategies with a champion and a challenger in the models registry (dynalite), their recorded forecasts
 * scored on the paper broker's 1Day bars through the real Alpaca client, at a market time where two of the
 * three forecast sessions have a decided next-session label and the third does not.
 */
describe('GET /strategies reports the models the engine serves, end to end', () => {
  let tradeloop: LocalTradeloop;

  beforeAll(async () => {
    tradeloop = await startOnTestStandins({ symbols: ['SPY'], fromDate: '2013-10-07', toDate: '2013-10-10' });
    const table = physicalName.table(container().config.TRADELOOP_TABLE_PREFIX, 'models');
    const registry = new DynamoModelRegistry(table);
    await registry.registerVersion(manifestOf(CHAMPION, 0.61));
    await registry.registerVersion(manifestOf(CHALLENGER, 0.58));
    expect(await registry.setPointers(MODEL, { champion: CHAMPION, challenger: CHALLENGER }, undefined, '2013-10-05T00:00:00Z')).toBe(true);
    const predictions = new DynamoPredictionStore(table);
    // Opposite calls each session: on every decided session exactly one of the two is right.
    for (const session of ['2013-10-07', '2013-10-08', '2013-10-09']) {
      await predictions.recordOnce(forecast(CHAMPION, session, 0.7));
      await predictions.recordOnce(forecast(CHALLENGER, session, 0.3));
    }
    // 10-09's label needs the 10-10 close, which has not happened at 10:00 on 10-10.
    tradeloop.broker.advanceTo(newYork('2013-10-10T10:00'));
  }, 120_000);

  afterAll(async () => {
    await tradeloop.stop();
  });

  it('champion and challenger with their manifest metrics and the hit rates of their scored forecasts', async () => {
    const answer = await callControlApi(tradeloop, 'GET', '/strategies');
    expect(answer.status).toBe(200);
    const body = StrategiesResponseV1.parse(answer.body);
    expect(body.symbolsWithoutModel).toEqual([]);
    expect(body.models).toHaveLength(1);
    const [model] = body.models;
    expect(model?.champion).toMatchObject({ version: CHAMPION, manifestFound: true, holdout: { rows: 185, accuracy: { estimate: 0.61 }, baselineAccuracy: { estimate: 0.6 }, auc: { estimate: 0.5 } }, forecasts: { recorded: 3, pending: 1 } });
    expect(model?.challenger).toMatchObject({ version: CHALLENGER, manifestFound: true, holdout: { accuracy: { estimate: 0.58 } }, forecasts: { recorded: 3, pending: 1 } });
    const champion = model?.champion?.liveHitRate;
    const challenger = model?.challenger?.liveHitRate;
    expect(champion?.trials).toBe(2);
    expect(challenger?.trials).toBe(2);
    // Two decided sessions with opposite calls on each (an unchanged close is labelled down): the hits add up to 2.
    expect((champion?.hits ?? 0) + (challenger?.hits ?? 0)).toBe(2);
    expect(champion?.rate).toBe((champion?.hits ?? 0) / 2);

    const tile = (await (await fetch(new URL('/api/summary', tradeloop.dashboardUrl))).json()) as { modelAccuracy: { available: boolean; value?: string } };
    expect(tile.modelAccuracy).toMatchObject({ available: true, value: '0.610 vs 0.600' });
  });
});
