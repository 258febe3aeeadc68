import { GetCommand, PutCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { STRATEGY_STATES, type RegistryEntry, type StrategyRegistry } from '../../../core/registry';
import { createDocumentClient } from '../clients';
import { isConditionFailed } from './conditions';

const StoredEntry = z.object({
  strategyId: z.string(),
  state: z.enum(STRATEGY_STATES),
  version: z.number().int().positive(),
  entryJson: z.string(),
});

/**
 * The strategy registry on the `strategies` table (partition key strategyId, one item per strategy):
 * `state` and `version` as plain attributes (the write condition and a Scan filter can read them) and the
 * whole entry, transition history and evidence included, as JSON (`entryJson`; NaN metrics become null).
 * One item keeps the state change and its evidence atomic without transactions; a transition record is
 * a few kilobytes, so the 400 KB item limit allows well over a hundred transitions per strategy.
 * - create: conditional put (attribute_not_exists);
 * - save: conditional put on the version read (`version = :expected`);
 * - list: Scan (the registry holds tens of configurations, not millions).
 */
export class DynamoStrategyRegistry implements StrategyRegistry {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    private readonly tableName: string,
    doc?: DynamoDBDocumentClient,
  ) {
    this.doc = doc ?? createDocumentClient();
  }

  async list(): Promise<readonly RegistryEntry[]> {
    const out: RegistryEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(new ScanCommand({ TableName: this.tableName, ConsistentRead: true, ...(start !== undefined ? { ExclusiveStartKey: start } : {}) }));
      for (const item of page.Items ?? []) out.push(fromItem(item));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return out.sort((a, b) => (a.strategyId < b.strategyId ? -1 : a.strategyId > b.strategyId ? 1 : 0));
  }

  async get(strategyId: string): Promise<RegistryEntry | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { strategyId }, ConsistentRead: true }));
    return Item === undefined ? undefined : fromItem(Item);
  }

  async create(entry: RegistryEntry): Promise<'created' | 'exists'> {
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: toItem(entry), ConditionExpression: 'attribute_not_exists(strategyId)' }));
      return 'created';
    } catch (error) {
      if (isConditionFailed(error)) return 'exists';
      throw error;
    }
  }

  async save(entry: RegistryEntry, expectedVersion: number): Promise<'saved' | 'conflict'> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(entry),
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      );
      return 'saved';
    } catch (error) {
      if (isConditionFailed(error)) return 'conflict';
      throw error;
    }
  }
}

function toItem(entry: RegistryEntry): Record<string, unknown> {
  return { strategyId: entry.strategyId, state: entry.state, version: entry.version, family: entry.family, updatedAt: entry.updatedAt, entryJson: JSON.stringify(entry) };
}

function fromItem(item: Record<string, unknown>): RegistryEntry {
  const stored = StoredEntry.parse(item);
  const entry = JSON.parse(stored.entryJson) as RegistryEntry;
  if (entry.strategyId !== stored.strategyId || entry.state !== stored.state || entry.version !== stored.version) {
    throw new Error(`malformed strategy registry item ${stored.strategyId}`);
  }
  return entry;
}
