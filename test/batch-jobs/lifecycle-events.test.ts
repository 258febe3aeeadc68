import { EXIT, runEnsembleTraining } from '../../batch-jobs/ensemble-training/job';
import { lifecycleEvents, lifecyclePublisher, publishLifecycleEvents, type TrainedSymbol } from '../../batch-jobs/ensemble-training/lifecycle-events';
import { RecordingEventPublisher } from '../../layers/adapters/memory';
import type { DriftReport, PromotionDecision } from '../../layers/core/ml/lifecycle';
import { provisionLocalResources } from '../../local/provision';

const V1 = 'v-2020-12-30-0123456789ab';
const V0 = 'v-2020-06-30-ba9876543210';
const decision = (promote: boolean, incumbent: PromotionDecision['incumbent']): PromotionDecision => ({
  promote, reason: promote ? 'challenger better: McNemar p 0.01' : 'not better', incumbent, challengerVersion: V1,
  test: { name: 'mcnemar-exact-one-sided', alpha: 0.05, minDiscordant: 10, rows: 100, b: 5, c: 20, pValue: 0.0021 },
  evidence: { rows: 100, hitRate: { incumbent: 0.5, challenger: 0.6 }, logLoss: { incumbent: 0.69, challenger: 0.67 } }, method: 'm',
});
const drift: DriftReport = {
  drifted: true, reasons: ['feature vol_20: PSI 0.412 > 0.25'], features: [{ name: 'vol_20', psi: 0.412 }], maxPsi: 0.412,
  hitRate: { hits: 40, trials: 100, rate: 0.4, expected: 0.55, pValue: 0.001 } as DriftReport['hitRate'], method: [], thresholds: {} as DriftReport['thresholds'],
};
const base: TrainedSymbol = {
  symbol: 'SPY', modelId: 'SPY#ensemble-direction', version: V1, registered: 'registered',
  trained: { trainedThrough: '2020-06-30', holdoutHitRate: 0.643, baselineHitRate: Number.NaN },
};

describe('ensemble-training lifecycle events', () => {
  it('a trained version that beat always-up: model.trained then model.promoted (no previous champion); all validate', async () => {
    const events = lifecycleEvents({ ...base, decision: decision(true, { kind: 'baseline-always-up' }) }, '2021-01-04', 1_609_750_000_000);
    expect(events.map((e) => e.detailType)).toEqual(['model.trained', 'model.promoted']);
    const bus = new RecordingEventPublisher();
    await publishLifecycleEvents(bus, events);
    expect(bus.ofType('model.trained')[0]).toMatchObject({ eventId: `SPY#ensemble-direction:${V1}`, holdoutHitRate: 0.643, baselineHitRate: null, trainedThrough: '2020-06-30' });
    expect(bus.ofType('model.promoted')[0]).toMatchObject({ version: V1, previousChampion: null, pValue: 0.0021 });
  });

  it('a challenger that lost against a drifted champion: model.trained and drift.detected naming the champion', () => {
    const events = lifecycleEvents({ ...base, decision: decision(false, { kind: 'champion', version: V0 }), drift, retrain: { schema: 'RetrainRequestV1', modelId: base.modelId, championVersion: V0, requestedAt: 't', reasons: drift.reasons } }, '2021-01-04', 1);
    expect(events.map((e) => e.detailType)).toEqual(['model.trained', 'drift.detected']);
    expect(events[1]?.detail).toMatchObject({ eventId: `SPY#ensemble-direction:${V0}:2021-01-04`, championVersion: V0, maxPsi: 0.412, liveHitRate: 0.4, reasons: drift.reasons });
  });

  it('a run that changed nothing (skipped, or no training) announces nothing; the same run gives the same event ids', () => {
    expect(lifecycleEvents({ ...base, skipped: 'decided before' }, '2021-01-04', 1)).toEqual([]);
    const { trained: _omit, ...untrained } = base;
    expect(lifecycleEvents(untrained, '2021-01-04', 1)).toEqual([]);
    const a = lifecycleEvents({ ...base, decision: decision(true, { kind: 'champion', version: V0 }) }, '2021-01-04', 1);
    const b = lifecycleEvents({ ...base, decision: decision(true, { kind: 'champion', version: V0 }) }, '2021-01-04', 2);
    expect(a.map((e) => e.detail.eventId)).toEqual(b.map((e) => e.detail.eventId));
  });

  it('publishes only when TRADELOOP_EVENT_BUS is set', () => {
    expect(lifecyclePublisher({})).toBeUndefined();
    expect(lifecyclePublisher({ TRADELOOP_EVENT_BUS: 'tradeloop' })).toBeDefined();
  });
});

describe('ensemble-training job on the stand-ins publishes its lifecycle events', () => {
  it('a first run announces model.trained (and model.promoted when it beat always-up); a retry announces nothing', async () => {
    const resources = await provisionLocalResources({ prefix: `lifecycle${Date.now().toString(36)}-` });
    const env = { ...process.env, TRADELOOP_DATA_LAKE_BUCKET: resources.buckets['data-lake'], TRADELOOP_MODELS_BUCKET: resources.buckets.models, TRADELOOP_MODELS_TABLE: resources.tables.models, TRADELOOP_CODE_VERSION: 'test' };
    const argv = ['--as-of', '2016-12-30', '--lookback-days', '1460', '--symbols', 'SPY', '--quick', '--resamples', '50'];
    const bus = new RecordingEventPublisher();
    const lines: string[] = [];
    const at = () => new Date('2026-01-02T01:00:00Z');
    expect(await runEnsembleTraining(argv, env, (l) => lines.push(l), at, bus)).toBe(EXIT.ok);
    const result = JSON.parse(lines.find((l) => l.includes('"symbol"') && l.startsWith('{')) ?? '{}') as { version?: string; promoted?: boolean };
    const trained = bus.ofType('model.trained');
    expect(trained).toHaveLength(1);
    expect(trained[0]).toMatchObject({ modelId: 'SPY#ensemble-direction', version: result.version, registered: 'registered', trainedAt: at().getTime() });
    expect(bus.ofType('model.promoted').map((e) => e.version)).toEqual(result.promoted === true ? [result.version] : []);
    expect(bus.ofType('drift.detected')).toEqual([]); // no champion to drift yet
    const retry = new RecordingEventPublisher();
    expect(await runEnsembleTraining(argv, env, () => undefined, at, retry)).toBe(EXIT.ok);
    expect(retry.events).toEqual([]);
  }, 120_000);
});
