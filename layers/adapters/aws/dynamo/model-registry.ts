import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { ArtefactManifestV1, type DecisionRecord, type ModelPointers, type ModelRegistry, type RegisterResult } from '../../../core/ml/lifecycle';
import { createDocumentClient } from '../clients';
import { isConditionFailed } from './conditions';

/** Sort key of the pointer item; sorts before every `v-…` version and `decision#…` item. */
export const POINTERS_SORT_KEY = '#pointers';
const DECISION_PREFIX = 'decision#';

const StoredPointers = z.object({
  modelId: z.string(),
  version: z.literal(POINTERS_SORT_KEY),
  champion: z.string().optional(),
  challenger: z.string().optional(),
  revision: z.number().int().nonnegative(),
  updatedAt: z.string(),
});

const StoredDecision = z.object({
  modelId: z.string(),
  decidedAt: z.string(),
  challengerVersion: z.string(),
  championVersion: z.string().optional(),
  promoted: z.boolean(),
  reason: z.string(),
  evidenceJson: z.string(),
});

/**
 * The model registry on the `models` table (partition modelId = "SYMBOL#family", sort key version):
 * - `v-<date>-<hash>`: one item per artefact version, the manifest as JSON (NaN metrics become null),
 *   put once (attribute_not_exists);
 * - `#pointers`: champion and challenger, every write conditioned on the revision it read
 *   (attribute_not_exists for the first), so two jobs cannot both move them;
 * - `decision#<decidedAt>#<challenger version>`: every promotion decision with its evidence, put once.
 */
export class DynamoModelRegistry implements ModelRegistry {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    private readonly tableName: string,
    doc?: DynamoDBDocumentClient,
  ) {
    this.doc = doc ?? createDocumentClient();
  }

  async registerVersion(manifest: ArtefactManifestV1): Promise<RegisterResult> {
    const parsed = ArtefactManifestV1.parse(manifest);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { modelId: parsed.modelId, version: parsed.version, kind: 'version', createdAt: parsed.createdAt, trainedThrough: parsed.trainingWindow.trainedThrough, manifestJson: JSON.stringify(parsed) },
          ConditionExpression: 'attribute_not_exists(modelId)',
        }),
      );
      return { kind: 'registered' };
    } catch (error) {
      if (isConditionFailed(error)) return { kind: 'exists' };
      throw error;
    }
  }

  async getVersion(modelId: string, version: string): Promise<ArtefactManifestV1 | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { modelId, version }, ConsistentRead: true }));
    if (Item === undefined) return undefined;
    return ArtefactManifestV1.parse(JSON.parse(z.string().parse(Item.manifestJson)));
  }

  async getPointers(modelId: string): Promise<ModelPointers | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { modelId, version: POINTERS_SORT_KEY }, ConsistentRead: true }));
    if (Item === undefined) return undefined;
    const p = StoredPointers.parse(Item);
    return { modelId: p.modelId, revision: p.revision, updatedAt: p.updatedAt, ...(p.champion !== undefined ? { champion: p.champion } : {}), ...(p.challenger !== undefined ? { challenger: p.challenger } : {}) };
  }

  async setPointers(modelId: string, next: { readonly champion?: string; readonly challenger?: string }, expectedRevision: number | undefined, at: string): Promise<boolean> {
    const item = {
      modelId,
      version: POINTERS_SORT_KEY,
      ...(next.champion !== undefined ? { champion: next.champion } : {}),
      ...(next.challenger !== undefined ? { challenger: next.challenger } : {}),
      revision: (expectedRevision ?? 0) + 1,
      updatedAt: at,
    };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ...(expectedRevision === undefined
            ? { ConditionExpression: 'attribute_not_exists(modelId)' }
            : { ConditionExpression: '#revision = :expected', ExpressionAttributeNames: { '#revision': 'revision' }, ExpressionAttributeValues: { ':expected': expectedRevision } }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  async recordDecision(decision: DecisionRecord): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            modelId: decision.modelId,
            version: `${DECISION_PREFIX}${decision.decidedAt}#${decision.challengerVersion}`,
            kind: 'decision',
            decidedAt: decision.decidedAt,
            challengerVersion: decision.challengerVersion,
            ...(decision.championVersion !== undefined ? { championVersion: decision.championVersion } : {}),
            promoted: decision.promoted,
            reason: decision.reason,
            evidenceJson: JSON.stringify(decision.evidence),
          },
          ConditionExpression: 'attribute_not_exists(modelId)',
        }),
      );
    } catch (error) {
      // The same decision recorded twice (a retried job): the first record stands.
      if (!isConditionFailed(error)) throw error;
    }
  }

  async listDecisions(modelId: string): Promise<DecisionRecord[]> {
    const out: DecisionRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'modelId = :m AND begins_with(#version, :p)',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':m': modelId, ':p': DECISION_PREFIX },
          ConsistentRead: true,
          ...(start !== undefined ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        const d = StoredDecision.parse(item);
        out.push({ modelId: d.modelId, decidedAt: d.decidedAt, challengerVersion: d.challengerVersion, ...(d.championVersion !== undefined ? { championVersion: d.championVersion } : {}), promoted: d.promoted, reason: d.reason, evidence: JSON.parse(d.evidenceJson) as unknown });
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return out;
  }
}
