import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Which index partition to read: the GSI, its partition key attribute and the value. */
export interface IndexPartition {
  readonly tableName: string;
  readonly indexName: string;
  readonly partitionKey: string;
  readonly value: string;
}

/**
 * The newest `limit` items of one GSI partition (the index sort key is a time, so descending order is
 * newest first), each parsed at the edge by `parse`. Follows LastEvaluatedKey: one Query page stops at
 * 1 MB, and a caller asking for 1 000 audit records must not silently get the first 400.
 */
export async function queryNewest<T>(doc: DynamoDBDocumentClient, where: IndexPartition, limit: number, parse: (item: unknown) => T): Promise<readonly T[]> {
  const items: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new QueryCommand({
        TableName: where.tableName,
        IndexName: where.indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': where.partitionKey },
        ExpressionAttributeValues: { ':pk': where.value },
        ScanIndexForward: false,
        Limit: limit - items.length,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) items.push(parse(item));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined && items.length < limit);
  return items;
}
