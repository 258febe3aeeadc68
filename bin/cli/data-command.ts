import { join } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { S3ObjectStore } from '../../layers/adapters/aws';
import { nyseCalendar } from '../../layers/core/market';
import { DataLakeHistory, nyDay, type CacheEvent } from '../../layers/core/market/data-lake';
import { parseBarTimeframe, type BarAdjustment, type HistoricalFeed, type HistoricalMarketData } from '../../layers/core/market/history';
import type { ObjectStore } from '../../layers/core/ports';
import { DirectoryObjectStore } from './data/directory-object-store';
import { openHistorySource } from './data/history-source';
import { writeSymbolFile, type DataKind, type FetchedItems, type OutputFormat } from './data/output-files';
import { parseSessionDate, parseSymbols } from './options';
import { printResult } from './output';
import { UsageError } from './usage-error';

interface FetchOptions {
  readonly symbols: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly kind: DataKind;
  readonly timeframe: string;
  readonly feed: HistoricalFeed;
  readonly adjustment: BarAdjustment;
  readonly out?: string;
  readonly format?: OutputFormat;
  readonly dataUrl?: string;
  readonly cacheDir: string;
  readonly cacheBucket?: string;
  readonly cache: boolean;
  readonly json: boolean;
}

function parseTimeframe(value: string): string {
  const timeframe = parseBarTimeframe(value);
  if (timeframe === undefined) throw new InvalidArgumentError(`"${value}" is not an Alpaca timeframe (1-59Min, 1-23Hour, 1Day, 1Week, 1/2/3/4/6/12Month)`);
  return timeframe;
}

/** Checks what commander cannot: option combinations. */
function validate(options: FetchOptions): void {
  if (options.from > options.to) throw new UsageError(`--from ${options.from} is after --to ${options.to}`);
  if (options.kind !== 'bars' && options.adjustment !== 'raw') throw new UsageError(`--adjustment applies to bars only (${options.kind} are never adjusted)`);
  if (options.kind !== 'bars' && options.timeframe !== '1Min') throw new UsageError(`--timeframe applies to bars only`);
  if (options.cacheBucket !== undefined && !options.cache) throw new UsageError('--cache-bucket and --no-cache contradict each other');
}

async function fetchKind(history: HistoricalMarketData, options: FetchOptions, from: number, to: number): Promise<ReadonlyMap<string, FetchedItems>> {
  const out = new Map<string, FetchedItems>();
  if (options.kind === 'bars') {
    for (const [symbol, items] of await history.bars(options.symbols, from, to, options.timeframe)) out.set(symbol, { kind: 'bars', timeframe: options.timeframe, items });
  } else if (options.kind === 'trades') {
    for (const [symbol, items] of await history.trades(options.symbols, from, to)) out.set(symbol, { kind: 'trades', items });
  } else {
    for (const [symbol, items] of await history.quotes(options.symbols, from, to)) out.set(symbol, { kind: 'quotes', items });
  }
  return out;
}

const timeOf = (fetched: FetchedItems, index: number): number | undefined => {
  const item = fetched.items[index];
  if (item === undefined) return undefined;
  return 'start' in item ? item.start : item.ts;
};

