import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { loadLeanDailyData } from '../../layers/adapters/files';
import type { DiscoverySpecV1 } from '../../layers/contracts/discovery';
import { dailyBarsToBacktestBars, type BacktestBar } from '../../layers/core/backtest';
import { adjustBars } from '../../layers/core/market';
import type { ObjectStore } from '../../layers/core/ports';

const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

/** A data file the run read, where it came from and its SHA-256. */
export interface DataFileHash {
  readonly path: string;
  readonly sha256: string;
}

/** The symbol's files in the Lean daily layout (daily zip required, the others optional). */
function leanFiles(symbol: string): { readonly path: string; readonly required: boolean }[] {
  const lower = symbol.toLowerCase();
  return [
    { path: `lean/equity/usa/daily/${lower}.zip`, required: true },
    { path: `lean/equity/usa/factor_files/${lower}.csv`, required: false },
    { path: `lean/equity/usa/map_files/${lower}.csv`, required: false },
  ];
}

/**
 * The spec's daily bars (adjusted as it says, cut to its period) and every file they were read from with its
 * SHA-256: the shipped Lean files under `dataDir`, or the same layout under the spec's data-lake prefix (copied
 * to a temporary folder so both go through one parser, hashed as fetched).
 */
export async function loadDiscoveryBars(spec: DiscoverySpecV1, sources: { readonly dataDir: string; readonly lake?: ObjectStore }): Promise<{ readonly bars: readonly BacktestBar[]; readonly files: readonly DataFileHash[] }> {
  const files: DataFileHash[] = [];
  let dataDir = sources.dataDir;
  let temporary: string | undefined;
  try {
    for (const file of leanFiles(spec.symbol)) {
      let body: Uint8Array | undefined;
      let path: string;
      if (spec.data.source === 'data-lake') {
        if (sources.lake === undefined) throw new Error('the spec reads the data lake but TRADELOOP_DATA_LAKE_BUCKET is not set');
        temporary ??= await mkdtemp(join(tmpdir(), 'discovery-bars-'));
        dataDir = temporary;
        path = `data-lake:${spec.data.prefix}${file.path}`;
        body = await sources.lake.get(`${spec.data.prefix}${file.path}`);
        if (body !== undefined) {
          await mkdir(join(temporary, ...file.path.split('/').slice(0, -1)), { recursive: true });
          await writeFile(join(temporary, ...file.path.split('/')), body);
        }
      } else {
        path = file.path;
        body = await readFile(join(sources.dataDir, ...file.path.split('/'))).catch(() => undefined);
      }
      if (body === undefined) {
        if (file.required) throw new Error(`no daily data for ${spec.symbol}: ${path} is missing`);
        continue;
      }
      files.push({ path, sha256: sha256(body) });
    }
    const data = await loadLeanDailyData(dataDir, spec.symbol);
    const adjusted = adjustBars(data.bars, data.factors, spec.data.adjust).filter((b) => b.date >= spec.period.from && b.date <= spec.period.to);
    return { bars: dailyBarsToBacktestBars(adjusted), files };
  } finally {
    if (temporary !== undefined) await rm(temporary, { recursive: true, force: true });
  }
}

/** Every symbol of the spec's universe (`symbols`, else `symbol`) loaded as loadDiscoveryBars loads one, files in symbol order. */
export async function loadDiscoveryUniverse(
  spec: DiscoverySpecV1,
  sources: { readonly dataDir: string; readonly lake?: ObjectStore },
): Promise<{ readonly universe: ReadonlyMap<string, readonly BacktestBar[]>; readonly files: readonly DataFileHash[] }> {
  const universe = new Map<string, readonly BacktestBar[]>();
  const files: DataFileHash[] = [];
  for (const symbol of spec.symbols ?? [spec.symbol]) {
    const loaded = await loadDiscoveryBars({ ...spec, symbol }, sources);
    universe.set(symbol, loaded.bars);
    files.push(...loaded.files);
  }
  return { universe, files };
}

/** SHA-256 over the sources the result depends on (path + content, sorted): the code version without a git checkout. */
export async function sourceHash(roots: readonly string[], base: string): Promise<string> {
  const parts: string[] = [];
  for (const root of roots) {
    const entries = (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && e.name.endsWith('.ts'));
    for (const p of entries.map((e) => join(e.parentPath, e.name)).sort()) parts.push(`${relative(base, p)}\n${sha256(await readFile(p))}`);
  }
  return sha256(parts.join('\n'));
}
