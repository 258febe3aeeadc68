import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { ZodError } from 'zod';
import { loadDailyCsv } from '../../layers/adapters/files/daily-csv-loader';
import { loadLeanDailyData } from '../../layers/adapters/files';
import { fileProvenance, writeBacktestReport } from '../../layers/adapters/reports';
import { dailyBarsToBacktestBars, runBacktest } from '../../layers/core/backtest';
import type { BacktestResult, BacktestStrategy, Fees } from '../../layers/core/backtest';
import { adjustBars } from '../../layers/core/market';
import type { DailyBar } from '../../layers/core/market';
import { DailyCsvError } from '../../layers/core/market/csv';
import { priceCrossSma, smaCrossover } from '../../layers/core/strategies';
import { runSweep } from '../../layers/core/vector';
import type { StrategySweep } from '../../layers/core/vector';
import { PROJECT_DATA_DIR } from '../../local/data-dir';
import { parseIndicatorParams } from './indicators-command';
import { parseDollars, parseSessionDate, parseSymbols } from './options';
import { UsageError } from './usage-error';

interface BacktestOptions {
  readonly strategy: 'price-cross-sma' | 'sma-crossover';
  readonly params: Readonly<Record<string, number | boolean>>;
  readonly symbols: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly data?: string;
  readonly engine: 'event' | 'vector';
  readonly size: number;
  readonly cash: string;
  readonly fill: 'next-open' | 'close';
  readonly commission: string;
  readonly adjust: 'raw' | 'split' | 'split-and-dividend';
  readonly report?: string;
  readonly json: boolean;
}

function parseUnits(value: string): number {
  const units = Number(value);
  if (!Number.isInteger(units) || units <= 0) throw new InvalidArgumentError(`"${value}" is not a whole number of units above 0`);
  return units;
}

function parseMoney(value: string): string {
  if (!/^\d{1,9}(\.\d{1,4})?$/.test(value)) throw new InvalidArgumentError(`"${value}" is not an amount such as 1 or 0.5`);
  return value;
}

/** The strategy as the event engine runs it and as the vectorised engine sweeps it (the same rules: see the parity test). */
function strategyOf(options: BacktestOptions): { readonly streaming: BacktestStrategy; readonly sweep: StrategySweep } {
  try {
    if (options.strategy === 'price-cross-sma') {
      const strategy = priceCrossSma({ period: 20, ...options.params } as { period: number });
      return { streaming: strategy as BacktestStrategy, sweep: { strategy: 'priceCrossSma', params: [strategy.params] } };
    }
    const strategy = smaCrossover({ fast: 10, slow: 30, ...options.params } as { fast: number; slow: number });
    return { streaming: strategy as BacktestStrategy, sweep: { strategy: 'smaCross', params: [{ fast: strategy.params.fast, slow: strategy.params.slow }] } };
  } catch (error) {
    const reason = error instanceof ZodError ? error.issues.map((i) => `${i.path.join('.') || '(params)'}: ${i.message}`).join('; ') : String(error);
    throw new UsageError(`bad --params for ${options.strategy}: ${reason}`);
  }
}

/** Daily bars of one symbol: a plain CSV given with --data, else the shipped Lean data, adjusted as asked. */
async function loadBars(options: BacktestOptions, symbol: string): Promise<{ readonly bars: readonly DailyBar[]; readonly files: readonly string[] }> {
  const inRange = (bars: readonly DailyBar[]) => bars.filter((b) => b.date >= options.from && b.date <= options.to);
  if (options.data !== undefined) {
    const result = await loadDailyCsv(options.data).catch((error: unknown) => {
      throw error instanceof DailyCsvError ? new UsageError(error.message) : error;
    });
    return { bars: inRange(result.bars), files: [options.data] };
  }
  const lower = symbol.toLowerCase();
  const base = join(PROJECT_DATA_DIR, 'lean', 'equity', 'usa');
  const data = await loadLeanDailyData(PROJECT_DATA_DIR, symbol).catch(() => {
    throw new UsageError(`no daily data for ${symbol} in data/ (shipped: see data/README.md), or pass --data <csv>`);
  });
  return {
    bars: inRange(adjustBars(data.bars, data.factors, options.adjust)),
    files: [join(base, 'daily', `${lower}.zip`), join(base, 'factor_files', `${lower}.csv`), join(base, 'map_files', `${lower}.csv`)],
  };
}

