/** File-system side of reports: write the HTML file and hash the data files a run read. */

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderBacktestReport } from './report';
import type { BacktestReportInput, DataFileHash } from './types';

/** Renders the report and writes it to `filePath` (creating the folder); resolves to the path written. */
export async function writeBacktestReport(filePath: string, input: BacktestReportInput): Promise<string> {
  const html = renderBacktestReport(input);
  await mkdir(path.dirname(filePath), { recursive: true });
  await writeFile(filePath, html, 'utf8');
  return filePath;
}

function sha256File(filePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(filePath)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** SHA-256 (lower-case hex, as `sha256sum` prints) of each file, in the order given; paths are kept as given. */
export async function fileProvenance(paths: readonly string[]): Promise<DataFileHash[]> {
  return Promise.all(paths.map(async (p) => ({ path: p, sha256: await sha256File(p) })));
}
