import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_RISK_LIMITS, type RiskLimitsV1 } from '../../../contracts';
import type { KillSwitchState, LimitsStore, VersionedLimits } from '../../../core/ports';
import { isConditionFailed } from './conditions';
import { parseKillSwitch, parseVersionedLimits } from './records';

const KILL_SWITCH_ITEM = 'kill-switch';
const CURRENT_POLICY_ITEM = 'policy#current';

/** The history item of a policy version: `policy#v000042` (zero-padded so items sort by version). */
export function policyVersionItem(version: number): string {
  return `policy#v${String(version).padStart(6, '0')}`;
}

/** The kill switch of an account nobody ever touched: released. */
const RELEASED: KillSwitchState = { engaged: false, reason: 'never engaged', actor: 'system', changedAt: 0 };

/** Policy version 0: the defaults, never stored. */
const DEFAULT_POLICY: VersionedLimits = {
  version: 0,
  limits: DEFAULT_RISK_LIMITS,
  changedBy: 'system',
  reason: 'default policy',
  changedAt: 0,
};

type PutLimitsResult = { readonly kind: 'stored'; readonly version: number } | { readonly kind: 'conflict'; readonly currentVersion: number };

/**
 * LimitsStore on the `limits` table (accountId + item): the kill switch (`kill-switch`), the
 * current policy (`policy#current`) and every policy version (`policy#v000042`).
 *
 * A new version takes two writes and dynalite has no transactions, so the order matters:
 * 1. the version item `policy#vN`, conditional on `attribute_not_exists`: version items are
 *    write-once, so history can never be rewritten;
 * 2. the pointer `policy#current`, conditional on its version still being N-1, copying the
 *    content of `policy#vN`.
 * Because of that order the pointer never names a version whose history item is missing (every
 * audited policyVersion can be looked up), and the pointer's content always equals its version
 * item's. A writer that crashes between the steps leaves an uncommitted `policy#vN` that would
 * block every later writer; so a writer that finds `policy#vN` taken while the pointer is still
 * at N-1 completes that commit itself (copying vN to the pointer, same condition) and reports a
 * conflict: its own change lost the race for N and is retried on top of N. A writer in flight
 * whose commit was completed for it recognises its `writeId` on the pointer and reports success.
 */
export class DynamoLimitsStore implements LimitsStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async killSwitch(accountId: string): Promise<KillSwitchState> {
    const item = await this.read(accountId, KILL_SWITCH_ITEM);
    return item ? parseKillSwitch(item) : RELEASED;
  }

  async setKillSwitch(accountId: string, state: KillSwitchState): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { accountId, item: KILL_SWITCH_ITEM, ...state },
      }),
    );
  }

  async currentLimits(accountId: string): Promise<VersionedLimits> {
    const item = await this.read(accountId, CURRENT_POLICY_ITEM);
    return item ? parseVersionedLimits(item) : DEFAULT_POLICY;
  }

  /** A stored historical version (undefined for version 0 and unknown versions). */
  async limitsVersion(accountId: string, version: number): Promise<VersionedLimits | undefined> {
    const item = await this.read(accountId, policyVersionItem(version));
    return item ? parseVersionedLimits(item) : undefined;
  }

  async putLimits(
    accountId: string,
    limits: RiskLimitsV1,
    expectedVersion: number,
    meta: { readonly changedBy: string; readonly reason: string; readonly changedAt: number },
  ): Promise<PutLimitsResult> {
    const version = expectedVersion + 1;
    const writeId = randomUUID();
    const content = { version, limits, changedBy: meta.changedBy, reason: meta.reason, changedAt: meta.changedAt, writeId };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { accountId, item: policyVersionItem(version), ...content },
          ConditionExpression: 'attribute_not_exists(#item)',
          ExpressionAttributeNames: { '#item': 'item' },
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      return this.loseRaceFor(accountId, version);
    }
    if (await this.movePointer(accountId, content)) return { kind: 'stored', version };
    // Someone may have completed our commit for us (see the class comment) before our own step 2.
    const current = await this.read(accountId, CURRENT_POLICY_ITEM);
    if (current?.['writeId'] === writeId) return { kind: 'stored', version };
    return { kind: 'conflict', currentVersion: current ? parseVersionedLimits(current).version : 0 };
  }

  /** Version `version` is taken: finish its commit if its writer has not, then report the conflict. */
  private async loseRaceFor(accountId: string, version: number): Promise<PutLimitsResult> {
    const current = await this.currentLimits(accountId);
    if (current.version === version - 1) {
      const pending = await this.read(accountId, policyVersionItem(version));
      if (pending) {
        const { limits, changedBy, reason, changedAt } = parseVersionedLimits(pending);
        await this.movePointer(accountId, { version, limits, changedBy, reason, changedAt, writeId: pending['writeId'] });
      }
    }
    return { kind: 'conflict', currentVersion: (await this.currentLimits(accountId)).version };
  }

  /** Step 2: moves the pointer from version-1 to `content.version`; false if it is no longer at version-1. */
  private async movePointer(accountId: string, content: VersionedLimits & { readonly writeId: unknown }): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { accountId, item: CURRENT_POLICY_ITEM, ...content },
          ConditionExpression:
            content.version === 1 ? 'attribute_not_exists(#item) OR version = :previous' : 'version = :previous',
          ExpressionAttributeNames: content.version === 1 ? { '#item': 'item' } : undefined,
          ExpressionAttributeValues: { ':previous': content.version - 1 },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  private async read(accountId: string, item: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { accountId, item }, ConsistentRead: true }),
    );
    return Item;
  }
}