function gitVersion(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '';
    return dirty ? `${commit}-dirty` : commit;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/** `tradeloop backtest`: one strategy over daily bars with the event-driven or the vectorised engine. */
export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .description('Backtest a strategy on daily bars (shipped data/ or a plain CSV) with costs, and optionally write an HTML report')
    .addOption(new Option('--strategy <name>', 'strategy').choices(['price-cross-sma', 'sma-crossover']).makeOptionMandatory())
    .option('--params <k=v,...>', 'strategy parameters: period=20 (price-cross-sma), fast=10,slow=30 (sma-crossover)', parseIndicatorParams, {})
    .option('--symbols <list>', 'symbol (one; the first is used)', parseSymbols, ['SPY'])
    .option('--from <date>', 'first date (YYYY-MM-DD)', parseSessionDate, '2010-01-01')
    .option('--to <date>', 'last date (YYYY-MM-DD)', parseSessionDate, '2020-12-31')
    .option('--data <csv>', 'a plain Date,Open,High,Low,Close,Volume CSV instead of the shipped data')
    .addOption(new Option('--engine <engine>', 'event-driven or vectorised').choices(['event', 'vector']).default('event'))
    .option('--size <units>', 'fixed position size in units', parseUnits, 100)
    .option('--cash <usd>', 'starting cash', parseDollars, '100000')
    .addOption(new Option('--fill <when>', 'market orders fill at the next open or at the signal bar close').choices(['next-open', 'close']).default('next-open'))
    .option('--commission <usd>', 'commission per order', parseMoney, '0')
    .addOption(new Option('--adjust <mode>', 'price adjustment of the shipped data').choices(['raw', 'split', 'split-and-dividend']).default('split-and-dividend'))
    .option('--report <file.html>', 'write a self-contained HTML report (event engine)')
    .option('--json', 'machine-readable output', false)
    .action(async (options: BacktestOptions) => {
      if (options.from > options.to) throw new UsageError(`--from ${options.from} is after --to ${options.to}`);
      const symbol = options.symbols[0] ?? 'SPY';
      const { streaming, sweep } = strategyOf(options);
      const { bars, files } = await loadBars(options, symbol);
      if (bars.length < 2) throw new UsageError(`only ${bars.length} bar(s) of ${symbol} between ${options.from} and ${options.to}`);
      const fees: Fees = options.commission === '0' ? { kind: 'none' } : { kind: 'per-order', amount: options.commission };

      if (options.engine === 'vector') {
        if (options.report !== undefined) throw new UsageError('--report needs the event engine (the vectorised engine keeps no trade list)');
        const result = runSweep(
          { opens: Float64Array.from(bars, (b) => b.open), closes: Float64Array.from(bars, (b) => b.close) },
          sweep,
          {
            initialCash: Number(options.cash),
            sizing: { kind: 'units', units: options.size },
            fillAt: options.fill === 'next-open' ? 'nextOpen' : 'close',
            commissionPerFill: Number(options.commission),
            periodsPerYear: 252,
          },
        );
        const summary = {
          engine: 'vector',
          strategy: options.strategy,
          params: sweep.params[0],
          symbol,
          bars: bars.length,
          fills: result.trades[0],
          finalEquity: result.finalEquity[0],
          totalReturn: result.totalReturn[0],
          sharpe: result.sharpe[0],
          maxDrawdown: result.maxDrawdown[0],
        };
        process.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
        return;
      }

      const result: BacktestResult = runBacktest({
        bars: new Map([[symbol, dailyBarsToBacktestBars(bars)]]),
        strategy: streaming,
        sizing: { kind: 'fixed-units', units: String(options.size) },
        cash: options.cash,
        fill: options.fill,
        slippage: { kind: 'none' },
        fees,
        seed: 1,
      });
      const m = result.metrics;
      const summary = {
        engine: 'event',
        strategy: options.strategy,
        params: sweep.params[0],
        symbol,
        bars: bars.length,
        orders: result.orders.length,
        fills: result.fills.length,
        trades: result.trades.length,
        finalEquity: result.finalEquity,
        totalFees: result.totalFees,
        totalReturn: m.totalReturn,
        cagr: m.cagr,
        sharpe: m.sharpe,
        sortino: m.sortino,
        maxDrawdown: m.maxDrawdown,
        winRate: m.trades.winRate,
        profitFactor: m.trades.profitFactor,
      };
      if (options.report !== undefined) {
        await writeBacktestReport(options.report, {
          title: `${options.strategy} ${JSON.stringify(sweep.params[0])} on ${symbol}, ${options.from}..${options.to}`,
          equity: { timestamps: result.equityCurve.timestamps, values: result.equityCurve.equity },
          price: {
            symbol,
            timestamps: Float64Array.from(dailyBarsToBacktestBars(bars), (b) => b.start),
            close: Float64Array.from(bars, (b) => b.close),
            trades: result.trades.map((t) => ({
              entryTime: t.entryTime,
              exitTime: t.exitTime,
              entryPrice: Number(t.entryPrice),
              exitPrice: Number(t.exitPrice),
              side: t.side,
              quantity: Number(t.quantity),
              pnl: Number(t.pnl),
            })),
          },
          metrics: m,
          provenance: {
            codeVersion: gitVersion(),
            dataFiles: await fileProvenance(files).catch(() => []),
            parameters: { ...sweep.params[0], size: options.size, cash: options.cash, fill: options.fill, commission: options.commission, adjust: options.adjust },
            seed: 1,
            engine: 'tradeloop event-driven backtester',
            generatedAt: Date.now(),
          },
        });
      }
      process.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}${options.report ? `\nreport: ${options.report}` : ''}\n`);
    });
}

function formatSummary(summary: Readonly<Record<string, unknown>>): string {
  return Object.entries(summary)
    .map(([k, v]) => `${k.padEnd(14)} ${typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(6)) : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join('\n');
}
