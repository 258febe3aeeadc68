import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { BacktestRunStatus, SweepSummaryV1 } from '../../../contracts/sweep';
import type { BacktestLaunch, BacktestRunRecord, BacktestRunStore, ClaimResult } from '../../../core/sweep/runs';
import type { SweepSummaryV1 as SweepSummary } from '../../../contracts/sweep';
import { createDocumentClient } from '../clients';
import { isConditionFailed } from './conditions';

/** How a run was started (BacktestLaunch), as stored. */
const Launch = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('batch'), shardJobId: z.string(), reducerJobId: z.string() }),
  z.object({ kind: z.literal('local'), pid: z.number().int(), host: z.string() }),
]);

/**
 * The fields every run on the backtest-runs table stores, whatever its job (sweep or discovery); each job
 * adds its own summary attribute. Spread into each job's item schema, so the stored shapes stay one.
 */
export const storedRunFields = {
  runId: z.string(),
  status: BacktestRunStatus,
  specHash: z.string(),
  idempotencyKey: z.string().optional(),
  specUri: z.string(),
  runUri: z.string(),
  shardCount: z.number().int(),
  caseCount: z.number().int(),
  createdAt: z.number(),
  updatedAt: z.number(),
  attempt: z.number().int(),
  launch: Launch.optional(),
} as const;

/** The stored item, checked on read: a record written by an older or foreign writer fails loudly. */
const StoredRun = z.object({
  ...storedRunFields,
  summary: SweepSummaryV1.optional(),
  error: z.string().optional(),
});

/**
 * BacktestRunStore on the `backtest-runs` table (partition key runId). Every status change is a
 * conditional update, so the job and the control API can both move a run without either moving it
 * backwards: succeeded and failed are final (except a run that never launched, see reclaimUnlaunched).
 */
export class DynamoBacktestRunStore implements BacktestRunStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    private readonly tableName: string,
    doc?: DynamoDBDocumentClient,
  ) {
    this.doc = doc ?? createDocumentClient();
  }

  async claim(record: BacktestRunRecord): Promise<ClaimResult> {
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...record }, ConditionExpression: 'attribute_not_exists(runId)' }));
      return { kind: 'claimed' };
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      // Run records are never deleted, so the winner can be read back (dynalite lacks ReturnValuesOnConditionCheckFailure).
      const existing = await this.get(record.runId);
      if (existing === undefined) throw new Error(`backtest run ${record.runId} exists but could not be read`, { cause: error });
      return { kind: 'exists', record: existing };
    }
  }

  async get(runId: string): Promise<BacktestRunRecord | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { runId }, ConsistentRead: true }));
    return Item === undefined ? undefined : (StoredRun.parse(Item) as BacktestRunRecord);
  }

  async recordLaunch(runId: string, attempt: number, launch: BacktestLaunch, at: number): Promise<void> {
    // Not conditioned on the status: a fast job may already have marked the run running (or done).
    await this.update(runId, 'SET #launch = :launch, #updatedAt = :at', '#attempt = :attempt AND attribute_not_exists(#launch)', {
      ':launch': launch,
      ':at': at,
      ':attempt': attempt,
    }, { '#launch': 'launch', '#attempt': 'attempt' }, `record the launch of ${runId} (attempt ${attempt})`);
  }

  async reclaimUnlaunched(runId: string, attempt: number, at: number, staleBefore: number): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { runId },
          UpdateExpression: 'SET #status = :queued, #attempt = :next, #updatedAt = :at REMOVE #error',
          ConditionExpression: '#attempt = :attempt AND attribute_not_exists(#launch) AND (#status = :failed OR (#status = :queued AND #updatedAt < :stale))',
          ExpressionAttributeNames: { '#status': 'status', '#attempt': 'attempt', '#updatedAt': 'updatedAt', '#error': 'error', '#launch': 'launch' },
          ExpressionAttributeValues: { ':queued': 'queued', ':failed': 'failed', ':attempt': attempt, ':next': attempt + 1, ':at': at, ':stale': staleBefore },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  async markRunning(runId: string, at: number): Promise<void> {
    await this.updateIfHolds(runId, 'SET #status = :running, #updatedAt = :at', '#status = :queued', { ':running': 'running', ':queued': 'queued', ':at': at });
  }

  async markSucceeded(runId: string, summary: SweepSummary, at: number): Promise<void> {
    await this.updateIfHolds(runId, 'SET #status = :succeeded, #summary = :summary, #updatedAt = :at', '#status IN (:queued, :running)', {
      ':succeeded': 'succeeded',
      ':summary': summary,
      ':queued': 'queued',
      ':running': 'running',
      ':at': at,
    }, { '#summary': 'summary' });
  }

  async markFailed(runId: string, error: string, at: number): Promise<void> {
    await this.updateIfHolds(runId, 'SET #status = :failed, #error = :error, #updatedAt = :at', '#status IN (:queued, :running)', {
      ':failed': 'failed',
      ':error': error.slice(0, 2000),
      ':queued': 'queued',
      ':running': 'running',
      ':at': at,
    }, { '#error': 'error' });
  }

  /** A transition that is skipped (not an error) when the run already moved on, or does not exist. */
  private async updateIfHolds(runId: string, expression: string, condition: string, values: Record<string, unknown>, names: Record<string, string> = {}): Promise<void> {
    try {
      await this.update(runId, expression, `attribute_exists(runId) AND ${condition}`, values, names, '');
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  }

  private async update(
    runId: string,
    expression: string,
    condition: string,
    values: Record<string, unknown>,
    names: Record<string, string>,
    what: string,
  ): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { runId },
          UpdateExpression: expression,
          ConditionExpression: condition,
          // DynamoDB refuses names the expressions do not use, so only the used ones are sent.
          ExpressionAttributeNames: Object.fromEntries(
            Object.entries({ '#status': 'status', '#updatedAt': 'updatedAt', ...names }).filter(([k]) => `${expression} ${condition}`.includes(k)),
          ),
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (what !== '' && isConditionFailed(error)) throw new Error(`could not ${what}: another attempt or launch is recorded`, { cause: error });
      throw error;
    }
  }
}
