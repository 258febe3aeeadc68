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
 * newest first), each parsed at the edge by `parse`.
 */
export async function queryNewest<T>(doc: DynamoDBDocumentClient, where: IndexPartition, limit: number, parse: (item: unknown) => T): Promise<readonly T[]> {
  const { Items } = await doc.send(
    new QueryCommand({
      TableName: where.tableName,
      IndexName: where.indexName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': where.partitionKey },
      ExpressionAttributeValues: { ':pk': where.value },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (Items ?? []).map(parse);
}
