import { mulberry32 } from '../../../../layers/core/analytics';
import {
  accuracy,
  balancedAccuracy,
  brierScore,
  calibrate,
  fitIsotonic,
  fitPlatt,
  logLoss,
  metricsWithIntervals,
  rocAuc,
  sigmoid,
  logit,
} from '../../../../layers/core/ml';

describe('metrics (hand arithmetic and brute force)', () => {
  const y = [1, 0, 1, 1, 0, 0];
  const p = [0.9, 0.4, 0.6, 0.3, 0.5, 0.2];

  it('accuracy, balanced accuracy, log loss, Brier', () => {
    // calls: 1 0 1 0 1 0 → correct: ✓ ✓ ✓ ✗ ✗ ✓
    expect(accuracy(y, p)).toBeCloseTo(4 / 6, 15);
    // TPR 2/3, TNR 2/3
    expect(balancedAccuracy(y, p)).toBeCloseTo(2 / 3, 15);
    const ll = -(Math.log(0.9) + Math.log(0.6) + Math.log(0.6) + Math.log(0.3) + Math.log(0.5) + Math.log(0.8)) / 6;
    expect(logLoss(y, p)).toBeCloseTo(ll, 14);
    expect(brierScore(y, p)).toBeCloseTo((0.01 + 0.16 + 0.16 + 0.49 + 0.25 + 0.04) / 6, 15);
    expect(Number.isFinite(logLoss([1], [0]))).toBe(true);
    expect(balancedAccuracy([1, 1], [0.7, 0.2])).toBeNaN();
  });

  it('AUC equals the pair count with ties as ½', () => {
    const random = mulberry32(3);
    const yy = Array.from({ length: 80 }, () => (random() < 0.4 ? 1 : 0));
    const pp = Array.from({ length: 80 }, () => Math.round(random() * 10) / 10); // many ties
    let wins = 0;
    let pairs = 0;
    yy.forEach((a, i) =>
      yy.forEach((b, j) => {
        if (a === 1 && b === 0) {
          pairs += 1;
          wins += (pp[i] ?? 0) > (pp[j] ?? 0) ? 1 : pp[i] === pp[j] ? 0.5 : 0;
        }
      }),
    );
    expect(rocAuc(yy, pp)).toBeCloseTo(wins / pairs, 14);
    expect(rocAuc([1, 1, 0], [0.9, 0.8, 0.1])).toBe(1);
    expect(rocAuc([1, 1], [0.9, 0.8])).toBeNaN();
  });

  it('intervals contain the estimate, are seeded, and narrow with more data', () => {
    const random = mulberry32(9);
    const yy = Array.from({ length: 400 }, () => (random() < 0.5 ? 1 : 0));
    const pp = yy.map((v) => Math.min(1, Math.max(0, 0.5 + (v ? 0.1 : -0.1) + 0.3 * (random() - 0.5))));
    const opts = { resamples: 200, seed: 4, level: 0.95, meanBlockLength: 5 };
    const a = metricsWithIntervals(yy, pp, opts);
    expect(metricsWithIntervals(yy, pp, opts)).toEqual(a);
    for (const m of Object.values(a)) {
      expect(m.lower).toBeLessThanOrEqual(m.estimate);
      expect(m.upper).toBeGreaterThanOrEqual(m.estimate);
    }
    expect(a.accuracy.estimate).toBeCloseTo(accuracy(yy, pp), 15);
    const small = metricsWithIntervals(yy.slice(0, 50), pp.slice(0, 50), opts);
    expect(small.auc.upper - small.auc.lower).toBeGreaterThan(a.auc.upper - a.auc.lower);
  });
});

describe('calibration', () => {
  it('isotonic: pool-adjacent-violators by hand, interpolation and clipping', () => {
    const c = fitIsotonic([0.1, 0.2, 0.3, 0.4], [0, 1, 0, 1]);
    // blocks {0.1}: 0, {0.2, 0.3}: ½, {0.4}: 1
    expect(c).toEqual({ method: 'isotonic', x: [0.1, 0.2, 0.3, 0.4], y: [0, 0.5, 0.5, 1] });
    expect(calibrate(c, 0.25)).toBe(0.5);
    expect(calibrate(c, 0.15)).toBeCloseTo(0.25, 15);
    expect(calibrate(c, 0)).toBe(0);
    expect(calibrate(c, 0.9)).toBe(1);
    // weights: the violating pair pools to its weighted mean; equal scores share one value
    const w = fitIsotonic([0.2, 0.3, 0.3], [1, 0, 1], [3, 1, 1]);
    expect(w.method === 'isotonic' && w.y.every((v) => Math.abs(v - 0.8) < 1e-15)).toBe(true);
  });

  it('isotonic output is monotone on noisy data', () => {
    const random = mulberry32(2);
    const p = Array.from({ length: 300 }, () => random());
    const y = p.map((v) => (random() < v * v ? 1 : 0));
    const c = fitIsotonic(p, y);
    let prev = -1;
    for (let k = 0; k <= 100; k += 1) {
      const v = calibrate(c, k / 100);
      expect(v).toBeGreaterThanOrEqual(prev);
      prev = v;
    }
  });

  it('Platt recovers the slope and intercept of a logistic miscalibration', () => {
    const random = mulberry32(8);
    const raw = Array.from({ length: 4000 }, () => 0.05 + 0.9 * random());
    const y = raw.map((p) => (random() < sigmoid(2 * logit(p) + 0.5) ? 1 : 0));
    const c = fitPlatt(raw, y);
    expect(c.method).toBe('platt');
    if (c.method !== 'platt') return;
    expect(c.a).toBeGreaterThan(1.7);
    expect(c.a).toBeLessThan(2.3);
    expect(c.b).toBeGreaterThan(0.35);
    expect(c.b).toBeLessThan(0.65);
    expect(calibrate(c, 0.5)).toBeCloseTo(sigmoid(c.b), 12);
  });
});
