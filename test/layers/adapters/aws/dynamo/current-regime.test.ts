import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { provisionLocalResources } from '../../../../../local/provision';
import { createDocumentClient } from '../../../../../layers/adapters/aws/clients';
import { createDynamoStores, CURRENT_REGIME_KEY, type DynamoStores } from '../../../../../layers/adapters/aws/dynamo';
import { InMemoryCurrentRegimeStore } from '../../../../../layers/adapters/memory';
import { physicalName } from '../../../../../layers/contracts';
import type { CurrentRegime, CurrentRegimeStore } from '../../../../../layers/core/ports/regime';

const prefix = `regime${Date.now().toString(36)}-`;
let stores: DynamoStores;

beforeAll(async () => {
  await provisionLocalResources({ prefix });
  stores = createDynamoStores({ tablePrefix: prefix });
});

const regime = (symbol: string, asOf: string, over: Partial<CurrentRegime> = {}): CurrentRegime => ({
  symbol,
  label: 'bull-quiet',
  confidence: 0.72,
  probabilities: { 'bull-quiet': 0.72, 'bull-volatile': 0.18, 'bear-quiet': 0.08, 'bear-volatile': 0.02 },
  asOf,
  since: '2020-01-02',
  modelId: 'hmm-k2-full-2017-01-03-2020-01-31-0a1b2c3d',
  recordedAt: 1_580_000_000_000,
  ...over,
});

describe.each([
  ['DynamoCurrentRegimeStore (dynalite)', () => stores.currentRegime as CurrentRegimeStore],
  ['InMemoryCurrentRegimeStore', () => new InMemoryCurrentRegimeStore() as CurrentRegimeStore],
])('%s', (_name, make) => {
  it('records a regime and keeps it only against a strictly later session', async () => {
    const store = make();
    const symbol = `S${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
    expect(await store.currentRegime(symbol)).toBeUndefined();
    expect(await store.recordRegime(regime(symbol, '2020-01-31'))).toBe(true);
    expect(await store.currentRegime(symbol)).toEqual(regime(symbol, '2020-01-31'));
    // A redelivery (same session) and a late run (earlier session) change nothing.
    expect(await store.recordRegime(regime(symbol, '2020-01-31', { label: 'bear-volatile' }))).toBe(false);
    expect(await store.recordRegime(regime(symbol, '2020-01-30', { label: 'bear-volatile' }))).toBe(false);
    expect((await store.currentRegime(symbol))?.label).toBe('bull-quiet');
    expect(await store.recordRegime(regime(symbol, '2020-02-03', { label: 'bull-volatile', since: '2020-02-03' }))).toBe(true);
    expect(await store.currentRegime(symbol)).toMatchObject({ label: 'bull-volatile', asOf: '2020-02-03', since: '2020-02-03' });
  });
});

describe('DynamoCurrentRegimeStore items', () => {
  it('lives in strategy-state under its own partition and refuses a malformed item', async () => {
    const doc = createDocumentClient();
    await doc.send(new PutCommand({ TableName: physicalName.table(prefix, 'strategy-state'), Item: { strategyId: CURRENT_REGIME_KEY, symbol: 'BAD', asOf: '2020-01-01', regimeJson: '{"label":"sideways"}' } }));
    await expect(stores.currentRegime.currentRegime('BAD')).rejects.toThrow('malformed current regime for BAD');
    // A strategy's state for the same symbol is another item.
    await stores.strategyState.save({ strategyId: 'sma', symbol: 'SPY', state: { n: 1 }, version: 1 }, 0);
    await stores.currentRegime.recordRegime(regime('SPY', '2020-01-31'));
    expect((await stores.strategyState.load<{ n: number }>('sma', 'SPY'))?.state).toEqual({ n: 1 });
    expect((await stores.currentRegime.currentRegime('SPY'))?.asOf).toBe('2020-01-31');
  });
});
