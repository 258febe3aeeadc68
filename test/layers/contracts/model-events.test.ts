import { DriftDetectedV1, EVENT_CATALOGUE, ModelPromotedV1, ModelTrainedV1, parseEventDetail } from '../../../layers/contracts';

const trained: ModelTrainedV1 = {
  schema: 'ModelTrainedV1', eventId: 'SPY#ensemble-direction:v-2020-12-30-0123456789ab', modelId: 'SPY#ensemble-direction', symbol: 'SPY', version: 'v-2020-12-30-0123456789ab',
  registered: 'registered', trainedThrough: '2020-06-30', holdoutHitRate: 0.643, baselineHitRate: 0.644, trainedAt: 1_609_372_800_000,
};
const promoted: ModelPromotedV1 = {
  schema: 'ModelPromotedV1', eventId: 'SPY#ensemble-direction:v-2020-12-30-0123456789ab', modelId: 'SPY#ensemble-direction', symbol: 'SPY', version: 'v-2020-12-30-0123456789ab',
  previousChampion: null, reason: 'McNemar p 0.01 < 0.05', pValue: 0.01, decidedAt: 1_609_372_800_000,
};
const drift: DriftDetectedV1 = {
  schema: 'DriftDetectedV1', eventId: 'SPY#ensemble-direction:v-2020-12-30-0123456789ab:2021-03-01', modelId: 'SPY#ensemble-direction', symbol: 'SPY', championVersion: 'v-2020-12-30-0123456789ab',
  asOf: '2021-03-01', reasons: ['feature vol_20: PSI 0.412 > 0.25'], maxPsi: 0.412, liveHitRate: null, detectedAt: 1_614_643_200_000,
};

describe('model lifecycle events (model.trained, model.promoted, drift.detected)', () => {
  it('are catalogued under tradeloop.models and validate their examples', () => {
    expect(EVENT_CATALOGUE['model.trained'].source).toBe('tradeloop.models');
    expect(EVENT_CATALOGUE['model.promoted'].source).toBe('tradeloop.models');
    expect(EVENT_CATALOGUE['drift.detected'].source).toBe('tradeloop.models');
    expect(parseEventDetail('model.trained', trained)).toEqual(trained);
    expect(parseEventDetail('model.promoted', promoted)).toEqual(promoted);
    expect(parseEventDetail('drift.detected', drift)).toEqual(drift);
  });

  it('refuse what a consumer could not act on', () => {
    expect(() => parseEventDetail('model.trained', { ...trained, version: 'latest' })).toThrow();
    expect(() => parseEventDetail('model.trained', { ...trained, holdoutHitRate: 1.2 })).toThrow();
    expect(() => parseEventDetail('model.promoted', { ...promoted, modelId: 'spy' })).toThrow();
    expect(() => parseEventDetail('model.promoted', { ...promoted, previousChampion: undefined })).toThrow();
    expect(() => parseEventDetail('drift.detected', { ...drift, reasons: [] })).toThrow();
    expect(() => parseEventDetail('drift.detected', { ...drift, symbol: 'spy' })).toThrow();
    expect(() => parseEventDetail('drift.detected', { ...drift, asOf: '2021-3-1' })).toThrow();
  });
});
