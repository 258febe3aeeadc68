import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SignalRecord, SignalStore } from '../../../core/ports';
import { expiresAt, isConditionFailed } from './conditions';
import { queryNewest } from './queries';
import { parseSignal } from './records';

/** SignalStore on the `signals` table (signalId; GSI byStrategy on strategyId + generatedAt; TTL expiresAt). */
export class DynamoSignalStore implements SignalStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number,
  ) {}

  /**
   * Conditional put keyed by the deterministic signal id. An item past its TTL counts as absent:
   * DynamoDB deletes expired items lazily (up to days later), and dynalite never does.
   */
  async putOnce(signal: SignalRecord, ttlSeconds: number): Promise<boolean> {
    const nowMs = this.now();
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...signal, expiresAt: expiresAt(nowMs, ttlSeconds) },
          ConditionExpression: 'attribute_not_exists(signalId) OR expiresAt < :nowSeconds',
          ExpressionAttributeValues: { ':nowSeconds': Math.floor(nowMs / 1000) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  /** Newest first. */
  async recent(strategyId: string, limit: number): Promise<readonly SignalRecord[]> {
    return queryNewest(this.doc, { tableName: this.tableName, indexName: 'byStrategy', partitionKey: 'strategyId', value: strategyId }, limit, parseSignal);
  }
}
