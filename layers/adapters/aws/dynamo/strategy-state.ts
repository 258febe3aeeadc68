import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StrategyStateRecord, StrategyStateStore } from '../../../core/ports';
import { isConditionFailed } from './conditions';

/**
 * StrategyStateStore on the `strategy-state` table (strategyId + symbol). The state is stored as
 * a JSON string: strategy state is an opaque value to the store, and JSON avoids DynamoDB's
 * marshalling rules (no empty sets, no class instances) surprising a strategy author.
 */
export class DynamoStrategyStateStore implements StrategyStateStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async load<S>(strategyId: string, symbol: string): Promise<StrategyStateRecord<S> | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { strategyId, symbol }, ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { stateJson, version } = Item;
    if (typeof stateJson !== 'string' || typeof version !== 'number') {
      throw new Error(`malformed strategy state for ${strategyId}/${symbol}`);
    }
    return { strategyId, symbol, state: JSON.parse(stateJson) as S, version };
  }

  /**
   * Writes if the stored version still equals `expectedVersion` (absent counts as 0) and stores
   * version `expectedVersion + 1`, whatever `record.version` says: the store owns the counter.
   */
  async save<S>(record: StrategyStateRecord<S>, expectedVersion: number): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            strategyId: record.strategyId,
            symbol: record.symbol,
            stateJson: JSON.stringify(record.state),
            version: expectedVersion + 1,
          },
          ConditionExpression:
            expectedVersion === 0 ? 'attribute_not_exists(strategyId) OR version = :expected' : 'version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }
}
