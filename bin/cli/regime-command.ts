/**
 * `tradeloop regime --symbol SPY --from 2010-01-01 --to 2020-12-31 [--data file.csv] [--states 2]
 * [--covariance full|diagonal] [--restarts 10] [--seed 1] [--fit-through <date>] [--json]`: fits the
 * Gaussian HMM on the daily bars, filters causally, combines with the trend/volatility rules and prints
 * the states, the regimes with their return statistics, the changes and the current regime.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { detectRegimes, type RegimeDetection } from '../../layers/core/regime';
import { loadDailyBars, type PriceAdjustment } from './backtest-data';
import { parseSessionDate, parseSymbols } from './options';
import { UsageError } from './usage-error';

interface RegimeCliOptions {
  readonly symbol: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly data?: string;
  readonly adjust: PriceAdjustment;
  readonly states: number;
  readonly covariance: 'full' | 'diagonal';
  readonly restarts: number;
  readonly seed: number;
  readonly volWindow: number;
  readonly sma: number;
  readonly medianWindow: number;
  readonly fitThrough?: string;
  readonly changes: number;
  readonly json: boolean;
}

/** Commander parser of an integer in [min, max]. */
function integerIn(min: number, max: number): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`must be an integer from ${min} to ${max}`);
    return n;
  };
}

/** The JSON summary (also the source of the readable form). */
export function regimeSummary(symbol: string, options: RegimeCliOptions, bars: number, files: readonly string[], r: RegimeDetection) {
  return {
    command: 'regime',
    symbol,
    from: options.from,
    to: options.to,
    bars,
    files,
    model: {
      id: r.model.id,
      states: r.model.hmm.initial.length,
      covariance: r.model.hmm.covarianceType,
      features: ['log return', `ln realised volatility (${r.model.volatilityWindow} days)`],
      trainedFrom: r.model.trainedFrom,
      trainedTo: r.model.trainedTo,
      trainingObservations: r.model.trainingObservations,
      logLikelihood: r.model.logLikelihood,
      ...(r.fit === undefined ? {} : { iterations: r.fit.iterations, converged: r.fit.converged, restarts: r.fit.restarts.length, restartLogLikelihoods: r.fit.restarts.map((x) => x.logLikelihood) }),
      transition: r.model.hmm.transition,
      volatilityThreshold: r.model.volatilityThreshold,
    },
    rules: { trend: `close vs SMA(${options.sma})`, volatility: `realised volatility (${options.volWindow} days) vs its ${options.medianWindow}-day median` },
    states: r.states,
    regimes: r.labels,
    current: r.current === null ? null : { date: r.current.date, regime: r.current.regime, label: r.current.label, confidence: r.current.confidence, probabilities: r.current.probabilities, hmmState: r.current.hmm?.state ?? null, ruleLabel: r.current.ruleLabel },
    changeCount: r.changes.length,
    changes: r.changes.map((c) => ({ date: c.date, from: c.from, to: c.to, confidence: c.confidence, hmmState: c.hmmState, ruleLabel: c.ruleLabel })),
    conventions: {
      returns: 'simple daily close-to-close returns; annualised return = mean × 252, annualised volatility = sample sd × √252',
      states: 'HMM states ordered by volatility (0 = calmest); their day counts come from the Viterbi path over the training window (hindsight)',
      regimes: 'ensemble of the causal HMM filter and the rules per day, with hysteresis; meanNextDayReturn is the return of the day after',
      lookahead: 'the model parameters are fitted on bars up to trainedTo; with --fit-through before --to the later regimes are out of sample',
    },
  };
}

