import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLeanDailyData } from '../../layers/adapters/files';
import type { SweepSpecV1 } from '../../layers/contracts/sweep';
import { adjustBars, type DailyBar } from '../../layers/core/market';
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

export interface BarSources {
  /** Folder holding lean/equity/usa/… (shipped data). */
  readonly dataDir: string;
  /** The data-lake bucket, when the spec reads from it. */
  readonly lake?: ObjectStore;
}

/**
 * Daily bars of `symbols` for the spec: loaded with the same Lean loader as `tradeloop backtest`,
 * adjusted as the spec says and cut to its period. From the data lake, the symbol's files are copied
 * into a temporary folder in the same layout first, so both sources go through one parser.
 */
export async function loadSweepBars(spec: SweepSpecV1, symbols: readonly string[], sources: BarSources): Promise<Map<string, readonly DailyBar[]>> {
  const out = new Map<string, readonly DailyBar[]>();
  let dataDir = sources.dataDir;
  let temporary: string | undefined;
  try {
    if (spec.data.source === 'data-lake') {
      const lake = sources.lake;
      if (lake === undefined) throw new Error('the spec reads the data lake but TRADELOOP_DATA_LAKE_BUCKET is not set');
      temporary = await mkdtemp(join(tmpdir(), 'sweep-bars-'));
      dataDir = temporary;
      for (const symbol of symbols) {
        for (const file of leanFiles(symbol)) {
          const body = await lake.get(`${spec.data.prefix}${file.path}`);
          if (body === undefined) {
            if (file.required) throw new Error(`no daily data for ${symbol}: ${spec.data.prefix}${file.path} is not in the data lake`);
            continue;
          }
          await mkdir(join(temporary, ...file.path.split('/').slice(0, -1)), { recursive: true });
          await writeFile(join(temporary, ...file.path.split('/')), body);
        }
      }
    }
    for (const symbol of symbols) {
      const data = await loadLeanDailyData(dataDir, symbol).catch((error: unknown) => {
        throw new Error(`no daily data for ${symbol} under ${spec.data.source === 'shipped' ? dataDir : `the data lake prefix "${spec.data.prefix}"`}: ${error instanceof Error ? error.message : String(error)}`);
      });
      const adjusted = adjustBars(data.bars, data.factors, spec.data.adjust);
      out.set(symbol, adjusted.filter((b) => b.date >= spec.period.from && b.date <= spec.period.to));
    }
    return out;
  } finally {
    if (temporary !== undefined) await rm(temporary, { recursive: true, force: true });
  }
}
