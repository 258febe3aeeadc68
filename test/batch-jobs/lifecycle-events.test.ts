import { lifecycleEvents, lifecyclePublisher, publishLifecycleEvents, type TrainedSymbol } from '../../batch-jobs/ensemble-training/lifecycle-events';
import { RecordingEventPublisher } from '../../layers/adapters/memory';
import type { DriftReport, PromotionDecision } from '../../layers/core/ml/lifecycle';

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
