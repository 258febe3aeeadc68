/**
 * Evidence for the CPU-vs-GPU choice of the ensemble-training job: wall time of one fit and one
 * hold-out prediction of each default model on SPY 2010-2020 daily bars (direction, 5-bar horizon,
 * all rows), median of `--repeats` runs, plus one whole `trainEnsemble` (7 models × 6 fits,
 * calibration, stacking, 200 bootstrap resamples). `npx tsx batch-jobs/ensemble-training/measure-models.ts [--repeats 3]`
 */
import { availableParallelism, cpus } from 'node:os';
import { loadDailyBars } from '../../bin/cli/backtest-data';
import { buildDataset, createModel, DEFAULT_MODEL_SPECS, trainEnsemble } from '../../layers/core/ml';

const repeatsArg = process.argv.indexOf('--repeats');
const repeats = repeatsArg >= 0 ? Number(process.argv[repeatsArg + 1]) : 3;
const { bars } = await loadDailyBars({ symbol: 'SPY', from: '2010-01-01', to: '2020-12-31', adjust: 'split-and-dividend' });
const dataset = buildDataset(bars, { kind: 'direction', horizon: 5 });
const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const rows: Record<string, unknown>[] = [];
for (const spec of DEFAULT_MODEL_SPECS) {
  const fit: number[] = [];
  const predict: number[] = [];
  for (let r = 0; r < repeats; r += 1) {
    const model = createModel(spec);
    let t0 = process.hrtime.bigint();
    model.fit(dataset.X, dataset.y, dataset.weights, 1);
    fit.push(ms(t0));
    t0 = process.hrtime.bigint();
    model.predictProba(dataset.X);
    predict.push(ms(t0));
  }
  rows.push({ model: spec.kind, params: spec.params ?? {}, fitMsMedian: Number(median(fit).toFixed(1)), predictAllRowsMsMedian: Number(median(predict).toFixed(1)) });
}
const t0 = process.hrtime.bigint();
trainEnsemble(dataset, { resamples: 200 });
const ensembleMs = ms(t0);
process.stdout.write(
  `${JSON.stringify({ data: 'SPY 2010-01-01..2020-12-31 daily, split-and-dividend adjusted', rows: dataset.X.length, features: dataset.featureNames.length, repeats, node: process.version, cpu: cpus()[0]?.model, cores: availableParallelism(), models: rows, trainEnsembleMs: Math.round(ensembleMs) }, null, 1)}\n`,
);
