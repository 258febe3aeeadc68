import { BatchWriteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PositionRecord, PositionStore } from '../../../core/ports';
import { parsePosition } from './records';

/** BatchWriteItem takes at most 25 requests. */
const BATCH_LIMIT = 25;

/** PositionStore on the `positions` table (accountId + symbol). */
export class DynamoPositionStore implements PositionStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(accountId: string): Promise<readonly PositionRecord[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'accountId = :accountId',
          ExpressionAttributeValues: { ':accountId': accountId },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items.map(parsePosition);
  }

  /**
   * Puts every broker position, then deletes the stored ones the broker no longer has. Puts go
   * first so a reader never sees an account emptier than the broker's truth; a crash between the
   * two steps leaves a stale extra position that the next reconcile removes.
   */
  async replaceAll(accountId: string, positions: readonly PositionRecord[]): Promise<void> {
    const current = await this.list(accountId);
    const keep = new Set(positions.map((p) => p.symbol));
    const requests = [
      ...positions.map((p) => ({ PutRequest: { Item: { ...p, accountId } } })),
      ...current.filter((p) => !keep.has(p.symbol)).map((p) => ({ DeleteRequest: { Key: { accountId, symbol: p.symbol } } })),
    ];
    for (let i = 0; i < requests.length; i += BATCH_LIMIT) {
      await this.writeBatch(requests.slice(i, i + BATCH_LIMIT));
    }
  }

  private async writeBatch(requests: readonly Record<string, unknown>[]): Promise<void> {
    let pending = [...requests];
    // Unprocessed items (throttling) are retried with a short back-off; the batch never silently drops writes.
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= 8) throw new Error(`positions batch write left ${pending.length} unprocessed items`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
      const { UnprocessedItems } = await this.doc.send(
        new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }),
      );
      pending = (UnprocessedItems?.[this.tableName] ?? []) as Record<string, unknown>[];
    }
  }
}
