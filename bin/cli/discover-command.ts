import { InvalidArgumentError, Option, type Command } from 'commander';
import { fileProvenance, renderDiscoveryReport, writeHtmlReport } from '../../layers/adapters/reports';
import { dailyBarsToBacktestBars, type BacktestBar, type Fees, type Slippage } from '../../layers/core/backtest';
import { createDiscoveryPool } from '../../layers/adapters/workers';
import {
  discover,
  discoverInRounds,
  discoverOnPlan,
  DiscoveryConfigError,
  isPortfolioFamily,
  planDiscovery,
  planUniverseDiscovery,
  type DiscoveryConfig,
  type DiscoveryFamily,
  type DiscoveryResult,
} from '../../layers/core/discovery';
import { isPortfolioStrategyName, isStrategyName, PORTFOLIO_STRATEGY_NAMES, STRATEGY_NAMES } from '../../layers/core/strategies';
import { loadDailyBars, type PriceAdjustment } from './backtest-data';
import { gitVersion } from './git-version';
import { parseSessionDate, parseSymbols } from './options';
import { progressBar } from './progress-bar';
import { UsageError } from './usage-error';

interface DiscoverCliOptions {
  readonly families: readonly DiscoveryFamily[];
  readonly symbols: readonly string[];
  readonly data?: string;
  readonly from: string;
  readonly to: string;
  readonly budget: number;
  readonly seed: number;
  readonly warmup: number;
  readonly testLength: number;
  readonly holdout: number;
  readonly finalists: number;
  readonly slippageBps: number;
  readonly commission: string;
  readonly adjust: PriceAdjustment;
  readonly json: boolean;
  readonly progress: boolean;
  readonly workers: number;
  readonly report?: string;
}

const intArg =
  (what: string, min: number, max: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw new InvalidArgumentError(`${what} must be a whole number from ${min} to ${max}`);
    return n;
  };

/** Every family discover can search: the per-symbol catalogue, then the portfolio strategies. */
const FAMILY_NAMES: readonly string[] = [...STRATEGY_NAMES, ...PORTFOLIO_STRATEGY_NAMES];

