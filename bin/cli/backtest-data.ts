import { join } from 'node:path';
import { loadDailyCsv } from '../../layers/adapters/files/daily-csv-loader';
import { loadLeanDailyData } from '../../layers/adapters/files';
import { adjustBars } from '../../layers/core/market';
import type { DailyBar } from '../../layers/core/market';
import { DailyCsvError } from '../../layers/core/market/csv';
import { PROJECT_DATA_DIR } from '../../local/data-dir';
import { UsageError } from './usage-error';

export type PriceAdjustment = 'raw' | 'split' | 'split-and-dividend';

export interface DailyDataRequest {
  readonly symbol: string;
  readonly from: string;
  readonly to: string;
  /** A plain Date,Open,High,Low,Close,Volume CSV; when absent the shipped Lean data is read. */
  readonly csv?: string;
  readonly adjust: PriceAdjustment;
}

/** Daily bars of one symbol in [from, to] and the files they came from (for the report's provenance). */
export async function loadDailyBars(request: DailyDataRequest): Promise<{ readonly bars: readonly DailyBar[]; readonly files: readonly string[] }> {
  const inRange = (bars: readonly DailyBar[]) => bars.filter((b) => b.date >= request.from && b.date <= request.to);
  if (request.csv !== undefined) {
    const result = await loadDailyCsv(request.csv).catch((error: unknown) => {
      throw error instanceof DailyCsvError ? new UsageError(error.message) : error;
    });
    return { bars: inRange(result.bars), files: [request.csv] };
  }
  const lower = request.symbol.toLowerCase();
  const base = join(PROJECT_DATA_DIR, 'lean', 'equity', 'usa');
  const data = await loadLeanDailyData(PROJECT_DATA_DIR, request.symbol).catch(() => {
    throw new UsageError(`no daily data for ${request.symbol} in data/ (shipped: see data/README.md), or pass --data <csv>`);
  });
  return {
    bars: inRange(adjustBars(data.bars, data.factors, request.adjust)),
    files: [join(base, 'daily', `${lower}.zip`), join(base, 'factor_files', `${lower}.csv`), join(base, 'map_files', `${lower}.csv`)],
  };
}
