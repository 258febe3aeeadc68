import {
  artefactVersion,
  assessDrift,
  binomialTest,
  canonicalJson,
  decidePromotion,
  hitRateTest,
  kolmogorovQ,
  ksTwoSample,
  mcnemarExact,
  populationStabilityIndex,
  retrainRequest,
  sharedOutOfSampleRows,
} from '../../../../../layers/core/ml/lifecycle';

/** Drift and promotion statistics against values worked out by hand or in closed form. */
describe('exact binomial test', () => {
  it('matches the hand sums for n = 10, p = ½', () => {
    // P(X ≤ 2) = (1 + 10 + 45) / 1024
    expect(binomialTest(2, 10, 0.5, 'less')).toBeCloseTo(56 / 1024, 12);
    expect(binomialTest(8, 10, 0.5, 'greater')).toBeCloseTo(56 / 1024, 12);
    expect(binomialTest(2, 10, 0.5, 'two-sided')).toBeCloseTo(112 / 1024, 12);
    expect(binomialTest(0, 0, 0.5, 'less')).toBe(1);
  });
  it('matches a skewed p by hand: n = 5, p = 0.8, P(X ≤ 3) = 1 − 0.8⁵ − 5·0.8⁴·0.2', () => {
    expect(binomialTest(3, 5, 0.8, 'less')).toBeCloseTo(1 - 0.8 ** 5 - 5 * 0.8 ** 4 * 0.2, 12);
  });
  it('rejects impossible inputs', () => {
    expect(() => binomialTest(11, 10, 0.5, 'less')).toThrow(RangeError);
    expect(() => binomialTest(1, 10, 1, 'less')).toThrow(RangeError);
  });
});

describe('Kolmogorov–Smirnov', () => {
  it('Q_KS at the tabulated critical values 1.2239, 1.3581, 1.6276 is 0.10, 0.05, 0.01', () => {
    expect(kolmogorovQ(1.2239)).toBeCloseTo(0.1, 3);
    expect(kolmogorovQ(1.3581)).toBeCloseTo(0.05, 3);
    expect(kolmogorovQ(1.6276)).toBeCloseTo(0.01, 3);
    expect(kolmogorovQ(0)).toBe(1);
  });
  it('D by hand, p-value from the closed form with Stephens’ correction', () => {
    const r = ksTwoSample([1, 2, 3, 4], [3, 4, 5, 6]);
    expect(r.statistic).toBeCloseTo(0.5, 12);
    const disjoint = ksTwoSample([1, 2, 3], [4, 5, 6]);
    expect(disjoint.statistic).toBe(1);
    const ne = 1.5;
    const lambda = Math.sqrt(ne) + 0.12 + 0.11 / Math.sqrt(ne);
    const q = 2 * (Math.exp(-2 * lambda ** 2) - Math.exp(-8 * lambda ** 2) + Math.exp(-18 * lambda ** 2));
    expect(disjoint.pValue).toBeCloseTo(q, 8);
    expect(ksTwoSample([1, 2, 3], [1, 2, 3])).toMatchObject({ statistic: 0, pValue: 1 });
  });
  it('ties across samples step both distribution functions together', () => {
    expect(ksTwoSample([1, 1, 2], [1, 2, 2]).statistic).toBeCloseTo(1 / 3, 12);
  });
});

