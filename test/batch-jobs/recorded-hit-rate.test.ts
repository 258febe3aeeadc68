import { EXIT, runEnsembleTraining } from '../../batch-jobs/ensemble-training/job';
import { loadDailyBars } from '../../bin/cli/backtest-data';
import { DynamoModelRegistry } from '../../layers/adapters/aws/dynamo/model-registry';
import { DynamoPredictionStore } from '../../layers/adapters/aws/dynamo/model-predictions';
import { RecordingEventPublisher } from '../../layers/adapters/memory';
import { directionLabels } from '../../layers/core/ml';
import type { DriftReport } from '../../layers/core/ml/lifecycle';
import { provisionLocalResources } from '../../local/provision';

/**
 * The signal engine's recorded champion forecasts are the drift detector's live hit rate: a champion
 * whose recorded forecasts were all wrong drifts on the hit-rate test (and drift.detected is published),
 * whatever its forecasts recomputed on the window would have scored.
 */
describe('ensemble-training: live hit rate from recorded forecasts', () => {
  it('all-wrong recorded forecasts make the champion drift on its hit rate', async () => {
    const resources = await provisionLocalResources({ prefix: `hitrate${Date.now().toString(36)}-` });
    const env = { ...process.env, TRADELOOP_DATA_LAKE_BUCKET: resources.buckets['data-lake'], TRADELOOP_MODELS_BUCKET: resources.buckets.models, TRADELOOP_MODELS_TABLE: resources.tables.models, TRADELOOP_CODE_VERSION: 'test' };
    const fast = ['--symbols', 'SPY', '--quick', '--resamples', '20', '--lookback-days', '1460'];
    const lines: string[] = [];
    const at = () => new Date('2026-01-02T01:00:00Z');
    expect(await runEnsembleTraining(['--as-of', '2016-12-30', ...fast], env, (l) => lines.push(l), at)).toBe(EXIT.ok);
    const first = JSON.parse(lines.find((l) => l.startsWith('{') && l.includes('"symbol"')) ?? '{}') as { version: string };
    const registry = new DynamoModelRegistry(resources.tables.models);
    const modelId = 'SPY#ensemble-direction';
    const before = await registry.getPointers(modelId);
    expect(await registry.setPointers(modelId, { champion: first.version }, before?.revision, '2026-01-01T00:00:00Z')).toBe(true);

    // Every 2017-2018 session (one forecast a session, as the engine records them), each the opposite of what happened over the 5-session label.
    const { bars } = await loadDailyBars({ symbol: 'SPY', from: '2017-01-01', to: '2018-12-31', adjust: 'split-and-dividend' });
    const labels = directionLabels(Float64Array.from(bars, (b) => b.close), 5);
    const store = new DynamoPredictionStore(resources.tables.models);
    for (const [i, t] of labels.index.entries()) {
      const date = bars[t]?.date ?? '';
      if (date > '2018-10-31') continue;
      const p = labels.y[i] === 1 ? 0.2 : 0.8;
      await store.recordOnce({ schema: 'PredictionRecordV1', modelId, version: first.version, role: 'champion', symbol: 'SPY', sessionDate: date, barStart: 0, probability: p, softVote: p, stacked: p, features: [] });
    }

    const bus = new RecordingEventPublisher();
    expect(await runEnsembleTraining(['--as-of', '2018-12-31', ...fast], env, () => undefined, at, bus)).toBe(EXIT.ok);
    const decision = (await registry.listDecisions(modelId)).find((d) => d.challengerVersion !== first.version);
    const drift = (decision?.evidence as { drift?: DriftReport } | undefined)?.drift;
    expect(drift?.hitRate?.trials).toBeGreaterThanOrEqual(20);
    // Scored with the job's own bars: at most a few labels can differ from ours, so nearly all are misses.
    expect(drift?.hitRate?.rate).toBeLessThan(0.1);
    expect(drift?.reasons.some((r) => r.startsWith('hit rate'))).toBe(true);
    expect(bus.ofType('drift.detected')).toMatchObject([{ modelId, championVersion: first.version, asOf: '2018-12-31' }]);
  }, 180_000);
});
