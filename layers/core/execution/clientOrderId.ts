import { createHash } from 'node:crypto';

/** Alpaca accepts client order ids up to 128 characters. */
export const MAX_CLIENT_ORDER_ID_LENGTH = 128;

/**
 * The broker client order id of an intent: deterministic, so every retry of the same intent asks
 * the broker for the same order and the broker's own uniqueness check backs ours. Format
 * `tl-<first 32 safe chars of the intent id>-<sha256 hex, 40 chars>`: readable in the broker UI,
 * collision-free in practice, [A-Za-z0-9_-] only, at most 77 characters.
 */
export function clientOrderIdFor(intentId: string): string {
  if (intentId.length === 0) throw new RangeError('intent id must not be empty');
  const digest = createHash('sha256').update(intentId, 'utf8').digest('hex').slice(0, 40);
  const readable = intentId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 32);
  return `tl-${readable}-${digest}`;
}
