import { readFile } from 'node:fs/promises';
import { DailyCsvError, parseDailyCsv, type DailyCsvOptions, type DailyCsvResult } from '../../core/market/csv';

export interface DailyCsvLoadOptions extends DailyCsvOptions {
  /** Default true: any malformed row fails the load (`DailyCsvError` naming the file and each row). */
  readonly strict?: boolean;
}

/**
 * Loads a plain daily CSV file (`Date,Open,High,Low,Close,Volume[,...]`) as daily bars, ascending. Strict by
 * default; with `strict: false` the valid rows come back with the per-row errors beside them.
 */
export async function loadDailyCsv(path: string, options: DailyCsvLoadOptions = {}): Promise<DailyCsvResult> {
  const text = await readFile(path, 'utf8');
  let result: DailyCsvResult;
  try {
    result = parseDailyCsv(text, options);
  } catch (error) {
    if (error instanceof DailyCsvError) throw new DailyCsvError(`${path}: ${error.message}`, error.errors);
    throw error;
  }
  if ((options.strict ?? true) && result.errors.length > 0) {
    const shown = result.errors.slice(0, 10).map((e) => `line ${e.row}: ${e.reason}`).join('\n');
    throw new DailyCsvError(`${path}: ${result.errors.length} malformed row(s):\n${shown}`, result.errors);
  }
  return result;
}