/** Comma-separated family names (e.g. donchian-breakout,rsi-reversion or pairs), each known, no repeats. */
export function parseFamilies(value: string): readonly DiscoveryFamily[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 0) throw new InvalidArgumentError('give at least one strategy family');
  const unknown = names.filter((n) => !isStrategyName(n) && !isPortfolioStrategyName(n));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown strategy famil${unknown.length > 1 ? 'ies' : 'y'} ${unknown.join(', ')} (known: ${FAMILY_NAMES.join(', ')})`);
  if (new Set(names).size !== names.length) throw new InvalidArgumentError('a family is named twice');
  return names.filter((n): n is DiscoveryFamily => isStrategyName(n) || isPortfolioStrategyName(n));
}

function parseHoldout(value: string): number {
  const f = Number(value);
  if (value.trim() === '' || !(f >= 0 && f <= 0.5)) throw new InvalidArgumentError('must be a fraction of the bars from 0 to 0.5');
  return f;
}

function parseBps(value: string): number {
  const bps = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || bps > 1000) throw new InvalidArgumentError(`"${value}" is not a number of basis points from 0 to 1000`);
  return bps;
}

function parseMoney(value: string): string {
  if (!/^\d{1,9}(\.\d{1,4})?$/.test(value)) throw new InvalidArgumentError(`"${value}" is not an amount such as 1 or 0.5`);
  return value;
}

/** JSON with NaN as null and ±Infinity as the strings "Infinity" / "-Infinity" (a profit factor with no losing trade). */
export function discoveryJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v !== 'number' || Number.isFinite(v)) return v;
    return Number.isNaN(v) ? null : v > 0 ? 'Infinity' : '-Infinity';
  });
}

const fmt = (v: number | undefined, digits = 3): string => (v === undefined || Number.isNaN(v) ? 'n/a' : Number.isFinite(v) ? v.toFixed(digits) : v > 0 ? 'inf' : '-inf');
const pct = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? 'n/a' : `${(v * 100).toFixed(1)}%`);

/** Human-readable summary of a discovery run. */
export function renderDiscovery(result: DiscoveryResult, seconds: number): string {
  const lines = [
    `${result.symbol}: ${result.bars} bars; search on ${result.search.bars} (${result.search.folds} walk-forward folds, ${result.search.outOfSampleBars} out-of-sample bars), hold-out ${result.holdout?.bars ?? 0} bars`,
    `trials ${result.trials} (V[SR] ${fmt(result.sharpeVariance, 6)}), PBO ${fmt(result.pbo.value)} over ${result.finalists.length} finalists (S = ${result.pbo.submatrices}), ${seconds.toFixed(1)} s`,
    '',
    `${'family'.padEnd(22)}${'params'.padEnd(36)}${'ret/yr'.padStart(8)}${'maxDD'.padStart(8)}${'rt/yr'.padStart(7)}${'sharpe'.padStart(8)}${'DSR'.padStart(7)}${'hold-out'.padStart(10)}  verdict`,
  ];
  for (const f of result.finalists) {
    const params = Object.entries(f.params)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(',');
    lines.push(
      `${f.family.padEnd(22)}${params.padEnd(36)}${pct(f.objectives.annualReturn).padStart(8)}${pct(f.objectives.maxDrawdown).padStart(8)}${fmt(f.objectives.tradesPerYear, 1).padStart(7)}${fmt(f.metrics.sharpe, 2).padStart(8)}${fmt(f.metrics.deflatedSharpe, 2).padStart(7)}${pct(f.holdout?.annualReturn).padStart(10)}  ${f.report.passed ? 'PROMOTED' : `rejected: ${f.report.failures.length} gate(s) failed (${f.report.results.filter((r) => !r.pass).map((r) => r.gate).join(', ')})`}`,
    );
  }
  lines.push('', `promoted: ${result.promoted} of ${result.finalists.length} finalists${result.promoted === 0 ? ' (nothing passed the gates: an honest answer, not an error)' : ''}`);
  return lines.join('\n');
}

/** Registers `tradeloop discover`: a seeded multi-objective search judged out of sample, deflated and gated. */
export function registerDiscoverCommand(program: Command): Command {
  return program
    .command('discover')
    .description(
      'Search strategy families for parameter sets (Latin hypercube + NSGA-II on return, drawdown and turnover), each judged by walk-forward out of sample; finalists get the deflated Sharpe over all trials, PBO (CSCV) across finalists and the promotion gates',
    )
    .requiredOption('--families <list>', `comma-separated strategy families (${FAMILY_NAMES.join(', ')}); portfolio families (${PORTFOLIO_STRATEGY_NAMES.join(', ')}) run on all --symbols as one universe`, parseFamilies)
    .option('--symbols <list>', 'ticker of the shipped daily data (one for per-symbol families; the universe of portfolio families)', parseSymbols, ['SPY'])
    .option('--data <csv>', 'a plain Date,Open,High,Low,Close,Volume CSV instead of the shipped data')
    .option('--from <date>', 'first date (YYYY-MM-DD)', parseSessionDate, '2010-01-01')
    .option('--to <date>', 'last date (YYYY-MM-DD)', parseSessionDate, '2020-12-31')
    .option('--budget <n>', 'distinct parameter sets evaluated per family', intArg('--budget', 2, 100_000), 40)
    .option('--seed <n>', 'seed of the search', intArg('--seed', 0, 2 ** 31 - 1), 1)
    .option('--warmup <bars>', 'bars before the first out-of-sample test range (walk-forward training length)', intArg('--warmup', 20, 5000), 252)
    .option('--test-length <bars>', 'walk-forward test range length', intArg('--test-length', 10, 5000), 126)
    .option('--holdout <fraction>', 'last fraction of the bars kept out of the search (reported per finalist)', parseHoldout, 0.2)
    .option('--finalists <n>', 'Pareto finalists kept per family', intArg('--finalists', 1, 100), 8)
    .option('--slippage-bps <bps>', 'fills move against the taker by this many basis points', parseBps, 0)
    .option('--commission <usd>', 'commission per order', parseMoney, '0')
    .addOption(new Option('--adjust <mode>', 'price adjustment of the shipped data').choices(['raw', 'split', 'split-and-dividend']).default('split-and-dividend'))
    .option('--no-progress', 'no progress bar (it is drawn on stderr, and only on a terminal)')
    .option('--workers <n>', 'worker threads evaluating each round of candidates (same result as 1 for the same seed)', intArg('--workers', 1, 64), 1)
    .option('--json', 'machine-readable output (NaN prints as null)', false)
    .option('--report <file.html>', "also write a self-contained HTML report: Pareto front, finalists' out-of-sample equity, gate tables, provenance")
    .action(async (options: DiscoverCliOptions) => {
      if (options.from > options.to) throw new UsageError(`--from ${options.from} is after --to ${options.to}`);
      const portfolio = options.families.some((f) => isPortfolioFamily(f));
      if (!portfolio && options.symbols.length !== 1) throw new UsageError('discover searches one symbol at a time: give one with --symbols (portfolio families take several)');
      if (options.data !== undefined && options.symbols.length > 1) throw new UsageError("--data is one symbol's CSV: give one symbol with it");
      const loaded = await Promise.all(
        options.symbols.map(async (s) => {
          const { bars, files: read } = await loadDailyBars({ symbol: s, from: options.from, to: options.to, csv: options.data, adjust: options.adjust });
          return { symbol: s, bars: dailyBarsToBacktestBars(bars), files: read };
        }),
      );
      const universe = new Map<string, readonly BacktestBar[]>(loaded.map((l) => [l.symbol, l.bars]));
      const files = loaded.flatMap((l) => l.files);
      // The per-symbol path is unchanged (one symbol's bars); a portfolio family plans on the whole universe.
      const symbol = portfolio ? options.symbols.join(',') : (options.symbols[0] ?? 'SPY');
      const backtestBars = portfolio ? [] : (loaded[0]?.bars ?? []);
      const slippage: Slippage = options.slippageBps > 0 ? { kind: 'fixed-bps', bps: options.slippageBps } : { kind: 'none' };
      const fees: Fees = options.commission === '0' ? { kind: 'none' } : { kind: 'per-order', amount: options.commission };
      const config: DiscoveryConfig = {
        families: options.families,
        budget: options.budget,
        seed: options.seed,
        trainLength: options.warmup,
        testLength: options.testLength,
        holdoutFraction: options.holdout,
        maxFinalistsPerFamily: options.finalists,
        slippage,
        fees,
      };
      const bar = progressBar(options.progress && !options.json ? process.stderr : { isTTY: false, write: () => true }, `discover ${symbol}`);
      const started = Date.now();
      let result: DiscoveryResult;
      try {
        const onProgress = (done: number, total: number): void => bar.update(done, total);
        if (portfolio && options.workers <= 1) result = discoverOnPlan(planUniverseDiscovery(universe, config), onProgress);
        else if (options.workers <= 1) result = discover(symbol, backtestBars, config, onProgress);
        else {
          const plan = portfolio ? planUniverseDiscovery(universe, config) : planDiscovery(symbol, backtestBars, config);
          const pool = createDiscoveryPool({ symbol, bars: backtestBars, config, threads: options.workers, ...(portfolio ? { universe } : {}) });
          try {
            result = await discoverInRounds(plan, (requests) => pool.evaluateRound(requests), onProgress);
          } finally {
            await pool.close();
          }
        }
      } catch (error) {
        if (error instanceof DiscoveryConfigError) throw new UsageError(`${error.message} (${loaded.map((l) => `${l.bars.length} bars of ${l.symbol}`).join(', ')} between ${options.from} and ${options.to})`);
        throw error;
      } finally {
        bar.finish();
      }
      const seconds = (Date.now() - started) / 1000;
      if (options.report !== undefined) {
        const { families, budget, seed, trainLength, testLength, holdoutFraction, maxFinalistsPerFamily } = config;
        const parameters = { symbol, from: options.from, to: options.to, adjust: options.adjust, families: [...families], budget, seed, trainLength: trainLength ?? null, testLength: testLength ?? null, holdoutFraction: holdoutFraction ?? null, maxFinalistsPerFamily: maxFinalistsPerFamily ?? null, slippageBps: options.slippageBps, commission: options.commission, gates: 'DEFAULT_PROMOTION_GATES' };
        const provenance = { codeVersion: gitVersion(), dataFiles: await fileProvenance(files), parameters, seed: options.seed, engine: 'tradeloop discover (walk-forward, NSGA-II)', generatedAt: Date.now() };
        await writeHtmlReport(options.report, renderDiscoveryReport({ title: `Strategy discovery: ${symbol} ${options.from}..${options.to}`, result, provenance }));
      }
      if (!options.json) {
        process.stdout.write(`${renderDiscovery(result, seconds)}${options.report === undefined ? '' : `\nreport: ${options.report}`}\n`);
        return;
      }
      const provenance = {
        codeVersion: gitVersion(),
        dataFiles: await fileProvenance(files),
        seed: options.seed,
        config: { ...config, from: options.from, to: options.to, adjust: options.adjust, gates: 'DEFAULT_PROMOTION_GATES' },
      };
      const finalists = result.finalists.map((f) => ({
        family: f.family,
        params: f.params,
        objectives: f.objectives,
        outOfSample: { bars: f.outOfSampleBars, trades: f.trades, ...f.metrics },
        deflatedSharpe: f.metrics.deflatedSharpe,
        pbo: f.metrics.pbo,
        holdout: f.holdout,
        gates: { passed: f.report.passed, results: f.report.results },
      }));
      process.stdout.write(
        `${discoveryJson({
          command: 'discover',
          symbol,
          provenance,
          seconds,
          bars: result.bars,
          search: result.search,
          holdout: result.holdout,
          trials: result.trials,
          sharpeVariance: result.sharpeVariance,
          pbo: result.pbo,
          families: result.families.map(({ space, ...rest }) => ({ ...rest, space: space.dimensions })),
          finalists,
          promoted: result.promoted,
        })}\n`,
      );
    });
}
