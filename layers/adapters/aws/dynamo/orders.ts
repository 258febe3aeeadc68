import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BrokerOrderStatus } from '../../../contracts';
import type { ClaimResult, OrderRecord, OrderStore } from '../../../core/ports';
import { isConditionFailed } from './conditions';
import { queryNewest } from './queries';
import { parseOrder } from './records';

/** Statuses after which the broker never changes an order again; a stored terminal status is final. */
export const TERMINAL_ORDER_STATUSES: readonly BrokerOrderStatus[] = [
  'filled',
  'canceled',
  'expired',
  'rejected',
  'replaced',
  'done_for_day',
] as const;

/** The fields a broker update may change; identity fields (intent, account, symbol, createdAt…) never change. */
const BROKER_FIELDS = ['status', 'brokerOrderId', 'filledQuantity', 'filledAveragePrice', 'rejectionReason'] as const;

/** OrderStore on the `orders` table (partition key clientOrderId, GSI byAccount on accountId + createdAt). */
export class DynamoOrderStore implements OrderStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(order: OrderRecord): Promise<ClaimResult> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...order },
          ConditionExpression: 'attribute_not_exists(clientOrderId)',
        }),
      );
      return { kind: 'claimed' };
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      // dynalite lacks ReturnValuesOnConditionCheckFailure, so the winner is read back; the
      // record cannot vanish in between (orders are never deleted), a strong read sees it.
      const existing = await this.get(order.clientOrderId);
      if (!existing) throw new Error(`order ${order.clientOrderId} exists but could not be read`, { cause: error });
      return { kind: 'exists', existing };
    }
  }

  async get(clientOrderId: string): Promise<OrderRecord | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { clientOrderId }, ConsistentRead: true }),
    );
    return Item ? parseOrder(Item) : undefined;
  }

  /**
   * Applies a broker update unless it would move the order backwards: an order still `claimed`
   * takes any update (the broker's clock may lag ours); otherwise the stored status must not be
   * terminal and the update must not be older than the stored one. A refused (stale) update and
   * an unknown order are both ignored: reconcile claims orders it does not know before updating.
   */
  async applyBrokerState(clientOrderId: string, update: Partial<OrderRecord> & { readonly updatedAt: number }): Promise<void> {
    const names: Record<string, string> = { '#status': 'status', '#updatedAt': 'updatedAt' };
    const values: Record<string, unknown> = { ':updatedAt': update.updatedAt, ':claimed': 'claimed' };
    const sets = ['#updatedAt = :updatedAt'];
    for (const field of BROKER_FIELDS) {
      const value = update[field];
      if (value === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    const terminalPlaceholders = TERMINAL_ORDER_STATUSES.map((status, i) => {
      values[`:t${i}`] = status;
      return `:t${i}`;
    });
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { clientOrderId },
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression:
            'attribute_exists(clientOrderId) AND (#status = :claimed OR ' +
            `(NOT (#status IN (${terminalPlaceholders.join(', ')})) AND #updatedAt <= :updatedAt))`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  }

  /** Newest first. */
  async listByAccount(accountId: string, limit: number): Promise<readonly OrderRecord[]> {
    return queryNewest(this.doc, { tableName: this.tableName, indexName: 'byAccount', partitionKey: 'accountId', value: accountId }, limit, parseOrder);
  }
}
