import { mulberry32 } from '../../../../layers/core/analytics';
import {
  assemblePaths,
  binomial,
  combinatorialPurgedCv,
  contiguousGroups,
  cpcvPathCount,
  horizonSpans,
  purgedKFold,
  type LabelSpans,
} from '../../../../layers/core/research';

const overlaps = (s: LabelSpans, a: number, b: number) =>
  (s.start[a] ?? NaN) <= (s.end[b] ?? NaN) && (s.end[a] ?? NaN) >= (s.start[b] ?? NaN);

describe('purged k-fold (AFML ch. 7): hand cases', () => {
  it('contiguous groups split like numpy array_split', () => {
    expect(contiguousGroups(10, 3)).toEqual([{ start: 0, end: 4 }, { start: 4, end: 7 }, { start: 7, end: 10 }]);
  });

  it('without label overlap or embargo it is plain k-fold', () => {
    const folds = purgedKFold(horizonSpans(6, 0), { folds: 3 });
    expect(folds.map((f) => [f.test, f.train])).toEqual([
      [[0, 1], [2, 3, 4, 5]],
      [[2, 3], [0, 1, 4, 5]],
      [[4, 5], [0, 1, 2, 3]],
    ]);
  });

  it('10 bars, 2-bar forward labels, 5 folds, 10 % embargo: fold 2 purges 2, 3, 6, 7 and embargoes 8', () => {
    // Test = bars 4, 5 whose labels span [4, 7]. Bar 2's label [2, 4] and bar 3's [3, 5] reach into it (purged
    // before); bars 6 and 7 start inside it (purged after); the embargo h = floor(10 · 0.1) = 1 takes bar 8.
    const fold = purgedKFold(horizonSpans(10, 2), { folds: 5, embargo: 0.1 })[2];
    expect(fold).toEqual({ fold: 2, test: [4, 5], train: [0, 1, 9], purged: [2, 3, 6, 7], embargoed: [8] });
  });

  it('purging works on time spans, not bar counts (a long label reaches across a fold)', () => {
    const spans: LabelSpans = { start: [0, 1, 2, 3, 4, 5], end: [5, 1, 2, 3, 4, 5] };
    const folds = purgedKFold(spans, { folds: 3 });
    // Observation 0's label runs to time 5: it overlaps every other fold's test block and is purged each time;
    // when it is itself tested, its block spans [0, 5] and every other observation is purged.
    expect(folds.map((f) => f.purged)).toEqual([[2, 3, 4, 5], [0], [0]]);
    expect(folds.map((f) => f.train)).toEqual([[], [1, 4, 5], [1, 2, 3]]);
  });
});

describe('purged k-fold: properties', () => {
  it('no training label overlaps a test label; embargo sizes are at most h; the parts partition 0..n−1', () => {
    const random = mulberry32(7);
    for (let c = 0; c < 60; c += 1) {
      const n = 20 + Math.floor(random() * 80);
      const start: number[] = [];
      const end: number[] = [];
      let t = 0;
      for (let i = 0; i < n; i += 1) {
        t += random() < 0.2 ? 0 : 1 + Math.floor(random() * 3); // ties in start times allowed
        start.push(t);
        end.push(t + Math.floor(random() * 10));
      }
      const spans = { start, end };
      const k = 2 + Math.floor(random() * 6);
      const embargo = random() * 0.1;
      const h = Math.floor(n * embargo);
      for (const f of purgedKFold(spans, { folds: k, embargo })) {
        for (const a of f.train) for (const b of f.test) if (overlaps(spans, a, b)) throw new Error(`overlap ${a} ${b}`);
        expect(f.embargoed.length).toBeLessThanOrEqual(h);
        expect(f.embargoed.every((e) => e > (f.test[f.test.length - 1] ?? n))).toBe(true);
        const all = [...f.test, ...f.train, ...f.purged, ...f.embargoed].sort((x, y) => x - y);
        expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
      }
    }
  });
});

