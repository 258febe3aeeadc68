import { DynamoPredictionStore } from '../../../../../layers/adapters/aws/dynamo/model-predictions';
import { DynamoModelRegistry } from '../../../../../layers/adapters/aws/dynamo/model-registry';
import type { PredictionRecordV1 } from '../../../../../layers/core/ml/inference';
import { provisionLocalResources } from '../../../../../local/provision';

/** Predictions on the models table (dynalite): put once per model, version and session, listed in date order. */
describe('DynamoPredictionStore', () => {
  let store: DynamoPredictionStore;
  let registry: DynamoModelRegistry;
  beforeAll(async () => {
    const resources = await provisionLocalResources({ prefix: `predictions${Date.now().toString(36)}-` });
    store = new DynamoPredictionStore(resources.tables.models);
    registry = new DynamoModelRegistry(resources.tables.models);
  });
  const modelId = 'SPY#ensemble-direction';
  const record = (version: string, sessionDate: string, probability: number): PredictionRecordV1 => ({
    schema: 'PredictionRecordV1', modelId, version, role: 'challenger', symbol: 'SPY', sessionDate, barStart: 1_381_239_000_000, probability, softVote: 0.5, stacked: 0.5,
    features: [0.1, -0.000123456789012345, 1e-300],
  });

  it('stores a prediction once; the first record stands; floats round-trip exactly', async () => {
    const v = 'v-2013-10-04-000000000001';
    expect(await store.recordOnce(record(v, '2013-10-08', 0.61))).toBe(true);
    expect(await store.recordOnce(record(v, '2013-10-08', 0.99))).toBe(false);
    expect(await store.recordOnce(record(v, '2013-10-07', 0.4))).toBe(true);
    const listed = await store.list(modelId, v);
    expect(listed.map((r) => [r.sessionDate, r.probability])).toEqual([['2013-10-07', 0.4], ['2013-10-08', 0.61]]);
    expect(listed[0]?.features).toEqual([0.1, -0.000123456789012345, 1e-300]);
  });

  it('versions do not mix, and prediction items stay out of the registry\'s decisions and pointers', async () => {
    const a = 'v-2013-10-04-00000000000a';
    const b = 'v-2013-10-04-00000000000b';
    await store.recordOnce(record(a, '2013-10-08', 0.5));
    await store.recordOnce(record(b, '2013-10-08', 0.5));
    expect((await store.list(modelId, a)).map((r) => r.version)).toEqual([a]);
    expect(await registry.listDecisions(modelId)).toEqual([]);
    expect(await registry.getPointers(modelId)).toBeUndefined();
  });

  it('refuses a malformed record before writing', async () => {
    await expect(store.recordOnce({ ...record('v-x', '2013-10-08', 1.5) })).rejects.toThrow();
  });
});
