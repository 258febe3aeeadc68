import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLeanDailyData } from '../../layers/adapters/files';
import { adjustBars, type DailyBar } from '../../layers/core/market';
import { canonicalJson, sha256Hex } from '../../layers/core/ml/lifecycle';
import type { ObjectStore } from '../../layers/core/ports';

/** The three files of one symbol in the Lean daily layout (daily zip required, the others optional). */
function leanFiles(symbol: string): { readonly path: string; readonly required: boolean }[] {
  const lower = symbol.toLowerCase();
  return [
    { path: `lean/equity/usa/daily/${lower}.zip`, required: true },
    { path: `lean/equity/usa/factor_files/${lower}.csv`, required: false },
    { path: `lean/equity/usa/map_files/${lower}.csv`, required: false },
  ];
}

export interface TrainingBars {
  readonly bars: readonly DailyBar[];
  /** SHA-256 of every input file read (path relative to the data root or lake prefix). */
  readonly files: readonly { readonly path: string; readonly sha256: string }[];
  /** SHA-256 of the adjusted bars in the window (canonical JSON): what the models actually saw. */
  readonly barsSha256: string;
}

/**
 * Split-and-dividend adjusted daily bars of `symbol` in from..to, from the shipped Lean files or the
 * same layout under a data-lake prefix (copied to a temporary folder, so both go through one parser,
 * as the sweep job does), with the SHA-256 of every file read.
 */
export async function loadTrainingBars(symbol: string, from: string, to: string, source: { readonly dataDir: string } | { readonly lake: ObjectStore; readonly prefix: string }): Promise<TrainingBars> {
  let dataDir: string;
  let temporary: string | undefined;
  const files: { path: string; sha256: string }[] = [];
  try {
    if ('lake' in source) {
      temporary = await mkdtemp(join(tmpdir(), 'training-bars-'));
      dataDir = temporary;
      for (const file of leanFiles(symbol)) {
        const body = await source.lake.get(`${source.prefix}${file.path}`);
        if (body === undefined) {
          if (file.required) throw new Error(`no daily data for ${symbol}: ${source.prefix}${file.path} is not in the data lake`);
          continue;
        }
        await mkdir(join(temporary, ...file.path.split('/').slice(0, -1)), { recursive: true });
        await writeFile(join(temporary, ...file.path.split('/')), body);
        files.push({ path: `${source.prefix}${file.path}`, sha256: sha256Hex(body) });
      }
    } else {
      dataDir = source.dataDir;
      for (const file of leanFiles(symbol)) {
        const body = await readFile(join(dataDir, ...file.path.split('/'))).catch(() => undefined);
        if (body === undefined) {
          if (file.required) throw new Error(`no daily data for ${symbol} under ${dataDir}`);
          continue;
        }
        files.push({ path: file.path, sha256: sha256Hex(body) });
      }
    }
    const data = await loadLeanDailyData(dataDir, symbol);
    const bars = adjustBars(data.bars, data.factors, 'split-and-dividend').filter((b) => b.date >= from && b.date <= to);
    return { bars, files, barsSha256: sha256Hex(canonicalJson(bars)) };
  } finally {
    if (temporary !== undefined) await rm(temporary, { recursive: true, force: true });
  }
}

/** Subtracts calendar days from a YYYY-MM-DD date. */
export function minusDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) - days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
