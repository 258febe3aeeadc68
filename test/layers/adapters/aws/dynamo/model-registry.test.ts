import { DynamoModelRegistry } from '../../../../../layers/adapters/aws/dynamo/model-registry';
import { ModelArtefactStore } from '../../../../../layers/adapters/aws/model-artefacts';
import { artefactLayout, sha256Hex, type ArtefactManifestV1 } from '../../../../../layers/core/ml/lifecycle';
import { provisionLocalResources } from '../../../../../local/provision';

/** The model registry on dynalite and the artefact store on fauxqs S3: conditional writes only. */
describe('DynamoModelRegistry and ModelArtefactStore', () => {
  let registry: DynamoModelRegistry;
  let artefacts: ModelArtefactStore;
  beforeAll(async () => {
    const resources = await provisionLocalResources({ prefix: `registry${Date.now().toString(36)}-` });
    registry = new DynamoModelRegistry(resources.tables.models);
    artefacts = new ModelArtefactStore(resources.buckets.models);
  });
  const modelId = 'SPY#ensemble-direction';
  const artefactJson = '{"kind":"tradeloop-ensemble"}';
  const manifest = (version: string): ArtefactManifestV1 => ({
    schema: 'ArtefactManifestV1', modelId, symbol: 'SPY', family: 'ensemble-direction', version, createdAt: '2026-01-01T00:00:00.000Z', codeVersion: 'ml-0', seed: 1,
    features: { names: ['a'], lookback: 64 }, label: { kind: 'direction', horizon: 5 },
    trainingWindow: { from: '2015-01-02', to: '2016-12-30', development: { from: '2015-04-01', to: '2016-07-01', rows: 300 }, holdout: { from: '2016-07-11', to: '2016-12-22', rows: 80 }, trainedThrough: '2016-07-01' },
    data: { source: 'shipped', files: [{ path: 'lean/equity/usa/daily/spy.zip', sha256: 'a'.repeat(64) }], barsSha256: 'b'.repeat(64) },
    metrics: { forecast: 'ensemble-soft-vote-calibrated', holdout: { accuracy: { estimate: 0.55, lower: 0.45, upper: 0.65 } }, baseline: { logLoss: { estimate: null, lower: null, upper: null } }, hitRate: 0.55 },
    config: { seed: 1 },
    artefact: { key: artefactLayout.artefact(modelId, version), sha256: sha256Hex(artefactJson), bytes: artefactJson.length },
  });

  it('registers a version once and reads it back', async () => {
    const m = manifest('v-2016-12-30-000000000001');
    expect(await registry.registerVersion(m)).toEqual({ kind: 'registered' });
    expect(await registry.registerVersion({ ...m, seed: 2 })).toEqual({ kind: 'exists' });
    expect(await registry.getVersion(modelId, m.version)).toEqual(m);
    expect(await registry.getVersion(modelId, 'v-1999-01-01-000000000000')).toBeUndefined();
  });

  it('moves pointers only from the revision read: of two racing writers exactly one wins', async () => {
    expect(await registry.getPointers(modelId)).toBeUndefined();
    expect(await registry.setPointers(modelId, { challenger: 'v-a' }, undefined, 't1')).toBe(true);
    expect(await registry.setPointers(modelId, { challenger: 'v-x' }, undefined, 't1')).toBe(false);
    const [a, b] = await Promise.all([
      registry.setPointers(modelId, { champion: 'v-a' }, 1, 't2'),
      registry.setPointers(modelId, { champion: 'v-b' }, 1, 't2'),
    ]);
    expect([a, b].sort()).toEqual([false, true]);
    const p = await registry.getPointers(modelId);
    expect(p).toMatchObject({ modelId, revision: 2, champion: a ? 'v-a' : 'v-b' });
    expect(p?.challenger).toBeUndefined();
  });

  it('records each decision once, with its evidence, and lists them', async () => {
    const d = { modelId, decidedAt: '2026-01-02T01:00:00.000Z', challengerVersion: 'v-b', championVersion: 'v-a', promoted: false, reason: 'not significant', evidence: { test: { b: 3, c: 5, pValue: 0.36 } } };
    await registry.recordDecision(d);
    await registry.recordDecision({ ...d, reason: 'a retry says something else' });
    expect(await registry.listDecisions(modelId)).toEqual([d]);
    expect(await registry.listDecisions('QQQ#ensemble-direction')).toEqual([]);
  });

  it('stores artefact and manifest under models/<symbol>/<family>/<version>/ and checks the SHA-256', async () => {
    const m = manifest('v-2016-12-30-000000000002');
    await artefacts.putVersion(m, artefactJson);
    expect(await artefacts.getManifest(modelId, m.version)).toEqual(m);
    expect(await artefacts.getArtefact(modelId, m.version)).toBe(artefactJson);
    expect(m.artefact.key).toBe('models/SPY/ensemble-direction/v-2016-12-30-000000000002/artefact.json');
    await expect(artefacts.putVersion(m, `${artefactJson} `)).rejects.toThrow(/SHA-256/);
    expect(await artefacts.getArtefact(modelId, 'v-2016-12-30-000000000009')).toBeUndefined();
  });
});