describe('population stability index', () => {
  it('two bins by hand: reference 1..4 (edge 2.5), live [1,1,1,4] → 0.25·ln1.5 + 0.25·ln2', () => {
    const r = populationStabilityIndex([1, 2, 3, 4], [1, 1, 1, 4], { bins: 2 });
    expect(r.edges).toEqual([2.5]);
    expect(r.expected).toEqual([0.5, 0.5]);
    expect(r.actual).toEqual([0.75, 0.25]);
    expect(r.psi).toBeCloseTo(0.25 * Math.log(1.5) + 0.25 * Math.log(2), 12);
  });
  it('is 0 for the same sample and uses the floor for empty bins', () => {
    const ref = Array.from({ length: 100 }, (_, i) => i);
    expect(populationStabilityIndex(ref, ref).psi).toBeCloseTo(0, 12);
    // All live values in the first decile: shares 1, then nine floored at 1e-4, against 0.1 each.
    const r = populationStabilityIndex(ref, [0, 1, 2, 3]);
    expect(r.edges).toHaveLength(9);
    expect(r.psi).toBeCloseTo(0.9 * Math.log(10) + 9 * (1e-4 - 0.1) * Math.log(1e-4 / 0.1), 10);
  });
  it('merges equal edges of a tied feature', () => {
    // Deciles of eight 0s and two 1s (type-7 quantiles): 0 seven times, then 0.2 (at 0.8) and 1 (at 0.9): three inner edges, four bins.
    const r = populationStabilityIndex([0, 0, 0, 0, 0, 0, 0, 0, 1, 1], [0, 1]);
    expect(r.edges).toHaveLength(3);
    expect(r.edges[0]).toBe(0);
    expect(r.edges[1]).toBeCloseTo(0.2, 12);
    expect(r.edges[2]).toBe(1);
    expect(r.expected).toEqual([0.8, 0, 0.2, 0]);
  });
});

describe('assessDrift', () => {
  const rows = (n: number, shift: number): Float64Array[] => Array.from({ length: n }, (_, i) => Float64Array.of(((i * 37) % 101) / 101 + shift, (i % 7) / 7));
  const base = {
    featureNames: ['a', 'b'],
    referenceFeatures: rows(500, 0),
    referencePredictions: Array.from({ length: 200 }, (_, i) => 0.4 + (i % 20) / 100),
    expectedHitRate: 0.6,
  };
  it('stays quiet when live looks like the reference', () => {
    const report = assessDrift({ ...base, liveFeatures: rows(250, 0), livePredictions: base.referencePredictions.slice(0, 100), liveHits: 30, liveTrials: 50 });
    expect(report).toMatchObject({ drifted: false, reasons: [] });
    expect(report.features.map((f) => f.name)).toEqual(['a', 'b']);
    expect(report.hitRate?.pValue).toBeCloseTo(binomialTest(30, 50, 0.6, 'less'), 12);
    expect(retrainRequest('SPY#ensemble-direction', report, '2026-01-01T00:00:00Z')).toBeUndefined();
  });
  it('flags a shifted feature, shifted predictions and a hit rate below expectation, and asks for a retrain', () => {
    const report = assessDrift({ ...base, liveFeatures: rows(250, 0.5), livePredictions: Array.from({ length: 100 }, () => 0.9), liveHits: 15, liveTrials: 50 });
    expect(report.drifted).toBe(true);
    expect(report.reasons.some((r) => r.startsWith('feature a: PSI'))).toBe(true);
    expect(report.reasons.some((r) => r.startsWith('feature b'))).toBe(false);
    expect(report.reasons.some((r) => r.startsWith('predictions: KS'))).toBe(true);
    expect(report.hitRate?.pValue).toBeCloseTo(binomialTest(15, 50, 0.6, 'less'), 12);
    expect(report.reasons.some((r) => r.startsWith('hit rate'))).toBe(true);
    expect(retrainRequest('SPY#ensemble-direction', report, '2026-01-01T00:00:00Z', 'v-2020-01-01-000000000000')).toMatchObject({ schema: 'RetrainRequestV1', championVersion: 'v-2020-01-01-000000000000' });
  });
  it('runs no test on too few live rows', () => {
    const report = assessDrift({ ...base, liveFeatures: rows(5, 3), livePredictions: [0.9], liveHits: 0, liveTrials: 5 });
    expect(report).toMatchObject({ drifted: false, features: [] });
    expect(report.hitRate).toBeUndefined();
    expect(hitRateTest(0, 5, 0.6).pValue).toBeCloseTo(0.4 ** 5, 12);
  });
});

