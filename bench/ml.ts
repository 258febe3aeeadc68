/**
 * ML ensemble (issue 7): inference latency per symbol-bar of the trained ensemble, as the
 * signal-engine Lambda would run it (features from the last 64 bars, 7 base models, soft vote,
 * calibration and the stacked forecast), p50/p99 over real SPY daily bars; the cold-start load of
 * the artefact (JSON.parse + validation + model restore); training time; artefact size. The issue
 * asks for p99 < 20 ms inside the Lambda; this measures Node on this machine, not a Lambda.
 *
 * Standalone: `npx tsx bench/ml.ts [--quick]`; also run by bench/run.ts.
 */
import { fileURLToPath } from 'node:url';
import { loadDailyBars } from '../bin/cli/backtest-data';
import { buildDataset, featureRowOfWindow, FEATURE_LOOKBACK, barsToColumns, loadEnsemble, trainEnsemble } from '../layers/core/ml';
import { latencyStats } from './harness';
import type { Figure } from './report';

export interface MlBenchOptions {
  readonly log?: (line: string) => void;
  readonly quick?: boolean;
}

const GROUP = '12 ml ensemble';

export async function benchMl(options: MlBenchOptions = {}): Promise<Figure[]> {
  const log = options.log ?? (() => undefined);
  const quick = options.quick === true;
  const { bars } = await loadDailyBars({ symbol: 'SPY', from: '2010-01-01', to: '2020-12-31', adjust: 'split-and-dividend' });
  const dataset = buildDataset(bars, { kind: 'direction', horizon: 5 });
  log(`  ${GROUP}: training on SPY 2010-2020 (${dataset.X.length} rows, 7 models × 6 fits)`);
  const t0 = process.hrtime.bigint();
  const { artefact } = trainEnsemble(dataset, { resamples: 20 });
  const trainMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const text = JSON.stringify(artefact);

  const loads: number[] = [];
  for (let i = 0; i < (quick ? 3 : 10); i += 1) {
    const t = process.hrtime.bigint();
    loadEnsemble(JSON.parse(text));
    loads.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const predictor = loadEnsemble(JSON.parse(text));

  // one symbol-bar: the window the signal engine holds → P(up)
  const warm = quick ? 20 : 100;
  const timed = quick ? 200 : 1000;
  const first = bars.length - (warm + timed);
  const latencies: number[] = [];
  const featureLatencies: number[] = [];
  let sum = 0;
  for (let k = 0; k < warm + timed; k += 1) {
    const end = first + k + 1;
    const window = bars.slice(end - FEATURE_LOOKBACK, end);
    const t = process.hrtime.bigint();
    const p = predictor.predictLatest(window);
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    const tf = process.hrtime.bigint();
    featureRowOfWindow(barsToColumns(window));
    const fms = Number(process.hrtime.bigint() - tf) / 1e6;
    if (k >= warm) {
      latencies.push(ms);
      featureLatencies.push(fms);
    }
    sum += p?.probability ?? 0;
  }
  if (!Number.isFinite(sum)) throw new Error('ensemble produced a non-finite probability');
  const inference = latencyStats(latencies);
  const features = latencyStats(featureLatencies);
  const load = latencyStats(loads);
  return [
    {
      id: 'ml.ensemble.inference.latency',
      group: GROUP,
      name: 'ensemble forecast per symbol-bar (features + 7 models + vote + calibration + stack)',
      value: inference.p99,
      unit: 'ms p99',
      spread: `p50 ${inference.p50.toFixed(3)} ms, max ${inference.max.toFixed(3)} ms`,
      method: `${inference.count} consecutive real SPY daily bars after ${warm} warm-up, each from its 64-bar window; default models (kNN over ${dataset.X.length - Math.round(dataset.X.length * 0.2)} stored rows, 100-tree forest, 100 boosted trees, 16-unit MLP)`,
      stats: inference,
    },
    {
      id: 'ml.features.latency',
      group: GROUP,
      name: `feature row from a ${FEATURE_LOOKBACK}-bar window (35 features)`,
      value: features.p99,
      unit: 'ms p99',
      spread: `p50 ${features.p50.toFixed(3)} ms`,
      method: 'the same bars as above, features alone',
      stats: features,
    },
    {
      id: 'ml.ensemble.load',
      group: GROUP,
      name: `artefact load (JSON.parse + zod validation + restore), ${(text.length / 1e6).toFixed(2)} MB`,
      value: load.p50,
      unit: 'ms p50',
      spread: `max ${load.max.toFixed(1)} ms`,
      method: `${load.count} loads of the same artefact text (a Lambda cold start pays one, plus the S3 read)`,
      stats: { ...load, bytes: text.length },
    },
    {
      id: 'ml.ensemble.train',
      group: GROUP,
      name: `train + evaluate the ensemble, SPY 2010-2020 daily (${dataset.X.length} rows)`,
      value: trainMs / 1000,
      unit: 's',
      spread: 'one run',
      method: '7 models × (5 purged folds + 1 final fit), calibration, stacking, hold-out metrics with 20 bootstrap resamples',
      stats: { trainMs },
    },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await benchMl({ log: (l) => process.stderr.write(`${l}\n`), quick: process.argv.includes('--quick') });
  for (const f of figures) process.stdout.write(`${f.name}: ${f.value.toFixed(3)} ${f.unit} (${f.spread})\n`);
}
