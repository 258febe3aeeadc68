import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RiskAuditStore, RiskDecisionRecord } from '../../../core/ports';
import { queryNewest } from './queries';
import { parseRiskDecision } from './records';

/** RiskAuditStore on the `risk-audit` table (intentId + decidedAt; GSI byAccount on accountId + decidedAt). */
export class DynamoRiskAuditStore implements RiskAuditStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** A plain put: a redelivered decision has the same key and content, so rewriting it is harmless. */
  async record(decision: RiskDecisionRecord): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...decision } }));
  }

  /** The earliest decision of the intent (sort key decidedAt ascending), read strongly consistent. */
  async firstDecision(intentId: string): Promise<RiskDecisionRecord | undefined> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'intentId = :id',
        ExpressionAttributeValues: { ':id': intentId },
        ScanIndexForward: true,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const first = Items?.[0];
    return first === undefined ? undefined : parseRiskDecision(first);
  }

  /** Newest first. */
  async listByAccount(accountId: string, limit: number): Promise<readonly RiskDecisionRecord[]> {
    return queryNewest(this.doc, { tableName: this.tableName, indexName: 'byAccount', partitionKey: 'accountId', value: accountId }, limit, parseRiskDecision);
  }
}