describe('promotion', () => {
  it('McNemar counts discordant pairs and gives the exact one-sided p', () => {
    // y all up; champion right on rows 0..1, challenger right on rows 1..10: b = 1 (row 0), c = 9 (rows 2..10).
    const y = new Array(12).fill(1);
    const champion = y.map((_, i) => (i <= 1 ? 0.7 : 0.3));
    const challenger = y.map((_, i) => (i >= 1 && i <= 10 ? 0.7 : 0.3));
    const r = mcnemarExact(y, champion, challenger);
    expect(r).toMatchObject({ rows: 12, b: 1, c: 9 });
    expect(r.pValue).toBeCloseTo(11 / 1024, 12);
  });
  it('promotes only a significant improvement with enough discordant rows', () => {
    const y = new Array(12).fill(1);
    const champion = y.map((_, i) => (i <= 1 ? 0.7 : 0.3));
    const challenger = y.map((_, i) => (i >= 1 && i <= 10 ? 0.7 : 0.3));
    const dates = y.map((_, i) => `2020-01-${String(i + 1).padStart(2, '0')}`);
    const yes = decidePromotion({ y, champion, challenger, dates }, 'v-2020-01-12-aaaaaaaaaaaa', { kind: 'champion', version: 'v-2019-12-31-bbbbbbbbbbbb' });
    expect(yes).toMatchObject({ promote: true, test: { name: 'mcnemar-exact-one-sided', b: 1, c: 9 }, evidence: { rows: 12, from: '2020-01-01', to: '2020-01-12' } });
    expect(yes.evidence.hitRate).toEqual({ incumbent: 2 / 12, challenger: 10 / 12 });
    // Reversed roles: the challenger is worse.
    expect(decidePromotion({ y, champion: challenger, challenger: champion, dates }, 'v', { kind: 'baseline-always-up' }).promote).toBe(false);
    // Better but too few discordant rows.
    expect(decidePromotion({ y, champion, challenger, dates }, 'v', { kind: 'baseline-always-up' }, { alpha: 0.05, minDiscordant: 20 })).toMatchObject({ promote: false });
    // Better, enough rows, not significant at α = 0.01.
    expect(decidePromotion({ y, champion, challenger, dates }, 'v', { kind: 'baseline-always-up' }, { alpha: 0.01, minDiscordant: 5 }).reason).toMatch(/≥ α 0.01/);
    expect(decidePromotion({ y: [], champion: [], challenger: [], dates: [] }, 'v', { kind: 'baseline-always-up' }).promote).toBe(false);
  });
  it('shared out-of-sample rows skip the incumbent’s last label span and do not overlap each other', () => {
    const dates = Array.from({ length: 10 }, (_, i) => `2020-01-${String(i + 1).padStart(2, '0')}`);
    // trainedThrough 01-03, horizon 2: its last label was decided on 01-05, so the first usable row decides on 01-05 (label 01-05..01-07).
    expect(sharedOutOfSampleRows(dates, '2020-01-03', 2)).toEqual([4, 6, 8]);
    expect(sharedOutOfSampleRows(dates, undefined, 3)).toEqual([0, 3, 6, 9]);
    expect(sharedOutOfSampleRows(dates, '2020-02-01', 1)).toEqual([]);
  });
});

describe('manifest helpers', () => {
  it('canonical JSON sorts keys, so the version does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe('{"a":[1,{"c":3,"d":2}],"b":1}');
    const inputs = { barsSha256: 'x', codeVersion: 'c', config: { a: 1, b: 2 }, seed: 1, label: { kind: 'direction', horizon: 5 } };
    const v = artefactVersion('2020-12-31', inputs);
    expect(v).toMatch(/^v-2020-12-31-[0-9a-f]{12}$/);
    expect(artefactVersion('2020-12-31', { ...inputs, config: { b: 2, a: 1 } })).toBe(v);
    expect(artefactVersion('2020-12-31', { ...inputs, seed: 2 })).not.toBe(v);
  });
});