/** `tradeloop data fetch`: historical bars, trades or quotes through the data-lake cache, written as files a backtest reads. */
async function dataFetch(options: FetchOptions): Promise<void> {
  validate(options);
  const from = nyDay(options.from).start;
  const to = nyDay(options.to).end;
  const source = await openHistorySource({
    ...(options.dataUrl === undefined ? {} : { dataUrl: options.dataUrl }),
    feed: options.feed,
    adjustment: options.adjustment,
    symbols: options.symbols,
    from: options.from,
    to: options.to,
    until: to,
    env: process.env,
  });
  try {
    const counts = { hit: 0, stored: 0, live: 0 };
    const lake: ObjectStore | undefined = !options.cache ? undefined : options.cacheBucket !== undefined ? new S3ObjectStore({ bucket: options.cacheBucket }) : new DirectoryObjectStore(options.cacheDir);
    const history =
      lake === undefined
        ? source.history
        : new DataLakeHistory(source.history, lake, nyseCalendar(), source.clock, {
            feed: options.feed,
            adjustment: options.adjustment,
            prefix: `${source.name}/`,
            onEvent: (event: CacheEvent) => {
              counts[event.outcome]++;
            },
          });
    const fetched = await fetchKind(history, options, from, to);
    const format = options.format ?? (options.kind === 'bars' ? 'csv' : 'jsonl');
    const symbols = [];
    for (const symbol of options.symbols) {
      const items = fetched.get(symbol) ?? (options.kind === 'bars' ? { kind: 'bars' as const, timeframe: options.timeframe, items: [] } : { kind: options.kind, items: [] });
      const file = options.out === undefined ? undefined : await writeSymbolFile(options.out, symbol, items, format);
      const first = timeOf(items, 0);
      const last = timeOf(items, items.items.length - 1);
      symbols.push({
        symbol,
        count: items.items.length,
        first: first === undefined ? null : new Date(first).toISOString(),
        last: last === undefined ? null : new Date(last).toISOString(),
        file: file ?? null,
      });
    }
    printResult(
      {
        kind: options.kind,
        ...(options.kind === 'bars' ? { timeframe: options.timeframe, adjustment: options.adjustment } : {}),
        feed: options.feed,
        from: options.from,
        to: options.to,
        source: source.name,
        cache: lake === undefined ? null : { where: options.cacheBucket !== undefined ? `s3://${options.cacheBucket}/${source.name}/` : join(options.cacheDir, source.name), symbolDays: counts },
        symbols,
      },
      options.json,
    );
  } finally {
    await source.close();
  }
}

/** `tradeloop data …`: market-data management (today: `fetch`). */
export function registerDataCommand(program: Command): void {
  const data = program.command('data').description('Historical market data: fetch bars, trades or quotes through the data-lake cache');
  data
    .command('fetch')
    .description(
      'Fetch historical bars, trades or quotes from Alpaca (or the paper broker over data/ when no --data-url is given) through the data lake, and write one file per symbol',
    )
    .requiredOption('--symbols <list>', 'comma-separated tickers', parseSymbols)
    .requiredOption('--from <date>', 'first New York date (YYYY-MM-DD)', parseSessionDate)
    .requiredOption('--to <date>', 'last New York date (YYYY-MM-DD), inclusive', parseSessionDate)
    .addOption(new Option('--kind <kind>', 'what to fetch').choices(['bars', 'trades', 'quotes']).default('bars'))
    .option('--timeframe <tf>', 'bar timeframe: 1-59Min, 1-23Hour, 1Day, 1Week, 1/2/3/4/6/12Month (bars only)', parseTimeframe, '1Min')
    .addOption(new Option('--feed <feed>', 'iex (free plan) or sip (all US exchanges)').choices(['iex', 'sip']).default('iex'))
    .addOption(new Option('--adjustment <mode>', 'corporate-action adjustment of bars').choices(['raw', 'split', 'dividend', 'all']).default('raw'))
    .option('--out <dir>', 'write <dir>/<SYMBOL>.<kind>[.<timeframe>].<csv|jsonl> (bars CSV: Date,Open,High,Low,Close,Volume; 1Day files are what `tradeloop backtest --data` reads)')
    .addOption(new Option('--format <format>', 'file format (default: csv for bars, jsonl for trades and quotes)').choices(['csv', 'jsonl']))
    .addOption(new Option('--data-url <url>', 'Alpaca Market Data base URL, e.g. https://data.alpaca.markets or a local paper broker; keys from APCA_API_KEY_ID and APCA_API_SECRET_KEY').env('APCA_API_DATA_URL'))
    .option('--cache-dir <dir>', 'data-lake directory', join('.tradeloop', 'data-lake'))
    .option('--cache-bucket <bucket>', 'data-lake S3 bucket instead of --cache-dir (endpoint and credentials from the AWS environment)')
    .option('--no-cache', 'fetch from the source every time and store nothing')
    .option('--json', 'machine-readable summary', false)
    .action(async (options: FetchOptions) => {
      await dataFetch(options);
    });
}
