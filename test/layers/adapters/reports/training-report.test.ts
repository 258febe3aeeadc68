import { confusionMatrix, PRIMARY_FORECAST, reliabilityBins, renderTrainingReport, type TrainingReportInput } from '../../../../layers/adapters/reports';
import { buildDataset, loadEnsemble, METRIC_NAMES, permutationImportance, trainEnsemble, type Matrix, type TrainingResult } from '../../../../layers/core/ml';
import { syntheticBars } from '../../core/ml/synthetic';
import { expectSelfContained } from './self-contained';

/** SYNTHETIC bars with a planted momentum pattern (not market data); two small models so Jest stays fast. */
const dataset = buildDataset(syntheticBars(420, 21, { signal: 0.6 }), { kind: 'direction', horizon: 3 });
const result: TrainingResult = trainEnsemble(dataset, { models: [{ kind: 'logistic' }, { kind: 'naive-bayes' }], folds: 3, resamples: 40, seed: 2 });
const holdoutX = dataset.X.slice(dataset.X.length - result.report.rows.holdout);
const predictor = loadEnsemble(result.artefact);
const predict = (X: Matrix): Float64Array => Float64Array.from(X, (row) => predictor.predictRow(row).probability);
const importance = permutationImportance({ X: holdoutX, y: result.holdoutLabels, predict, featureNames: dataset.featureNames, metric: 'brier', repeats: 1, seed: 4 });

function input(overrides: Partial<TrainingReportInput> = {}): TrainingReportInput {
  return {
    title: 'Training SYN',
    symbol: 'SYN',
    report: result.report,
    holdoutPredictions: result.holdoutPredictions,
    holdoutLabels: result.holdoutLabels,
    label: dataset.label,
    importance,
    provenance: {
      codeVersion: 'abc1234',
      dataFiles: [{ path: 'synthetic.csv', sha256: 'cd'.repeat(32) }],
      parameters: { horizon: 3, seed: 2 },
      seed: 2,
      engine: 'tradeloop train',
      generatedAt: Date.parse('2026-11-26T02:00:00Z'),
    },
    ...overrides,
  };
}

const html = renderTrainingReport(input());

