import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CurrentRegime, CurrentRegimeStore } from '../../../core/ports/regime';
import { REGIME_LABELS } from '../../../core/regime';
import { isConditionFailed } from './conditions';

/** The strategy-state partition holding each symbol's current regime (sort key = symbol). */
export const CURRENT_REGIME_KEY = 'current-regime';

/**
 * CurrentRegimeStore on the `strategy-state` table: one item per symbol under strategyId
 * `current-regime`. The regime is stored as JSON (`regimeJson`) next to a plain `asOf` attribute that
 * the write condition compares: a record is replaced only by a strictly later session, so a redelivered
 * or late detector run never moves a symbol's regime backwards. One regime per symbol and session date
 * is a few hundred bytes: no TTL, the item is overwritten nightly.
 */
export class DynamoCurrentRegimeStore implements CurrentRegimeStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async currentRegime(symbol: string): Promise<CurrentRegime | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { strategyId: CURRENT_REGIME_KEY, symbol }, ConsistentRead: true }));
    if (!Item) return undefined;
    const { regimeJson } = Item;
    if (typeof regimeJson !== 'string') throw new Error(`malformed current regime for ${symbol}`);
    const regime = JSON.parse(regimeJson) as CurrentRegime;
    if (!(REGIME_LABELS as readonly string[]).includes(regime.label) || typeof regime.asOf !== 'string') throw new Error(`malformed current regime for ${symbol}`);
    return regime;
  }

  async recordRegime(regime: CurrentRegime): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { strategyId: CURRENT_REGIME_KEY, symbol: regime.symbol, asOf: regime.asOf, label: regime.label, regimeJson: JSON.stringify(regime) },
          // YYYY-MM-DD compares correctly as a string.
          ConditionExpression: 'attribute_not_exists(strategyId) OR asOf < :asOf',
          ExpressionAttributeValues: { ':asOf': regime.asOf },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }
}
