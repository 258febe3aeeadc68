/** Writes a rendered HTML report to a file, creating its folder. */

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Writes `html` to `filePath` (UTF-8, folders created); resolves to the path written. */
export async function writeHtmlReport(filePath: string, html: string): Promise<string> {
  await mkdir(path.dirname(filePath), { recursive: true });
  await writeFile(filePath, html, 'utf8');
  return filePath;
}
