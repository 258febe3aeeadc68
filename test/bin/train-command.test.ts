import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitCodeFor } from '../../bin/cli/program';
import { loadEnsemble, METRIC_NAMES } from '../../layers/core/ml';
import { syntheticBars } from '../layers/core/ml/synthetic';
import { expectSelfContained } from '../layers/adapters/reports/self-contained';
import { runCli } from './support';

const dir = mkdtempSync(join(tmpdir(), 'tl-train-'));

/** A SYNTHETIC daily CSV (seeded random walk with a planted momentum pattern), not market data. */
const csvPath = join(dir, 'synthetic.csv');
writeFileSync(
  csvPath,
  `Date,Open,High,Low,Close,Volume\n${syntheticBars(700, 21, { signal: 0.6 })
    .map((b) => [b.date, b.open.toFixed(4), b.high.toFixed(4), b.low.toFixed(4), b.close.toFixed(4), b.volume].join(','))
    .join('\n')}\n`,
);

const run = runCli;

interface TrainJson {
  command: string;
  results: {
    symbol: string;
    bars: number;
    artefact?: string;
    report: { holdout: Record<string, Record<string, { estimate: number; lower: number | null; upper: number | null }>>; rows: { holdout: number }; periods: { holdout: { from: string } } };
  }[];
}

describe('tradeloop train', () => {
  it('--data --json: every model, the ensembles and both baselines with intervals; the artefact loads', async () => {
    const artefact = join(dir, 'out', 'model.json');
    const { error, stdout, stderr } = await run(['train', '--data', csvPath, '--from', '2001-01-01', '--to', '2003-12-31', '--horizon', '3', '--quick', '--resamples', '50', '--seed', '2', '--out', artefact, '--json']);
    expect(error).toBeUndefined();
    expect(stderr).toBe(''); // no progress bar off a terminal, and never with --json
    const out = JSON.parse(stdout) as TrainJson;
    expect(out.command).toBe('train');
    const r = out.results[0];
    expect(r?.artefact).toBe(artefact);
    const names = Object.keys(r?.report.holdout ?? {});
    expect(names).toEqual([
      'logistic',
      'ridge',
      'naive-bayes',
      'knn',
      'random-forest',
      'gradient-boosting',
      'mlp',
      'ensemble-soft-vote',
      'ensemble-soft-vote-calibrated',
      'ensemble-stacked',
      'baseline-always-up',
      'baseline-last-return-sign',
    ]);
    for (const metrics of Object.values(r?.report.holdout ?? {})) expect(Object.keys(metrics)).toEqual([...METRIC_NAMES]);
    // the planted pattern is found (SYNTHETIC data)
    expect(r?.report.holdout['ensemble-soft-vote-calibrated']?.['accuracy']?.lower ?? 0).toBeGreaterThan(0.55);
    const predictor = loadEnsemble(JSON.parse(readFileSync(artefact, 'utf8')));
    expect(predictor.artefact.models).toHaveLength(7);
  });

  it('trains on the shipped SPY daily data; prints a readable table', async () => {
    const { error, stdout } = await run(['train', '--symbols', 'SPY', '--from', '2017-01-01', '--to', '2020-12-31', '--quick', '--resamples', '50', '--label', 'triple-barrier']);
    expect(error).toBeUndefined();
    expect(stdout).toMatch(/^SPY: \d+ rows; development 2017-04-\d\d\.\./);
    expect(stdout).toMatch(/baseline-always-up\s+0\.\d{3} \[0\.\d{3},0\.\d{3}\]/);
    expect(stdout).toMatch(/purged 5-fold CV with a 1\.0 % embargo/);
  });

  it('--report writes a self-contained HTML report with the numbers of the JSON result, importance and provenance', async () => {
    const file = join(dir, 'reports', 'train.html');
    const { error, stdout, stderr } = await run(['train', '--data', csvPath, '--from', '2001-01-01', '--to', '2003-12-31', '--horizon', '3', '--quick', '--resamples', '50', '--seed', '2', '--importance-repeats', '1', '--report', file, '--json']);
    expect(error).toBeUndefined();
    expect(stderr).toBe('');
    const out = JSON.parse(stdout) as {
      results: { htmlReport: string; importance: { metric: string; baseline: number; features: { feature: string; mean: number }[] }; report: { holdout: Record<string, Record<string, { estimate: number }>>; rows: { holdout: number } } }[];
    };
    const r = out.results[0];
    expect(r?.htmlReport).toBe(file);
    const html = readFileSync(file, 'utf8');
    for (const id of ['summary', 'holdout-metrics', 'calibration', 'confusion', 'importance', 'cv', 'provenance']) expect(html).toContain(`<section id="${id}"`);
    for (const [name, metrics] of Object.entries(r?.report.holdout ?? {})) {
      for (const m of METRIC_NAMES) expect(html).toMatch(new RegExp(`<tr data-forecast="${name}"[^>]*>[\\s\\S]*?data-metric="${m}" data-estimate="${String(metrics[m]?.estimate)}"`));
    }
    expect(html).toContain('data-forecast="baseline-always-up"');
    expect(html).toContain('data-forecast="baseline-last-return-sign"');
    // permutation importance on the hold-out: Brier of the calibrated soft vote, every feature
    expect(r?.importance.metric).toBe('brier');
    expect(r?.importance.baseline).toBeCloseTo(r?.report.holdout['ensemble-soft-vote-calibrated']?.['brier']?.estimate ?? Number.NaN, 12);
    expect([...html.matchAll(/<tr data-feature=/g)]).toHaveLength(r?.importance.features.length ?? -1);
    expect(html).toContain(`<tr data-feature="${r?.importance.features[0]?.feature ?? 'missing'}" data-mean="${String(r?.importance.features[0]?.mean)}"`);
    // provenance: the CSV's SHA-256, the seed, the configuration
    const sha = createHash('sha256').update(readFileSync(csvPath)).digest('hex');
    expect(html).toContain(`<code>${sha}</code>`);
    expect(html).toContain('<code id="seed">2</code>');
    expect(html).toContain('&quot;horizon&quot;: 3');
    expectSelfContained(html, 0);
  });

  it.each([
    [['train', '--symbols', 'SPY,IBM', '--report', 'x.html'], /SYMBOL in the file name/],
    [['train', '--importance-repeats', '0'], /--importance-repeats must be a whole number/],
    [['train', '--label', 'up'], /Allowed choices/],
    [['train', '--horizon', '0'], /--horizon must be a whole number/],
    [['train', '--holdout', '0.9'], /fraction of the rows/],
    [['train', '--from', '2020-01-01', '--to', '2019-01-01'], /after --to/],
    [['train', '--symbols', 'SPY,IBM', '--data', 'x.csv'], /one symbol/],
    [['train', '--symbols', 'SPY', '--from', '2020-01-01', '--to', '2020-03-31'], /labelled rows/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const { error } = await run(args);
    expect(exitCodeFor(error)).toBe(2);
    expect(String((error as Error).message)).toMatch(message);
  });
});
