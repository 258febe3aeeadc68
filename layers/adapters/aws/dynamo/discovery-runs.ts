import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { DiscoverySummaryV1 } from '../../../contracts';
import type { BacktestLaunch } from '../../../core/sweep/runs';
import type { DiscoveryRunRecord, DiscoveryRunStore } from '../../../core/discovery';
import { createDocumentClient } from '../clients';
import { DynamoBacktestRunStore, storedRunFields } from './backtest-runs';
import { isConditionFailed } from './conditions';

/** The stored item, checked on read. The discovery summary is its own attribute: `summary` is a sweep's. */
const StoredDiscoveryRun = z.object({
  ...storedRunFields,
  runId: z.string().startsWith('dr-'),
  discoverySummary: DiscoverySummaryV1.optional(),
  error: z.string().optional(),
});

/**
 * DiscoveryRunStore on the backtest-runs table: the claim, launch, reclaim, running and failed transitions are
 * the backtest store's own conditional writes (a discovery record has every field they touch); only success
 * differs, storing a discovery summary under `discoverySummary`.
 */
export class DynamoDiscoveryRunStore implements DiscoveryRunStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly runs: DynamoBacktestRunStore;

  constructor(
    private readonly tableName: string,
    doc?: DynamoDBDocumentClient,
  ) {
    this.doc = doc ?? createDocumentClient();
    this.runs = new DynamoBacktestRunStore(tableName, this.doc);
  }

  async claim(record: DiscoveryRunRecord): Promise<{ readonly kind: 'claimed' } | { readonly kind: 'exists'; readonly record: DiscoveryRunRecord }> {
    const { summary: _none, ...rest } = record;
    const outcome = await this.runs.claim(rest);
    if (outcome.kind === 'claimed') return outcome;
    const existing = await this.get(record.runId);
    if (existing === undefined) throw new Error(`discovery run ${record.runId} exists but could not be read`);
    return { kind: 'exists', record: existing };
  }

  async get(runId: string): Promise<DiscoveryRunRecord | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { runId }, ConsistentRead: true }));
    if (Item === undefined) return undefined;
    const { discoverySummary, ...rest } = StoredDiscoveryRun.parse(Item);
    return { ...(rest as Omit<DiscoveryRunRecord, 'summary'>), ...(discoverySummary === undefined ? {} : { summary: discoverySummary }) };
  }

  recordLaunch(runId: string, attempt: number, launch: BacktestLaunch, at: number): Promise<void> {
    return this.runs.recordLaunch(runId, attempt, launch, at);
  }

  reclaimUnlaunched(runId: string, attempt: number, at: number, staleBefore: number): Promise<boolean> {
    return this.runs.reclaimUnlaunched(runId, attempt, at, staleBefore);
  }

  markRunning(runId: string, at: number): Promise<void> {
    return this.runs.markRunning(runId, at);
  }

  markFailed(runId: string, error: string, at: number): Promise<void> {
    return this.runs.markFailed(runId, error, at);
  }

  /** → succeeded with the summary, only from queued or running (a failure is final); skipped otherwise. */
  async markSucceeded(runId: string, summary: DiscoverySummaryV1, at: number): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { runId },
          UpdateExpression: 'SET #status = :succeeded, #summary = :summary, #updatedAt = :at',
          ConditionExpression: 'attribute_exists(runId) AND #status IN (:queued, :running)',
          ExpressionAttributeNames: { '#status': 'status', '#summary': 'discoverySummary', '#updatedAt': 'updatedAt' },
          ExpressionAttributeValues: { ':succeeded': 'succeeded', ':summary': summary, ':queued': 'queued', ':running': 'running', ':at': at },
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  }
}
