import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyStore } from '../../../core/ports';
import { expiresAt, isConditionFailed } from './conditions';

/** IdempotencyStore on the `idempotency` table (id; TTL expiresAt). */
export class DynamoIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number,
  ) {}

  /** Conditional put; a record past its TTL counts as absent (TTL deletion is lazy). */
  async markOnce(id: string, ttlSeconds: number): Promise<boolean> {
    const nowMs = this.now();
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { id, expiresAt: expiresAt(nowMs, ttlSeconds), markedAt: nowMs },
          ConditionExpression: 'attribute_not_exists(id) OR expiresAt < :nowSeconds',
          ExpressionAttributeValues: { ':nowSeconds': Math.floor(nowMs / 1000) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }
}
