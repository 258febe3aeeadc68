import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DailyBar } from '../../core/market/bars';
import {
  filterByMapFile,
  parseLeanDailyBars,
  parseLeanFactorFile,
  parseLeanMapFile,
  type FactorFileRow,
  type MapFileRow,
} from '../../core/market/lean';
import { readZipTextEntries } from './zip-entries';

/** Raw daily bars of one security with its corporate-action files. */
export interface LeanDailyData {
  readonly symbol: string;
  /** Raw (unadjusted) daily bars, ascending, filtered by the map file to the dates this ticker is the security. */
  readonly bars: readonly DailyBar[];
  readonly factors: readonly FactorFileRow[];
  readonly mapFile: readonly MapFileRow[];
  /** Rows of the daily file that the map file says belong to another instrument (dropped from `bars`). */
  readonly droppedRows: number;
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Loads `lean/equity/usa/daily/<sym>.zip` with `factor_files/<sym>.csv` and `map_files/<sym>.csv` from
 * `dataDir` (the product's `data/` folder). A missing factor file means no corporate actions; a missing map
 * file means no filtering. Adjust with `adjustBars(data.bars, data.factors, mode)`.
 */
export async function loadLeanDailyData(dataDir: string, symbol: string): Promise<LeanDailyData> {
  const lower = symbol.toLowerCase();
  const base = join(dataDir, 'lean', 'equity', 'usa');
  const entries = await readZipTextEntries(join(base, 'daily', `${lower}.zip`));
  const raw = entries.flatMap((entry) => parseLeanDailyBars(entry.text));
  const factorText = await readOptional(join(base, 'factor_files', `${lower}.csv`));
  const mapText = await readOptional(join(base, 'map_files', `${lower}.csv`));
  const factors = factorText === undefined ? [] : parseLeanFactorFile(factorText);
  const mapFile = mapText === undefined ? [] : parseLeanMapFile(mapText);
  const bars = mapText === undefined ? raw : filterByMapFile(raw, mapFile, symbol);
  return { symbol: symbol.toUpperCase(), bars, factors, mapFile, droppedRows: raw.length - bars.length };
}
