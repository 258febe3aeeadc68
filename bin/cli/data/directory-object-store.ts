import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { ObjectStore } from '../../../layers/core/ports';

/** ENOENT, duck-typed: errors thrown by `fs` may come from another realm (Jest's VM), where `instanceof Error` fails. */
const isMissingFile = (error: unknown): boolean => typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT';


/**
 * The data lake on a local directory (one file per key, `/` in keys as folders), so `tradeloop data fetch`
 * caches without an AWS account. Writes go to a temporary file renamed into place: an interrupted run never
 * leaves a half-written object that the lake would take for a complete day.
 */
export class DirectoryObjectStore implements ObjectStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    if (key.split('/').some((part) => part === '..' || part === '.' || part === '')) throw new Error(`unsafe object key "${key}"`);
    return join(this.root, ...key.split('/'));
  }

  async put(key: string, body: Uint8Array | string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.partial`;
    await writeFile(temporary, body);
    await rename(temporary, path);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if (isMissingFile(error)) return undefined;
      throw error;
    }
  }

  async list(prefix: string): Promise<readonly string[]> {
    const entries = await readdir(this.root, { recursive: true, withFileTypes: true }).catch((error: unknown) => {
      if (isMissingFile(error)) return [];
      throw error;
    });
    return entries
      .filter((entry) => entry.isFile() && !entry.name.endsWith('.partial'))
      .map((entry) => relative(this.root, join(entry.parentPath, entry.name)).split(sep).join('/'))
      .filter((key) => key.startsWith(prefix))
      .sort();
  }
}
