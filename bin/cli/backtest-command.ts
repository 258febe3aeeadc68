import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { fileProvenance, writeBacktestReport } from '../../layers/adapters/reports';
import { dailyBarsToBacktestBars, runBacktest, runPortfolioBacktest } from '../../layers/core/backtest';
import type { BacktestBar, BacktestConfig, BacktestResult, BacktestStrategy, Fees, PortfolioBacktestResult, Slippage } from '../../layers/core/backtest';
import type { DailyBar } from '../../layers/core/market';
import {
  buildPortfolioStrategy,
  buildStrategy,
  isPortfolioStrategyName,
  PORTFOLIO_CATALOGUE,
  PORTFOLIO_STRATEGY_NAMES,
  STRATEGY_CATALOGUE,
  STRATEGY_NAMES,
  StrategyConfigError,
  type ConfiguredPortfolioStrategy,
  type ConfiguredStrategy,
  type PortfolioStrategyName,
  type StrategyName,
} from '../../layers/core/strategies';
import { runSweep } from '../../layers/core/vector';
import type { StrategySweep } from '../../layers/core/vector';
import { loadDailyBars, type PriceAdjustment } from './backtest-data';
import { gitVersion } from './git-version';
import { parseIndicatorParams } from './indicators-command';
import { parseDollars, parseSessionDate, parseSymbols } from './options';
import { progressBar } from './progress-bar';
import { UsageError } from './usage-error';

interface BacktestOptions {
  readonly strategy: StrategyName | PortfolioStrategyName;
  readonly params: Readonly<Record<string, number | boolean>>;
  readonly symbols: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly data?: string;
  readonly engine: 'event' | 'vector';
  readonly size: number;
  readonly fraction?: number;
  readonly band: number;
  readonly cash: string;
  readonly fill: 'next-open' | 'close';
  readonly commission: string;
  readonly slippageBps: number;
  readonly allowShort: boolean;
  readonly margin: 'cash' | 'reg-t';
  readonly adjust: PriceAdjustment;
  readonly report?: string;
  readonly json: boolean;
  readonly progress: boolean;
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

function parseFraction(value: string): number {
  const f = Number(value);
  if (!/^\d*\.?\d+$/.test(value) || f <= 0 || f > 2) throw new InvalidArgumentError(`"${value}" is not a fraction of equity above 0 and at most 2`);
  return f;
}

function parseBps(value: string): number {
  const bps = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || bps > 1000) throw new InvalidArgumentError(`"${value}" is not a number of basis points from 0 to 1000`);
  return bps;
}

function parseBand(value: string): number {
  const band = Number(value);
  if (!/^\d*\.?\d+$/.test(value) || band >= 1) throw new InvalidArgumentError(`"${value}" is not a weight band from 0 to below 1`);
  return band;
}

/** Every --strategy name: the per-symbol catalogue, then the portfolio strategies. */
const ALL_STRATEGY_NAMES: readonly string[] = [...STRATEGY_NAMES, ...PORTFOLIO_STRATEGY_NAMES];
const ENTRIES: readonly { readonly name: string; readonly summary: string; readonly defaults: Readonly<Record<string, number | boolean>> }[] = [
  ...STRATEGY_NAMES.map((n) => STRATEGY_CATALOGUE[n]),
  ...PORTFOLIO_STRATEGY_NAMES.map((n) => PORTFOLIO_CATALOGUE[n]),
];

function strategyOf(options: BacktestOptions): ConfiguredStrategy | ConfiguredPortfolioStrategy {
  try {
    return isPortfolioStrategyName(options.strategy) ? buildPortfolioStrategy(options.strategy, options.params) : buildStrategy(options.strategy, options.params);
  } catch (error) {
    if (error instanceof StrategyConfigError) throw new UsageError(`bad --params: ${error.message}`);
    throw error;
  }
}

/** The vectorised engine's form of the strategy, where it has one (same rules: see the engine parity test). */
function sweepOf(options: BacktestOptions, strategy: ConfiguredStrategy | ConfiguredPortfolioStrategy): StrategySweep {
  const p = strategy.params;
  if (options.strategy === 'price-cross-sma') return { strategy: 'priceCrossSma', params: [{ period: p.period as number }] };
  if (options.strategy === 'sma-crossover' && p.allowShort !== true) return { strategy: 'smaCross', params: [{ fast: p.fast as number, slow: p.slow as number }] };
  throw new UsageError(`--engine vector runs price-cross-sma and long-only sma-crossover; use --engine event for ${options.strategy}`);
}

