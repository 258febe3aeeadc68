import type { FeatureBar } from '../../../../../layers/core/ml';
import { liveHitRate, type PredictionRecordV1 } from '../../../../../layers/core/ml/inference';
import { hitRateTest } from '../../../../../layers/core/ml/lifecycle';

const day = (date: string, close: number): FeatureBar => ({ date, open: close, high: close, low: close, close, volume: 1 });
const record = (sessionDate: string, probability: number): PredictionRecordV1 => ({
  schema: 'PredictionRecordV1', modelId: 'SPY#ensemble-direction', version: 'v-2013-10-04-000000000001', role: 'champion', symbol: 'SPY', sessionDate, barStart: 0, probability, softVote: probability, stacked: probability, features: [],
});

describe('liveHitRate', () => {
  // closes: 10, 11, 12, 11, 10, 13 on six sessions
  const daily = [day('2013-10-01', 10), day('2013-10-02', 11), day('2013-10-03', 12), day('2013-10-04', 11), day('2013-10-07', 10), day('2013-10-08', 13)];

  it('scores each forecast with the training label (close h sessions later above the decision close; flat is not up)', () => {
    const r = liveHitRate([record('2013-10-01', 0.7), record('2013-10-02', 0.7), record('2013-10-03', 0.3), record('2013-10-04', 0.6)], daily, 1, 1);
    // labels h=1: 10→11 up, 11→12 up, 12→11 down, 11→10 down
    expect(r.scored.map((s) => [s.sessionDate, s.label, s.hit])).toEqual([
      ['2013-10-01', 1, true], ['2013-10-02', 1, true], ['2013-10-03', 0, true], ['2013-10-04', 0, false],
    ]);
    expect([r.hits, r.trials, r.pending]).toEqual([3, 4, 0]);
    expect(liveHitRate([record('2013-10-01', 0.5)], [day('2013-10-01', 10), day('2013-10-02', 10)], 1).scored[0]).toMatchObject({ label: 0, hit: true });
  });

  it('forecasts whose label is not decided yet are pending, not misses', () => {
    const r = liveHitRate([record('2013-10-07', 0.9), record('2013-10-08', 0.9)], daily, 2);
    expect([r.trials, r.pending]).toEqual([0, 2]);
  });

  it('default stride h keeps label spans disjoint; the counts feed the drift binomial test', () => {
    const records = daily.slice(0, 4).map((d) => record(d.date, 0.8));
    const r = liveHitRate(records, daily, 2); // decided: 10-01 (12>10 up), 10-02 (11=11 not up), 10-03 (10<12), 10-04 (13>11)
    expect(r.scored.map((s) => s.sessionDate)).toEqual(['2013-10-01', '2013-10-03']);
    expect([r.hits, r.trials]).toEqual([1, 2]);
    expect(hitRateTest(r.hits, r.trials, 0.6).pValue).toBeCloseTo(1 - 0.6 * 0.6, 12); // P(X ≤ 1 | 2, 0.6)
    expect(() => liveHitRate(records, daily, 2, 0)).toThrow(RangeError);
  });
});
