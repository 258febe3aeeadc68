import { physicalName } from '../../layers/contracts';
import { DynamoModelRegistry } from '../../layers/adapters/aws/dynamo/model-registry';
import { DynamoPredictionStore } from '../../layers/adapters/aws/dynamo/model-predictions';
import { ModelArtefactStore } from '../../layers/adapters/aws/model-artefacts';
import { container } from '../../layers/adapters/runtime/container';
import { FEATURE_LOOKBACK, FEATURE_NAMES } from '../../layers/core/ml';
import { mlStrategyId, type MlStrategyState } from '../../layers/core/ml/inference';
import { artefactLayout, sha256Hex, type ArtefactManifestV1 } from '../../layers/core/ml/lifecycle';
import type { LocalTradeloop } from '../../local/runtime/local-tradeloop';
import { runReplay, type ReplaySummary } from '../../local/runtime/replay';
import { tinyArtefactJson, version } from '../layers/core/ml/inference/support';
import { newYork, startOnTestStandins } from './support';

const MODEL = 'SPY#ensemble-direction';

function manifestOf(v: string, json: string): ArtefactManifestV1 {
  return {
    schema: 'ArtefactManifestV1', modelId: MODEL, symbol: 'SPY', family: 'ensemble-direction', version: v, createdAt: '2013-10-05T00:00:00.000Z', codeVersion: 'e2e', seed: 1,
    features: { names: [...FEATURE_NAMES], lookback: FEATURE_LOOKBACK }, label: { kind: 'direction', horizon: 3 },
    trainingWindow: { from: '2001-01-01', to: '2002-02-21', development: { from: '2001-04-02', to: '2001-12-31', rows: 1 }, holdout: { from: '2002-01-02', to: '2002-02-21', rows: 1 }, trainedThrough: '2001-12-31' },
    data: { source: 'synthetic', files: [], barsSha256: sha256Hex('e2e') },
    metrics: { forecast: 'ensemble-soft-vote-calibrated', holdout: {}, baseline: {}, hitRate: 0.5 },
    config: {},
    artefact: { key: artefactLayout.artefact(MODEL, v), sha256: sha256Hex(json), bytes: json.length },
  };
}

/**
 * The ML binding through the real signal-engine handler on the embedded default: with TRADELOOP_MODELS_BUCKET
 * set and a champion (and challenger) in the local registry, each SPY bar also runs the ML strategy: pointers
 * from dynalite, the artefact from fauxqs S3 (SHA-256 checked), seed history from the paper broker's 1Day bars
 * through the real Alpaca client. The replay ships a few days of minutes only, so the window cannot reach 64
 * sessions and nothing is forecast (the forecast path is covered in test/layers/adapters/runtime); this proves
 * the composition, and that the default strategy runs unchanged beside it.
 */
describe('ML binding in the signal engine, end to end on the embedded default', () => {
  let tradeloop: LocalTradeloop;
  let summary: ReplaySummary;
  const before = process.env['TRADELOOP_MODELS_BUCKET'];

  beforeAll(async () => {
    tradeloop = await startOnTestStandins({ symbols: ['SPY'], fromDate: '2013-10-07', toDate: '2013-10-07' });
    const prefix = container().config.TRADELOOP_TABLE_PREFIX;
    const bucket = physicalName.bucket(prefix, 'models');
    const registry = new DynamoModelRegistry(physicalName.table(prefix, 'models'));
    const artefacts = new ModelArtefactStore(bucket);
    for (const [seed, v] of [[1, version(1)], [2, version(2)]] as const) {
      const json = tinyArtefactJson(seed);
      await artefacts.putVersion(manifestOf(v, json), json);
    }
    expect(await registry.setPointers(MODEL, { champion: version(1), challenger: version(2) }, undefined, '2013-10-05T00:00:00Z')).toBe(true);
    process.env['TRADELOOP_MODELS_BUCKET'] = bucket;
    summary = await runReplay(tradeloop, { from: '2013-10-07', to: '2013-10-07', symbols: ['SPY'], endAt: newYork('2013-10-07T10:00') }, { kind: 'max' });
  }, 180_000);

  afterAll(async () => {
    if (before === undefined) delete process.env['TRADELOOP_MODELS_BUCKET'];
    else process.env['TRADELOOP_MODELS_BUCKET'] = before;
    await tradeloop.stop();
  });

  it('runs the champion as a strategy on every bar beside the default one, without failures', async () => {
    expect(summary.failedInvocations).toBe(0);
    expect(summary.deadLetters).toBe(0);
    const record = await container().aws.stores.strategyState.load<{ strategyVersion: string; strategy: MlStrategyState }>(mlStrategyId('ensemble-direction'), 'SPY');
    const state = record?.state.strategy;
    expect(state?.window.open?.date).toBe('2013-10-07');
    expect(state?.window.lastBarStart).toBeGreaterThanOrEqual(newYork('2013-10-07T09:55'));
    // History was asked for through the broker (it has no sessions before the replay): seeded, and still warming up.
    expect(state?.seeded).toBe(true);
    expect(state?.lastDecision).toBeNull();
    const prefix = container().config.TRADELOOP_TABLE_PREFIX;
    expect(await new DynamoPredictionStore(physicalName.table(prefix, 'models')).list(MODEL, version(1))).toEqual([]);
    expect((await container().aws.stores.signals.recent('sma-crossover-5-20', 100)).length).toBeGreaterThan(0);
  });
});