function runVector(options: BacktestOptions, strategy: ConfiguredStrategy | ConfiguredPortfolioStrategy, symbol: string, bars: readonly DailyBar[]): Record<string, unknown> {
  const sweep = sweepOf(options, strategy);
  if (options.slippageBps > 0 || options.allowShort || options.fraction !== undefined) {
    throw new UsageError('--engine vector has fixed-unit sizing, no slippage and no shorting; use --engine event');
  }
  const result = runSweep({ opens: Float64Array.from(bars, (b) => b.open), closes: Float64Array.from(bars, (b) => b.close) }, sweep, {
    initialCash: Number(options.cash),
    sizing: { kind: 'units', units: options.size },
    fillAt: options.fill === 'next-open' ? 'nextOpen' : 'close',
    commissionPerFill: Number(options.commission),
    periodsPerYear: 252,
  });
  return {
    engine: 'vector',
    strategy: options.strategy,
    params: strategy.params,
    symbols: [symbol],
    bars: bars.length,
    fills: result.trades[0],
    finalEquity: result.finalEquity[0],
    totalReturn: result.totalReturn[0],
    sharpe: result.sharpe[0],
    maxDrawdown: result.maxDrawdown[0],
  };
}

/** `tradeloop backtest`: one strategy over the daily bars of one or more symbols sharing one cash balance. */
export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .description('Backtest a strategy on daily bars (shipped data/ or a plain CSV) with costs, and optionally write an HTML report')
    .addOption(new Option('--strategy <name>', `strategy: ${ENTRIES.map((e) => `${e.name} (${e.summary})`).join('; ')}`).choices(ALL_STRATEGY_NAMES).makeOptionMandatory())
    .option(
      '--params <k=v,...>',
      `strategy parameters; defaults: ${ENTRIES.map((e) => `${e.name} ${Object.entries(e.defaults).map(([k, v]) => `${k}=${String(v)}`).join(',')}`).join('; ')}`,
      parseIndicatorParams,
      {},
    )
    .option('--symbols <list>', 'symbols, sharing one cash balance (one with --data)', parseSymbols, ['SPY'])
    .option('--from <date>', 'first date (YYYY-MM-DD)', parseSessionDate, '2010-01-01')
    .option('--to <date>', 'last date (YYYY-MM-DD)', parseSessionDate, '2020-12-31')
    .option('--data <csv>', 'a plain Date,Open,High,Low,Close,Volume CSV instead of the shipped data')
    .addOption(new Option('--engine <engine>', 'event-driven or vectorised').choices(['event', 'vector']).default('event'))
    .option('--size <units>', 'fixed position size in units per symbol', parseUnits, 100)
    .option('--fraction <f>', 'size each position at this fraction of equity × the signal strength instead of --size (event engine); portfolio strategies: the fraction of equity their weights apply to (default 0.95)', parseFraction)
    .option('--band <w>', 'portfolio strategies: trade a held symbol at a rebalance only when its weight is off target by more than this', parseBand, 0.02)
    .option('--cash <usd>', 'starting cash', parseDollars, '100000')
    .addOption(new Option('--fill <when>', 'market orders fill at the next open or at the signal bar close').choices(['next-open', 'close']).default('next-open'))
    .option('--commission <usd>', 'commission per order', parseMoney, '0')
    .option('--slippage-bps <bps>', 'fills move against the taker by this many basis points (event engine)', parseBps, 0)
    .option('--allow-short', 'let short views open short positions (event engine)', false)
    .addOption(new Option('--margin <kind>', 'cash: gross exposure ≤ 1× equity; reg-t: ≤ 2×').choices(['cash', 'reg-t']).default('cash'))
    .addOption(new Option('--adjust <mode>', 'price adjustment of the shipped data').choices(['raw', 'split', 'split-and-dividend']).default('split-and-dividend'))
    .option('--report <file.html>', 'write a self-contained HTML report (event engine)')
    .option('--no-progress', 'no progress bar (it is drawn on stderr, and only on a terminal)')
    .option('--json', 'machine-readable output', false)
    .action(async (options: BacktestOptions) => {
      if (options.from > options.to) throw new UsageError(`--from ${options.from} is after --to ${options.to}`);
      if (options.data !== undefined && options.symbols.length > 1) throw new UsageError('--data is one symbol\'s CSV: give one symbol with it');
      const strategy = strategyOf(options);
      const portfolio = isPortfolioStrategyName(options.strategy) ? PORTFOLIO_CATALOGUE[options.strategy] : undefined;
      if (portfolio !== undefined) {
        if (options.engine === 'vector') throw new UsageError(`--engine vector has no kernel for ${options.strategy}; use --engine event`);
        const { min, max } = portfolio.universe;
        const n = options.symbols.length;
        if (n < min || (max !== undefined && n > max)) throw new UsageError(`${options.strategy} trades ${max === min ? `exactly ${min}` : `at least ${min}`} symbol(s); --symbols gave ${n}`);
        if (portfolio.sellsShort && !options.allowShort) throw new UsageError(`${options.strategy} sells one leg short: add --allow-short`);
      }
      const loaded = await Promise.all(
        options.symbols.map(async (symbol) => ({ symbol, ...(await loadDailyBars({ symbol, from: options.from, to: options.to, csv: options.data, adjust: options.adjust })) })),
      );
      for (const { symbol, bars } of loaded) {
        if (bars.length < 2) throw new UsageError(`only ${bars.length} bar(s) of ${symbol} between ${options.from} and ${options.to}`);
      }

      if (options.engine === 'vector') {
        if (options.report !== undefined) throw new UsageError('--report needs the event engine (the vectorised engine keeps no trade list)');
        const only = loaded[0];
        if (loaded.length > 1 || only === undefined) throw new UsageError('--engine vector runs one symbol; use --engine event for several');
        const summary = runVector(options, strategy, only.symbol, only.bars);
        process.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
        return;
      }

      const barsBySymbol = new Map<string, readonly BacktestBar[]>(loaded.map(({ symbol, bars }) => [symbol, dailyBarsToBacktestBars(bars)]));
      const fees: Fees = options.commission === '0' ? { kind: 'none' } : { kind: 'per-order', amount: options.commission };
      const slippage: Slippage = options.slippageBps > 0 ? { kind: 'fixed-bps', bps: options.slippageBps } : { kind: 'none' };
      const bar = progressBar(options.progress && !options.json ? process.stderr : { isTTY: false, write: () => true }, `backtest ${options.strategy}`);
      const config: BacktestConfig = {
        bars: barsBySymbol,
        strategy: strategy as BacktestStrategy,
        sizing:
          options.fraction === undefined
            ? { kind: 'fixed-units', units: String(options.size) }
            : { kind: 'fraction-of-equity', fraction: String(options.fraction), scaleByStrength: true },
        cash: options.cash,
        fill: options.fill,
        slippage,
        fees,
        seed: 1,
        allowShort: options.allowShort,
        margin: options.margin,
        onProgress: (done, total) => bar.update(done, total),
      };
      let result: BacktestResult;
      let rebalances: number | undefined;
      try {
        if (portfolio === undefined) result = runBacktest(config);
        else {
          // A portfolio strategy sizes by its weights (× --fraction, default 0.95); the engine's sizing is unused.
          const run: PortfolioBacktestResult = runPortfolioBacktest({
            ...config,
            strategy: strategy as ConfiguredPortfolioStrategy,
            rebalance: { investedFraction: options.fraction ?? 0.95, band: options.band },
          });
          rebalances = run.rebalances.length;
          result = run;
        }
      } finally {
        bar.finish();
      }
      const m = result.metrics;
      const summary = {
        engine: 'event',
        strategy: options.strategy,
        params: strategy.params,
        symbols: options.symbols,
        bars: loaded.reduce((n, l) => n + l.bars.length, 0),
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
        ...(rebalances === undefined ? {} : { rebalances }),
      };
      if (options.report !== undefined) await writeReport(options.report, options, strategy, loaded, result);
      process.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}${options.report ? `\nreport: ${options.report}` : ''}\n`);
    });
}

async function writeReport(
  path: string,
  options: BacktestOptions,
  strategy: ConfiguredStrategy | ConfiguredPortfolioStrategy,
  loaded: readonly { readonly symbol: string; readonly bars: readonly DailyBar[]; readonly files: readonly string[] }[],
  result: BacktestResult,
): Promise<void> {
  await writeBacktestReport(path, {
    title: `${options.strategy} ${JSON.stringify(strategy.params)} on ${options.symbols.join(', ')}, ${options.from}..${options.to}`,
    equity: { timestamps: result.equityCurve.timestamps, values: result.equityCurve.equity },
    prices: loaded.map(({ symbol, bars }) => ({
      symbol,
      timestamps: Float64Array.from(dailyBarsToBacktestBars(bars), (b) => b.start),
      close: Float64Array.from(bars, (b) => b.close),
      trades: result.trades
        .filter((t) => t.symbol === symbol)
        .map((t) => ({
          entryTime: t.entryTime,
          exitTime: t.exitTime,
          entryPrice: Number(t.entryPrice),
          exitPrice: Number(t.exitPrice),
          side: t.side,
          quantity: Number(t.quantity),
          pnl: Number(t.pnl),
        })),
    })),
    metrics: result.metrics,
    provenance: {
      codeVersion: gitVersion(),
      dataFiles: await fileProvenance(loaded.flatMap((l) => l.files)).catch(() => []),
      parameters: {
        strategy: options.strategy,
        ...strategy.params,
        symbols: options.symbols.join(','),
        ...(isPortfolioStrategyName(options.strategy)
          ? { investedFraction: options.fraction ?? 0.95, band: options.band }
          : options.fraction === undefined
            ? { size: options.size }
            : { fraction: options.fraction, scaleByStrength: true }),
        cash: options.cash,
        fill: options.fill,
        commission: options.commission,
        slippageBps: options.slippageBps,
        allowShort: options.allowShort,
        margin: options.margin,
        adjust: options.adjust,
      },
      seed: 1,
      engine: 'tradeloop event-driven backtester',
      generatedAt: Date.now(),
    },
  });
}

function formatSummary(summary: Readonly<Record<string, unknown>>): string {
  return Object.entries(summary)
    .map(([k, v]) => `${k.padEnd(14)} ${typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(6)) : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join('\n');
}
