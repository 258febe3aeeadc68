import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseLeanFactorFile, type FactorFileRow } from '../../layers/core/market';

/** ENOENT, duck-typed: errors thrown by `fs` may come from another realm (Jest's VM), where `instanceof Error` fails. */
const isMissingFile = (error: unknown): boolean => typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT';


/**
 * Lean factor files (`lean/equity/usa/factor_files/<sym>.csv`) of `symbols` under `dataDir`, for the bars
 * `adjustment` parameter. A symbol without a file has no corporate actions (its bars stay raw).
 */
export async function loadFactorFiles(dataDir: string, symbols: readonly string[]): Promise<ReadonlyMap<string, readonly FactorFileRow[]>> {
  const out = new Map<string, readonly FactorFileRow[]>();
  for (const symbol of symbols) {
    const path = join(dataDir, 'lean', 'equity', 'usa', 'factor_files', `${symbol.toLowerCase()}.csv`);
    const text = await readFile(path, 'utf8').catch((error: unknown) => {
      if (isMissingFile(error)) return undefined;
      throw error;
    });
    if (text !== undefined) out.set(symbol.toUpperCase(), parseLeanFactorFile(text));
  }
  return out;
}