const pct = (v: number | null, digits = 2): string => (v === null || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(digits)} %`);

function render(s: ReturnType<typeof regimeSummary>, lastChanges: number): string {
  const lines = [
    `${s.symbol} ${s.from}..${s.to}: ${s.bars} daily bars`,
    `model ${s.model.id}: ${s.model.states} states, ${s.model.covariance} covariance, log-likelihood ${s.model.logLikelihood.toFixed(2)}${'iterations' in s.model ? ` (${s.model.iterations} iterations, best of ${s.model.restarts} restarts)` : ''}`,
    '',
    `${'state'.padEnd(6)}${'label'.padEnd(15)}${'days'.padStart(6)}${'share'.padStart(9)}${'ann. return'.padStart(13)}${'ann. vol'.padStart(10)}${'duration'.padStart(10)}`,
    ...s.states.map((st) => `${String(st.state).padEnd(6)}${st.label.padEnd(15)}${String(st.days).padStart(6)}${pct(st.share, 1).padStart(9)}${pct(st.annualisedReturn, 1).padStart(13)}${pct(st.annualisedVolatility, 1).padStart(10)}${`${st.expectedDurationDays.toFixed(0)} d`.padStart(10)}`),
    '',
    `${'regime'.padEnd(15)}${'days'.padStart(6)}${'share'.padStart(9)}${'ann. return'.padStart(13)}${'ann. vol'.padStart(10)}${'next day'.padStart(11)}`,
    ...s.regimes.map((l) => `${l.label.padEnd(15)}${String(l.days).padStart(6)}${pct(l.share, 1).padStart(9)}${pct(l.annualisedReturn, 1).padStart(13)}${pct(l.annualisedVolatility, 1).padStart(10)}${pct(l.meanNextDayReturn, 3).padStart(11)}`),
    '',
    `${s.changeCount} regime changes${s.changeCount > lastChanges ? `, the last ${lastChanges}` : ''}:`,
    ...(lastChanges === 0 ? [] : s.changes.slice(-lastChanges)).map((c) => `  ${c.date}  ${(c.from ?? '(none)').padEnd(14)} → ${c.to.padEnd(14)} confidence ${(c.confidence ?? 0).toFixed(2)}`),
    '',
    s.current === null ? 'current regime: none' : `current regime (${s.current.date}): ${s.current.regime} (label ${s.current.label}, confidence ${(s.current.confidence ?? 0).toFixed(2)}; HMM state ${s.current.hmmState ?? '—'}, rules ${s.current.ruleLabel ?? '—'})`,
  ];
  return lines.join('\n');
}

/** Registers `tradeloop regime`. */
export function registerRegimeCommand(program: Command): void {
  program
    .command('regime')
    .description('Market regimes of one symbol from daily bars: a Gaussian HMM on returns and realised volatility (causal filter), trend/volatility quadrant rules, their ensemble and the regime changes')
    .option('--symbol <ticker>', 'the symbol (shipped data/ or the --data CSV)', parseSymbols, ['SPY'])
    .option('--from <date>', 'first date (YYYY-MM-DD)', parseSessionDate, '2010-01-01')
    .option('--to <date>', 'last date (YYYY-MM-DD)', parseSessionDate, '2020-12-31')
    .option('--data <csv>', 'a plain Date,Open,High,Low,Close,Volume CSV instead of the shipped data')
    .addOption(new Option('--adjust <mode>', 'price adjustment of the shipped data').choices(['raw', 'split', 'split-and-dividend']).default('split-and-dividend'))
    .option('--states <n>', 'HMM states', integerIn(1, 6), 2)
    .addOption(new Option('--covariance <kind>', 'emission covariance').choices(['full', 'diagonal']).default('full'))
    .option('--restarts <n>', 'Baum-Welch random starts (the best wins)', integerIn(1, 100), 10)
    .option('--seed <n>', 'seed of the random starts', integerIn(0, 2 ** 32 - 1), 1)
    .option('--vol-window <days>', 'realised-volatility window', integerIn(2, 252), 21)
    .option('--sma <days>', 'SMA window of the trend rule', integerIn(2, 1000), 200)
    .option('--median-window <days>', 'rolling-median window of the volatility rule', integerIn(2, 2520), 252)
    .option('--fit-through <date>', 'fit the HMM on bars up to this date only (later regimes out of sample)', parseSessionDate)
    .option('--changes <n>', 'how many of the latest changes the readable output lists (JSON lists all)', integerIn(0, 100000), 10)
    .option('--json', 'machine-readable output', false)
    .action(async (options: RegimeCliOptions) => {
      if (options.symbol.length !== 1) throw new UsageError('--symbol takes one ticker');
      const symbol = options.symbol[0] ?? 'SPY';
      if (options.from > options.to) throw new UsageError(`--from ${options.from} is after --to ${options.to}`);
      if (options.fitThrough !== undefined && (options.fitThrough < options.from || options.fitThrough > options.to)) throw new UsageError(`--fit-through ${options.fitThrough} is outside --from..--to`);
      const { bars, files } = await loadDailyBars({ symbol, from: options.from, to: options.to, csv: options.data, adjust: options.adjust });
      const needed = options.volWindow + Math.max(10, options.states * 5);
      if (bars.length < needed) throw new UsageError(`only ${bars.length} daily bar(s) of ${symbol} between ${options.from} and ${options.to}: the HMM needs at least ${needed}`);
      let detection: RegimeDetection;
      try {
        detection = detectRegimes(
          bars.map((b) => ({ date: b.date, close: b.close })),
          {
            states: options.states,
            covarianceType: options.covariance,
            restarts: options.restarts,
            seed: options.seed,
            volatilityWindow: options.volWindow,
            trendWindow: options.sma,
            medianWindow: options.medianWindow,
            ...(options.fitThrough === undefined ? {} : { fitThrough: options.fitThrough }),
          },
        );
      } catch (error: unknown) {
        throw error instanceof RangeError ? new UsageError(error.message) : error;
      }
      const summary = regimeSummary(symbol, options, bars.length, files, detection);
      process.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : `${render(summary, options.changes)}\n`);
    });
}
