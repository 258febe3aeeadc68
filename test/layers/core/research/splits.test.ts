import { mulberry32 } from '../../../../layers/core/analytics';
import { rangesOverlap, SplitOptionsError, walkForwardWindows, type WalkForwardSplitOptions } from '../../../../layers/core/research';

const plain = (ws: ReturnType<typeof walkForwardWindows>) => ws.map((w) => [w.train.start, w.train.end, w.test.start, w.test.end]);

describe('walkForwardWindows: hand cases', () => {
  it('rolling: fixed training length, test ranges tile the axis', () => {
    expect(plain(walkForwardWindows(10, { scheme: 'rolling', trainLength: 4, testLength: 2 }))).toEqual([
      [0, 4, 4, 6],
      [2, 6, 6, 8],
      [4, 8, 8, 10],
    ]);
  });
  it('anchored: training always starts at 0 and grows', () => {
    expect(plain(walkForwardWindows(10, { scheme: 'anchored', trainLength: 4, testLength: 2 }))).toEqual([
      [0, 4, 4, 6],
      [0, 6, 6, 8],
      [0, 8, 8, 10],
    ]);
  });
  it('gap (embargo) between training and test; a short last test is dropped unless allowed', () => {
    expect(plain(walkForwardWindows(10, { scheme: 'rolling', trainLength: 4, testLength: 2, gap: 1 }))).toEqual([
      [0, 4, 5, 7],
      [2, 6, 7, 9],
    ]);
    expect(plain(walkForwardWindows(10, { scheme: 'rolling', trainLength: 4, testLength: 2, gap: 1, allowPartialLastTest: true }))).toEqual([
      [0, 4, 5, 7],
      [2, 6, 7, 9],
      [4, 8, 9, 10],
    ]);
  });
  it('step larger than the test leaves holes; too short a series gives no window; bad options throw', () => {
    expect(plain(walkForwardWindows(12, { scheme: 'rolling', trainLength: 3, testLength: 2, step: 4 }))).toEqual([
      [0, 3, 3, 5],
      [4, 7, 7, 9],
    ]);
    expect(walkForwardWindows(4, { scheme: 'rolling', trainLength: 4, testLength: 1 })).toEqual([]);
    expect(() => walkForwardWindows(10, { scheme: 'rolling', trainLength: 0, testLength: 1 })).toThrow(SplitOptionsError);
    expect(() => walkForwardWindows(10, { scheme: 'rolling', trainLength: 2, testLength: 1.5 })).toThrow(SplitOptionsError);
  });
});

describe('walkForwardWindows: properties over 300 random configurations', () => {
  it('test never overlaps (or precedes) its training data; tests in time order; rolling tests with step ≥ test do not overlap', () => {
    const random = mulberry32(6);
    const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
    let windowsSeen = 0;
    for (let c = 0; c < 300; c += 1) {
      const length = int(0, 300);
      const testLength = int(1, 40);
      const options: WalkForwardSplitOptions = {
        scheme: random() < 0.5 ? 'rolling' : 'anchored',
        trainLength: int(1, 120),
        testLength,
        step: int(testLength, testLength + 10),
        gap: int(0, 5),
        allowPartialLastTest: random() < 0.5,
      };
      const ws = walkForwardWindows(length, options);
      windowsSeen += ws.length;
      ws.forEach((w, i) => {
        expect(w.fold).toBe(i);
        expect(rangesOverlap(w.train, w.test)).toBe(false);
        expect(w.train.end + (options.gap ?? 0)).toBe(w.test.start);
        expect(w.train.start).toBeGreaterThanOrEqual(0);
        expect(w.test.end).toBeLessThanOrEqual(length);
        expect(w.test.end).toBeGreaterThan(w.test.start);
        if (options.scheme === 'rolling') expect(w.train.end - w.train.start).toBe(options.trainLength);
        else expect(w.train.start).toBe(0);
        if (!options.allowPartialLastTest) expect(w.test.end - w.test.start).toBe(testLength);
        const prev = ws[i - 1];
        if (prev !== undefined) {
          expect(w.test.start).toBeGreaterThan(prev.test.start);
          expect(rangesOverlap(prev.test, w.test)).toBe(false);
        }
      });
    }
    expect(windowsSeen).toBeGreaterThan(300);
  });
});