describe('renderTrainingReport', () => {
  it('has every section', () => {
    for (const id of ['summary', 'holdout-metrics', 'calibration', 'confusion', 'importance', 'cv', 'provenance']) expect(html).toContain(`<section id="${id}"`);
    expect(html).toContain('<svg class="plot" id="reliability-chart"');
    expect(html).toContain('<svg class="plot" id="importance-chart"');
    expect(renderTrainingReport(input({ importance: undefined }))).not.toContain('<section id="importance"');
  });

  it('shows every forecast (models, ensembles, both baselines) with each metric estimate and interval of the result', () => {
    const names = Object.keys(result.report.holdout);
    expect(names).toEqual(expect.arrayContaining(['logistic', 'naive-bayes', 'ensemble-soft-vote', PRIMARY_FORECAST, 'ensemble-stacked', 'baseline-always-up', 'baseline-last-return-sign']));
    for (const name of names) {
      const row = new RegExp(`<tr data-forecast="${name}"[^>]*>[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '';
      for (const m of METRIC_NAMES) {
        const v = result.report.holdout[name]?.[m];
        expect(row).toContain(`data-metric="${m}" data-estimate="${String(v?.estimate)}" data-lower="${String(v?.lower)}" data-upper="${String(v?.upper)}"`);
      }
    }
    expect(html).toMatch(/<tr data-forecast="baseline-always-up" class="baseline">/);
    expect(html).toMatch(new RegExp(`<tr data-forecast="${PRIMARY_FORECAST}" class="primary">`));
    expect(html).toMatch(/id="skill" data-comparison="(above|below|contains)"/);
  });

  it('draws the reliability bins and the confusion matrix of the primary forecast from the hold-out forecasts', () => {
    const p = result.holdoutPredictions[PRIMARY_FORECAST] ?? new Float64Array(0);
    const bins = reliabilityBins(result.holdoutLabels, p);
    const counts = [...html.matchAll(/<tr data-bin="\d+" data-count="(\d+)">/g)].map((m) => Number(m[1]));
    expect(counts).toEqual(bins.map((b) => b.count));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(result.report.rows.holdout);
    const m = confusionMatrix(result.holdoutLabels, p);
    expect(html).toContain(`<table id="confusion-matrix" data-tp="${m.truePositive}" data-fp="${m.falsePositive}" data-tn="${m.trueNegative}" data-fn="${m.falseNegative}">`);
    const ups = result.holdoutLabels.reduce((a, b) => a + b, 0);
    expect(m.truePositive + m.falseNegative).toBe(ups);
    // the calls agree with the accuracy the training result reports
    expect((m.truePositive + m.trueNegative) / result.report.rows.holdout).toBeCloseTo(result.report.holdout[PRIMARY_FORECAST]?.accuracy.estimate ?? Number.NaN, 12);
  });

  it('lists every feature with its permutation importance, most important first', () => {
    const rows = [...html.matchAll(/<tr data-feature="([^"]+)" data-mean="([^"]+)"/g)];
    expect(rows).toHaveLength(dataset.featureNames.length);
    expect(rows[0]?.[1]).toBe(importance.features[0]?.feature);
    expect(Number(rows[0]?.[2])).toBe(importance.features[0]?.mean);
    expect(Number(/id="importance-baseline" data-value="([^"]+)"/.exec(html)?.[1])).toBe(importance.baseline);
    // the baseline Brier of the reloaded artefact is the training result's own Brier of the primary forecast
    expect(importance.baseline).toBeCloseTo(result.report.holdout[PRIMARY_FORECAST]?.brier.estimate ?? Number.NaN, 12);
  });

  it('runs no script at all and loads nothing', () => {
    expectSelfContained(html, 0);
    expect(html).not.toContain('<script');
  });

  it('escapes hostile symbol, title, forecast and feature names', () => {
    const evil = '<script>alert("x")</script>';
    const p = result.holdoutPredictions[PRIMARY_FORECAST] ?? new Float64Array(0);
    const primaryMetrics = result.report.holdout[PRIMARY_FORECAST];
    if (primaryMetrics === undefined) throw new Error('no primary forecast in the result');
    const holdout = { ...result.report.holdout, [evil]: primaryMetrics };
    const page = renderTrainingReport(
      input({
        title: evil,
        symbol: `<img src=x onerror=alert(1)>`,
        report: { ...result.report, holdout },
        holdoutPredictions: { ...result.holdoutPredictions, [evil]: p },
        importance: { ...importance, features: importance.features.map((f, i) => (i === 0 ? { ...f, feature: evil } : f)) },
      }),
    );
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expectSelfContained(page, 0);
  });
});

describe('reliabilityBins and confusionMatrix (hand counts)', () => {
  const y = [1, 0, 1, 1, 0, 0];
  const p = [0.95, 0.05, 0.55, 0.45, 0.5, 1];

  it('bins [0,0.5) and [0.5,1] with counts, mean forecast and observed rate; 1 falls in the last bin', () => {
    const bins = reliabilityBins(y, p, 2);
    expect(bins[0]).toEqual({ lower: 0, upper: 0.5, count: 2, meanPredicted: 0.25, observedRate: 0.5 });
    expect(bins[1]?.count).toBe(4);
    expect(bins[1]?.meanPredicted).toBeCloseTo((0.95 + 0.55 + 0.5 + 1) / 4, 15);
    expect(bins[1]?.observedRate).toBe(0.5);
    expect(reliabilityBins([1], [Number.NaN], 4).every((b) => b.count === 0 && Number.isNaN(b.observedRate))).toBe(true);
    expect(() => reliabilityBins(y, p, 0)).toThrow(/bins/);
  });

  it('counts calls at P ≥ 0.5', () => {
    // calls: up, down, up, down, up, up
    expect(confusionMatrix(y, p)).toEqual({ threshold: 0.5, truePositive: 2, falsePositive: 2, trueNegative: 1, falseNegative: 1 });
  });
});
