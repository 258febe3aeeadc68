import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { AlpacaHistoricalData, BrokerClock, createAlpacaClients, SystemClock } from '../../layers/adapters/alpaca';
import { readAlpacaCredentials } from '../../layers/adapters/aws/secrets';
import { loadLeanDailyData } from '../../layers/adapters/files';
import { adjustBars, nyseCalendar, type DailyBar } from '../../layers/core/market';
import { DataLakeHistory, nyDay, type CacheEvent } from '../../layers/core/market/data-lake';
import type { HistoricalFeed, HistoricalMarketData } from '../../layers/core/market/history';
import { canonicalJson, sha256Hex } from '../../layers/core/ml/lifecycle';
import type { Clock, ObjectStore } from '../../layers/core/ports';

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
  /** Where the bars came from, for the manifest: `shipped`, `data-lake:<prefix>` or `alpaca:<host>:<feed>`. */
  readonly source: string;
  readonly bars: readonly DailyBar[];
  /** SHA-256 of every input file read (path relative to the data root or lake prefix). */
  readonly files: readonly { readonly path: string; readonly sha256: string }[];
  /** SHA-256 of the adjusted bars in the window (canonical JSON): what the models actually saw. */
  readonly barsSha256: string;
  /** Alpaca source only: symbol-days read from the lake (`hit`), fetched and stored (`stored`), fetched and not stored (`live`: the day is not over). */
  readonly cache?: Readonly<Record<CacheEvent['outcome'], number>>;
}

/**
 * Daily bars from Alpaca's history API (the `alpaca` data source): 1Day bars adjusted for splits and
 * dividends (Alpaca's `all`), read through the data lake's day cache with the layout `tradeloop data
 * fetch --cache-bucket` writes (`<host>/bars/1Day/<feed>/all/<SYMBOL>/<date>.json`), so the nightly job
 * asks Alpaca only for the days the lake lacks.
 */
export interface AlpacaBarSource {
  readonly history: HistoricalMarketData;
  /** Decides which days are over (only those are stored). */
  readonly clock: Clock;
  readonly lake: ObjectStore;
  readonly feed: HistoricalFeed;
  /** The data host: the cache prefix, so a stand-in's bars never mix with Alpaca's. */
  readonly name: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Opens the Alpaca source with the key pair from Secrets Manager (as the functions read it). A loopback
 * data URL is the local paper broker, whose market clock (not the wall clock) says which days are over.
 */
export async function openAlpacaBarSource(options: { readonly secretId: string; readonly dataUrl: string; readonly tradingUrl?: string; readonly feed: HistoricalFeed; readonly lake: ObjectStore }): Promise<AlpacaBarSource> {
  const credentials = await readAlpacaCredentials(options.secretId);
  const clients = createAlpacaClients({ keyId: credentials.keyId, secretKey: credentials.secretKey, tradingUrl: options.tradingUrl ?? options.dataUrl, dataUrl: options.dataUrl });
  const host = new URL(options.dataUrl).hostname;
  const local = LOOPBACK.has(host);
  return {
    history: new AlpacaHistoricalData(clients, { feed: options.feed, adjustment: 'all' }),
    clock: local ? new BrokerClock(clients) : new SystemClock(),
    lake: options.lake,
    feed: options.feed,
    name: local ? 'paper-broker' : host,
  };
}

/** Alpaca daily bars of `symbol` in from..to (New York dates, inclusive) through the lake; see AlpacaBarSource. */
export async function loadAlpacaTrainingBars(symbol: string, from: string, to: string, source: AlpacaBarSource): Promise<TrainingBars> {
  const cache = { hit: 0, stored: 0, live: 0 };
  const history = new DataLakeHistory(source.history, source.lake, nyseCalendar(), source.clock, {
    feed: source.feed,
    adjustment: 'all',
    prefix: `${source.name}/`,
    onEvent: (event) => (cache[event.outcome] += 1),
  });
  const fetched = (await history.bars([symbol], nyDay(from).start, nyDay(to).end, '1Day')).get(symbol) ?? [];
  // a day bar starts at New York midnight: its New York date is the session's
  const bars: DailyBar[] = fetched.map((b) => ({
    date: DateTime.fromMillis(b.start, { zone: 'America/New_York' }).toISODate() ?? '',
    open: b.open,
    high: b.high,
    low: b.low,
    close: b.close,
    volume: b.volume,
  }));
  return { source: `alpaca:${source.name}:${source.feed}`, bars, files: [], barsSha256: sha256Hex(canonicalJson(bars)), cache };
}

/**
 * Split-and-dividend adjusted daily bars of `symbol` in from..to, from the shipped Lean files or the
 * same layout under a data-lake prefix (copied to a temporary folder, so both go through one parser,
 * as the sweep job does), with the SHA-256 of every file read.
 */
export async function loadTrainingBars(symbol: string, from: string, to: string, source: { readonly dataDir: string } | { readonly lake: ObjectStore; readonly prefix: string } | { readonly alpaca: AlpacaBarSource }): Promise<TrainingBars> {
  if ('alpaca' in source) return loadAlpacaTrainingBars(symbol, from, to, source.alpaca);
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
    return { source: 'lake' in source ? `data-lake:${source.prefix}` : 'shipped', bars, files, barsSha256: sha256Hex(canonicalJson(bars)) };
  } finally {
    if (temporary !== undefined) await rm(temporary, { recursive: true, force: true });
  }
}

/** Subtracts calendar days from a YYYY-MM-DD date. */
export function minusDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) - days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
