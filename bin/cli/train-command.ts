import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { fileProvenance, renderTrainingReport, writeHtmlReport } from '../../layers/adapters/reports';
import {
  buildDataset,
  DEFAULT_ENSEMBLE_CONFIG,
  DEFAULT_MODEL_SPECS,
  loadEnsemble,
  METRIC_NAMES,
  permutationImportance,
  trainEnsemble,
  type CalibrationMethod,
  type Dataset,
  type LabelKind,
  type ModelSpec,
  type PermutationImportance,
  type TrainingResult,
  type TrainingReport,
} from '../../layers/core/ml';
import { loadDailyBars, type PriceAdjustment } from './backtest-data';
import { gitVersion } from './git-version';
import { parseSessionDate, parseSymbols } from './options';
import { progressBar } from './progress-bar';
import { UsageError } from './usage-error';

interface TrainCliOptions {
  readonly symbols: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly data?: string;
  readonly horizon: number;
  readonly label: LabelKind;
  readonly seed: number;
  readonly folds: number;
  readonly holdout: number;
  readonly calibration: CalibrationMethod;
  readonly resamples: number;
  readonly adjust: PriceAdjustment;
  readonly quick: boolean;
  readonly out?: string;
  readonly report?: string;
  readonly importanceRepeats: number;
  readonly json: boolean;
  readonly progress: boolean;
}

/** Smaller models for a smoke run (`--quick`): same kinds, fewer trees, epochs and neighbours. */
export const QUICK_MODEL_SPECS: readonly ModelSpec[] = [
  { kind: 'logistic' },
  { kind: 'ridge' },
  { kind: 'naive-bayes' },
  { kind: 'knn', params: { k: 25 } },
  { kind: 'random-forest', params: { trees: 20, maxDepth: 4, minSamplesLeaf: 20 } },
  { kind: 'gradient-boosting', params: { estimators: 30, learningRate: 0.1, maxDepth: 2, minSamplesLeaf: 20 } },
  { kind: 'mlp', params: { hidden: 8, epochs: 8 } },
];

const intArg =
  (what: string, min: number, max: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw new InvalidArgumentError(`${what} must be a whole number from ${min} to ${max}`);
    return n;
  };

function parseHoldout(value: string): number {
  const f = Number(value);
  if (value.trim() === '' || !(f >= 0.05 && f <= 0.5)) throw new InvalidArgumentError('must be a fraction of the rows from 0.05 to 0.5');
  return f;
}

const fmt = (v: number, digits = 3): string => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');

/** The human-readable summary of one symbol's training report. */
export function renderTrainReport(symbol: string, report: TrainingReport): string {
  const lines = [
    `${symbol}: ${report.rows.total} rows; development ${report.periods.development.from}..${report.periods.development.to} (${report.rows.development}), hold-out ${report.periods.holdout.from}..${report.periods.holdout.to} (${report.rows.holdout}), up-rate ${fmt(report.upRate.development)} / ${fmt(report.upRate.holdout)}`,
    '',
    `held-out metrics, estimate [${(report.intervals.level * 100).toFixed(0)} % interval]:`,
    `${'forecast'.padEnd(32)}${METRIC_NAMES.map((m) => m.padEnd(22)).join('')}`,
  ];
  for (const [name, metrics] of Object.entries(report.holdout)) {
    lines.push(`${name.padEnd(32)}${METRIC_NAMES.map((m) => `${fmt(metrics[m].estimate)} [${fmt(metrics[m].lower)},${fmt(metrics[m].upper)}]`.padEnd(22)).join('')}`);
  }
  lines.push('', `soft-vote weights: ${Object.entries(report.weights).map(([k, w]) => `${k} ${w.toFixed(2)}`).join(', ')}`, '', 'method:');
  for (const m of report.method) lines.push(`  - ${m}`);
  return lines.join('\n');
}

