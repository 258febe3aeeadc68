import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level: two specs that differ only in key order (or in
 * whitespace) have the same text, hence the same hash and the same run id. Arrays keep their order
 * (the order of an explicit parameter list is meaningful).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

/** Lower-case hex sha256 of a UTF-8 string (deterministic; no I/O). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
