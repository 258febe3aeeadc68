import { provisionLocalResources } from '../../../../../local/provision';
import { DynamoStrategyRegistry } from '../../../../../layers/adapters/aws/dynamo';
import { InMemoryStrategyRegistry } from '../../../../../layers/adapters/memory';
import { physicalName } from '../../../../../layers/contracts';
import { applyTransition, registerCandidate, type RegistryEntry, type StrategyRegistry } from '../../../../../layers/core/registry';

const prefix = `registry${Date.now().toString(36)}-`;
let dynamo: DynamoStrategyRegistry;

beforeAll(async () => {
  await provisionLocalResources({ prefix });
  dynamo = new DynamoStrategyRegistry(physicalName.table(prefix, 'strategies'));
});

const T0 = Date.UTC(2024, 0, 2);

const candidate = (strategyId: string): RegistryEntry =>
  registerCandidate({ strategyId, family: 'sma-crossover', params: { fast: 10, slow: 30 }, symbols: ['SPY'], regimes: ['bull-quiet'], source: 'discovery run d-1' }, T0);

describe.each([
  ['DynamoStrategyRegistry (dynalite)', () => dynamo as StrategyRegistry],
  ['InMemoryStrategyRegistry', () => new InMemoryStrategyRegistry() as StrategyRegistry],
])('%s', (_name, make) => {
  it('creates once, saves only on the version read, lists with history and evidence', async () => {
    const registry = make();
    const id = `s-${Math.random().toString(36).slice(2, 8)}`;
    expect(await registry.get(id)).toBeUndefined();
    expect(await registry.create(candidate(id))).toBe('created');
    expect(await registry.create(candidate(id))).toBe('exists');
    const stored = await registry.get(id);
    expect(stored).toEqual(candidate(id));
    if (stored === undefined) return;

    const promoted = applyTransition(
      stored,
      {
        to: 'paper',
        evidence: { kind: 'out-of-sample-gates', source: 'd-1', metrics: { sample: 'out-of-sample', deflatedSharpe: 0.97, pbo: 0.1, sharpe: 1.1, maxDrawdown: 0.12, profitFactor: 1.5, winRate: 0.45, directionalAccuracy: 0.55 } },
      },
      T0 + 1,
    );
    const retired = applyTransition(stored, { to: 'retired', evidence: { kind: 'retirement', principal: 'ops', reason: 'race' } }, T0 + 1);
    if (promoted.kind !== 'applied' || retired.kind !== 'applied') throw new Error('expected applied');
    expect(await registry.save(promoted.entry, 1)).toBe('saved');
    // The second writer read version 1 too: refused, the first transition stands.
    expect(await registry.save(retired.entry, 1)).toBe('conflict');
    const after = await registry.get(id);
    expect(after).toEqual(promoted.entry);
    expect(after?.history.at(-1)?.evidence.kind).toBe('out-of-sample-gates');

    expect((await registry.list()).find((e) => e.strategyId === id)).toEqual(promoted.entry);
    // Saving an entry that was never created is a conflict too.
    expect(await registry.save({ ...promoted.entry, strategyId: `${id}-ghost` }, 2)).toBe('conflict');
  });
});