/**
 * Permutation importance of the primary forecast (the calibrated soft vote, as the signal engine loads it
 * from the artefact) on the hold-out rows: the last `report.rows.holdout` rows of the data set. Scored by
 * Brier, not log loss: isotonic calibration maps the highest votes to P = 1, so a shuffled row can get P = 1
 * and, when it went down, cost log loss 34.5 (the 1e-15 clip) — on SPY one feature's log-loss importance
 * was 0.54 for that reason alone. Brier is also proper and is bounded by 1 per row.
 */
export function holdoutImportance(dataset: Dataset, result: TrainingResult, repeats: number, seed: number, onProgress?: (done: number, total: number) => void): PermutationImportance {
  const predictor = loadEnsemble(result.artefact);
  const X = dataset.X.slice(dataset.X.length - result.report.rows.holdout);
  return permutationImportance({
    X,
    y: result.holdoutLabels,
    predict: (rows) => Float64Array.from(rows, (row) => predictor.predictRow(row).probability),
    featureNames: dataset.featureNames,
    metric: 'brier',
    repeats,
    seed,
    ...(onProgress === undefined ? {} : { onProgress }),
  });
}

/** Registers `tradeloop train`: features, labels, seven models and the ensemble, evaluated on an untouched hold-out. */
export function registerTrainCommand(program: Command): Command {
  return program
    .command('train')
    .description(
      'Train the prediction ensemble on daily bars (7 models, soft vote, stacking, calibration) with purged k-fold CV and an untouched final hold-out; prints held-out accuracy, balanced accuracy, log loss, AUC and Brier with bootstrap intervals next to naive baselines',
    )
    .option('--symbols <list>', 'tickers of the shipped daily data (one ensemble per symbol)', parseSymbols, ['SPY'])
    .option('--from <date>', 'first date (YYYY-MM-DD)', parseSessionDate, '2010-01-01')
    .option('--to <date>', 'last date (YYYY-MM-DD)', parseSessionDate, '2020-12-31')
    .option('--data <csv>', 'a plain Date,Open,High,Low,Close,Volume CSV instead of the shipped data (one symbol)')
    .option('--horizon <bars>', 'label horizon in bars', intArg('--horizon', 1, 250), 5)
    .addOption(new Option('--label <kind>', 'fixed-horizon direction or triple-barrier (±1σ·√horizon, vertical at the horizon)').choices(['direction', 'triple-barrier']).default('direction'))
    .option('--seed <n>', 'seed of every random choice (models, bootstrap)', intArg('--seed', 0, 2 ** 31 - 1), 1)
    .option('--folds <k>', 'purged k-fold CV folds on the development rows', intArg('--folds', 2, 20), DEFAULT_ENSEMBLE_CONFIG.folds)
    .option('--holdout <fraction>', 'final hold-out: this fraction of the rows at the end', parseHoldout, DEFAULT_ENSEMBLE_CONFIG.holdoutFraction)
    .addOption(new Option('--calibration <method>', 'calibration of the soft vote').choices(['isotonic', 'platt']).default(DEFAULT_ENSEMBLE_CONFIG.calibration))
    .option('--resamples <n>', 'bootstrap resamples of each interval', intArg('--resamples', 10, 100_000), DEFAULT_ENSEMBLE_CONFIG.resamples)
    .addOption(new Option('--adjust <mode>', 'price adjustment of the shipped data').choices(['raw', 'split', 'split-and-dividend']).default('split-and-dividend'))
    .option('--quick', 'smaller models (fewer trees, epochs, neighbours) for a smoke run', false)
    .option('--out <file.json>', 'write the ensemble artefact (JSON, what the signal engine loads) here; with several symbols, SYMBOL in the name is replaced')
    .option('--report <file.html>', 'also write a self-contained HTML report (metrics with intervals, calibration, confusion matrix, permutation importance, provenance); with several symbols, SYMBOL in the name is replaced')
    .option('--importance-repeats <n>', 'shuffles per feature of the permutation importance in --report', intArg('--importance-repeats', 1, 100), 3)
    .option('--no-progress', 'no progress bar (it is drawn on stderr, and only on a terminal)')
    .option('--json', 'machine-readable output (NaN prints as null)', false)
    .action(async (options: TrainCliOptions) => {
      if (options.from > options.to) throw new UsageError(`--from ${options.from} is after --to ${options.to}`);
      if (options.data !== undefined && options.symbols.length > 1) throw new UsageError("--data is one symbol's CSV: give one symbol with it");
      if (options.out !== undefined && options.symbols.length > 1 && !options.out.includes('SYMBOL')) throw new UsageError('--out with several symbols needs SYMBOL in the file name');
      if (options.report !== undefined && options.symbols.length > 1 && !options.report.includes('SYMBOL')) throw new UsageError('--report with several symbols needs SYMBOL in the file name');
      const results: Record<string, unknown>[] = [];
      const texts: string[] = [];
      for (const symbol of options.symbols) {
        const { bars, files } = await loadDailyBars({ symbol, from: options.from, to: options.to, csv: options.data, adjust: options.adjust });
        const dataset = buildDataset(bars, { kind: options.label, horizon: options.horizon });
        if (dataset.X.length < 200) throw new UsageError(`only ${dataset.X.length} labelled rows of ${symbol} between ${options.from} and ${options.to} (${bars.length} bars); at least 200 are needed`);
        const bar = progressBar(options.progress && !options.json ? process.stderr : { isTTY: false, write: () => true }, `train ${symbol}`);
        let result: ReturnType<typeof trainEnsemble>;
        try {
          result = trainEnsemble(
            dataset,
            {
              models: options.quick ? QUICK_MODEL_SPECS : DEFAULT_MODEL_SPECS,
              folds: options.folds,
              holdoutFraction: options.holdout,
              calibration: options.calibration,
              seed: options.seed,
              resamples: options.resamples,
            },
            (done, total) => bar.update(done, total),
          );
        } finally {
          bar.finish();
        }
        let artefactFile: string | undefined;
        if (options.out !== undefined) {
          artefactFile = options.out.replaceAll('SYMBOL', symbol);
          await mkdir(dirname(artefactFile), { recursive: true });
          await writeFile(artefactFile, `${JSON.stringify({ ...result.artefact, symbol })}\n`);
        }
        let reportFile: string | undefined;
        let importance: PermutationImportance | undefined;
        if (options.report !== undefined) {
          reportFile = options.report.replaceAll('SYMBOL', symbol);
          const importanceBar = progressBar(options.progress && !options.json ? process.stderr : { isTTY: false, write: () => true }, `importance ${symbol}`);
          try {
            importance = holdoutImportance(dataset, result, options.importanceRepeats, options.seed, (done, total) => importanceBar.update(done, total));
          } finally {
            importanceBar.finish();
          }
          const { from, to, horizon, label, seed, folds, holdout, calibration, resamples, adjust, quick, importanceRepeats } = options;
          const provenance = {
            codeVersion: gitVersion(),
            dataFiles: await fileProvenance(files),
            parameters: { symbol, from, to, horizon, label, seed, folds, holdout, calibration, resamples, adjust, quick, importanceRepeats },
            seed,
            engine: 'tradeloop train (7-model ensemble, purged CV, untouched hold-out)',
            generatedAt: Date.now(),
          };
          await writeHtmlReport(reportFile, renderTrainingReport({ title: `Ensemble training: ${symbol} ${from}..${to}`, symbol, report: result.report, holdoutPredictions: result.holdoutPredictions, holdoutLabels: result.holdoutLabels, label: dataset.label, importance, provenance }));
        }
        results.push({
          symbol,
          files,
          bars: bars.length,
          label: dataset.label,
          ...(artefactFile === undefined ? {} : { artefact: artefactFile }),
          report: result.report,
          ...(reportFile === undefined ? {} : { htmlReport: reportFile, importance }),
        });
        texts.push(renderTrainReport(symbol, result.report) + (artefactFile === undefined ? '' : `\nartefact: ${artefactFile}`) + (reportFile === undefined ? '' : `\nreport: ${reportFile}`));
      }
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ command: 'train', from: options.from, to: options.to, results })}\n`);
        return;
      }
      process.stdout.write(`${texts.join('\n\n')}\n`);
    });
}
