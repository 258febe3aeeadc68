import type { RegistryEntry, StrategyRegistry } from '../../core/registry';

/** In-memory StrategyRegistry with the DynamoDB adapter's conditions (create once, save on the version read). */
export class InMemoryStrategyRegistry implements StrategyRegistry {
  private readonly entries = new Map<string, RegistryEntry>();

  list(): Promise<readonly RegistryEntry[]> {
    return Promise.resolve([...this.entries.values()].sort((a, b) => (a.strategyId < b.strategyId ? -1 : a.strategyId > b.strategyId ? 1 : 0)));
  }

  get(strategyId: string): Promise<RegistryEntry | undefined> {
    return Promise.resolve(this.entries.get(strategyId));
  }

  create(entry: RegistryEntry): Promise<'created' | 'exists'> {
    if (this.entries.has(entry.strategyId)) return Promise.resolve('exists');
    this.entries.set(entry.strategyId, structuredClone(entry));
    return Promise.resolve('created');
  }

  save(entry: RegistryEntry, expectedVersion: number): Promise<'saved' | 'conflict'> {
    const current = this.entries.get(entry.strategyId);
    if (current === undefined || current.version !== expectedVersion) return Promise.resolve('conflict');
    this.entries.set(entry.strategyId, structuredClone(entry));
    return Promise.resolve('saved');
  }
}