describe('combinatorial purged CV (AFML ch. 12)', () => {
  it('counts: C(N, k) splits and φ = k/N · C(N, k) = C(N−1, k−1) paths', () => {
    expect([binomial(6, 2), cpcvPathCount(6, 2)]).toEqual([15, 5]);
    expect([binomial(10, 2), cpcvPathCount(10, 2)]).toEqual([45, 9]);
    expect([binomial(10, 3), cpcvPathCount(10, 3)]).toEqual([120, 36]);
    expect(cpcvPathCount(16, 8)).toBe(binomial(15, 7));
    for (let N = 2; N <= 12; N += 1) for (let k = 1; k < N; k += 1) expect(cpcvPathCount(N, k)).toBe(binomial(N - 1, k - 1));
  });

  it('N = 6, k = 2 reproduces AFML fig. 12.1: path 1 is S1, S1, S2, S3, S4, S5', () => {
    const plan = combinatorialPurgedCv(horizonSpans(60, 0), { groups: 6, testGroups: 2 });
    expect(plan.splits.length).toBe(15);
    expect(plan.paths.length).toBe(5);
    expect(plan.paths[0]).toEqual([0, 0, 1, 2, 3, 4]);
    expect(plan.paths[4]).toEqual([4, 8, 11, 13, 14, 14]);
    // Every (split, test group) pair is used by exactly one path; each path covers each group once.
    const used = new Set<string>();
    plan.paths.forEach((path) => path.forEach((s, g) => {
      expect(plan.splits[s]?.testGroups).toContain(g);
      used.add(`${s}/${g}`);
    }));
    expect(used.size).toBe(15 * 2);
  });

  it('purges around each test block separately (hand case: 8 bars, 1-bar labels, groups 0 and 2 tested)', () => {
    const plan = combinatorialPurgedCv(horizonSpans(8, 1), { groups: 4, testGroups: 2 });
    const split = plan.splits.find((s) => s.testGroups.join() === '0,2');
    // Block [0,1] spans times [0,2]: bar 2 starts at 2 → purged. Block [4,5] spans [4,6]: bar 3 ends at 4, bar 6 starts at 6.
    expect(split).toMatchObject({ test: [0, 1, 4, 5], purged: [2, 3, 6], train: [7], embargoed: [] });
    // Adjacent test groups form one block: groups 1, 2 = bars 2..5 spanning [2, 6].
    expect(plan.splits.find((s) => s.testGroups.join() === '1,2')).toMatchObject({ test: [2, 3, 4, 5], purged: [1, 6], train: [0, 7] });
  });

  it('property: no training label overlaps any test label; every observation is tested once per path', () => {
    const random = mulberry32(12);
    for (let c = 0; c < 20; c += 1) {
      const n = 30 + Math.floor(random() * 40);
      const spans = { start: Array.from({ length: n }, (_, i) => i), end: Array.from({ length: n }, (_, i) => i + Math.floor(random() * 6)) };
      const N = 3 + Math.floor(random() * 4);
      const k = 1 + Math.floor(random() * (N - 1));
      const plan = combinatorialPurgedCv(spans, { groups: N, testGroups: k, embargo: 0.05 });
      expect(plan.splits.length).toBe(binomial(N, k));
      expect(plan.paths.length).toBe(cpcvPathCount(N, k));
      for (const s of plan.splits) for (const a of s.train) for (const b of s.test) if (overlaps(spans, a, b)) throw new Error(`overlap ${a} ${b}`);
      for (const path of plan.paths) expect(path.every((s, g) => plan.splits[s]?.testGroups.includes(g))).toBe(true);
    }
  });

  it('assemblePaths recombines per-split test values into full paths', () => {
    const plan = combinatorialPurgedCv(horizonSpans(12, 0), { groups: 4, testGroups: 2 });
    // Value = 100 · split + observation, so the source split of each value is visible.
    const values = plan.splits.map((s) => s.test.map((i) => 100 * s.split + i));
    const paths = assemblePaths(plan, values);
    expect(paths.length).toBe(3);
    paths.forEach((path, p) => {
      for (let i = 0; i < 12; i += 1) {
        const g = Math.floor(i / 3);
        expect(path[i]).toBe(100 * (plan.paths[p]?.[g] ?? NaN) + i);
      }
    });
  });
});
