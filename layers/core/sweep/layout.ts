/**
 * Where a sweep run's files live, relative to its run prefix (the folder of its spec):
 * `spec.json`, `shards/<index>.json` (one per Batch array child), `result.json` (the reducer's).
 * The job, the control API (progress = shard files present) and the local runtime share it.
 */
export const sweepRunLayout = {
  spec: (runPrefix: string): string => `${runPrefix}spec.json`,
  shardsPrefix: (runPrefix: string): string => `${runPrefix}shards/`,
  shard: (runPrefix: string, index: number): string => `${runPrefix}shards/${index}.json`,
  result: (runPrefix: string): string => `${runPrefix}result.json`,
  /** The shard index of a key under shardsPrefix, or undefined for anything else. */
  shardIndexOf: (runPrefix: string, key: string): number | undefined => {
    const match = /^(\d+)\.json$/.exec(key.slice(`${runPrefix}shards/`.length));
    return key.startsWith(`${runPrefix}shards/`) && match?.[1] !== undefined ? Number(match[1]) : undefined;
  },
} as const;

/** Where every run lives in the results bucket (the control API's S3 grant is scoped to it). */
export const BACKTESTS_PREFIX = 'backtests/';

/** Key prefix of the run in the results bucket, as the control API creates it. */
export const backtestRunPrefix = (runId: string): string => `${BACKTESTS_PREFIX}${runId}/`;

/** Splits `s3://bucket/key` (undefined when the text is not an S3 URI). */
export function parseS3Uri(uri: string): { readonly bucket: string; readonly key: string } | undefined {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/.exec(uri);
  return match?.[1] !== undefined && match[2] !== undefined ? { bucket: match[1], key: match[2] } : undefined;
}
