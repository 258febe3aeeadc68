import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/**
 * True when a conditional write was refused because its condition did not hold: an expected
 * outcome (a duplicate, a lost race, a stale update), not a failure.
 */
export function isConditionFailed(error: unknown): boolean {
  // Checked by name as well: a second copy of the SDK in a bundle breaks `instanceof`.
  return error instanceof ConditionalCheckFailedException || (error instanceof Error && error.name === 'ConditionalCheckFailedException');
}

/** Seconds since the epoch at which an item written now with `ttlSeconds` expires (DynamoDB TTL unit). */
export function expiresAt(nowMs: number, ttlSeconds: number): number {
  return Math.floor(nowMs / 1000) + Math.max(0, Math.floor(ttlSeconds));
}
