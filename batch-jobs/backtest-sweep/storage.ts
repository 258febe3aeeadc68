import { basename, dirname } from 'node:path';
import { S3ObjectStore } from '../../layers/adapters/aws/objects';
import { FileObjectStore } from '../../layers/adapters/files/file-object-store';
import type { ObjectStore } from '../../layers/core/ports';
import { parseS3Uri } from '../../layers/core/sweep';

/** Where a run's files are: a store and the run prefix inside it (the spec's folder). */
export interface RunLocation {
  readonly store: ObjectStore;
  readonly specKey: string;
  readonly runPrefix: string;
  /** How to name a key to a person (s3://… or a path). */
  readonly describe: (key: string) => string;
}

/** An `s3://bucket/key` URI (real S3, or fauxqs through AWS_ENDPOINT_URL_S3) or a file path. */
export function runLocation(spec: string): RunLocation {
  const s3 = parseS3Uri(spec);
  if (s3 !== undefined) {
    const slash = s3.key.lastIndexOf('/');
    const runPrefix = slash < 0 ? '' : s3.key.slice(0, slash + 1);
    return { store: new S3ObjectStore({ bucket: s3.bucket }), specKey: s3.key, runPrefix, describe: (key) => `s3://${s3.bucket}/${key}` };
  }
  if (spec.startsWith('s3://')) throw new Error(`"${spec}" is not an s3://bucket/key URI`);
  const root = dirname(spec);
  return { store: new FileObjectStore(root), specKey: basename(spec), runPrefix: '', describe: (key) => `${root}/${key}` };
}

/** The object's text, or undefined when absent. */
export async function readText(store: ObjectStore, key: string): Promise<string | undefined> {
  const bytes = await store.get(key);
  return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
}
