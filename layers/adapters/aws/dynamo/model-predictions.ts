import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { PredictionRecordV1, type PredictionStore } from '../../../core/ml/inference';
import { createDocumentClient } from '../clients';
import { isConditionFailed } from './conditions';

/** Sort-key prefix of prediction items; sorts after `decision#…` and before `v-…` versions. */
export const PREDICTION_PREFIX = 'prediction#';

/** Sort key of one prediction: per version, then session date (so a version's predictions are one query, in date order). */
export const predictionSortKey = (version: string, sessionDate: string): string => `${PREDICTION_PREFIX}${version}#${sessionDate}`;

const StoredPrediction = z.object({ recordJson: z.string() });

/**
 * Live predictions of champion and challenger on the `models` table, next to the versions they came
 * from: modelId = "SYMBOL#family", version = "prediction#<model version>#<session date>", put once
 * (attribute_not_exists), so a re-delivered bar or a retried flush writes nothing new. Kept without
 * TTL: one item per model, version and session is small, and drift and promotion read the history.
 */
export class DynamoPredictionStore implements PredictionStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    private readonly tableName: string,
    doc?: DynamoDBDocumentClient,
  ) {
    this.doc = doc ?? createDocumentClient();
  }

  async recordOnce(record: PredictionRecordV1): Promise<boolean> {
    const parsed = PredictionRecordV1.parse(record);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            modelId: parsed.modelId,
            version: predictionSortKey(parsed.version, parsed.sessionDate),
            kind: 'prediction',
            role: parsed.role,
            sessionDate: parsed.sessionDate,
            probability: parsed.probability,
            // The whole record as JSON: floats round-trip exactly (DynamoDB numbers would too, but a list of 35 is bulky).
            recordJson: JSON.stringify(parsed),
          },
          ConditionExpression: 'attribute_not_exists(modelId)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  async list(modelId: string, version: string): Promise<PredictionRecordV1[]> {
    const out: PredictionRecordV1[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'modelId = :m AND begins_with(#version, :p)',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':m': modelId, ':p': `${PREDICTION_PREFIX}${version}#` },
          ConsistentRead: true,
          ...(start !== undefined ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) out.push(PredictionRecordV1.parse(JSON.parse(StoredPrediction.parse(item).recordJson)));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return out;
  }
}
