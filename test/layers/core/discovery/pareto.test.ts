import { crowdedCompare, crowdingDistance, dominates, nonDominatedSort, rankAndCrowding } from '../../../../layers/core/discovery';

describe('Pareto dominance (every objective maximised)', () => {
  it('needs at least as good everywhere and strictly better somewhere', () => {
    expect(dominates([2, 2], [1, 2])).toBe(true);
    expect(dominates([2, 2], [2, 2])).toBe(false);
    expect(dominates([3, 1], [1, 3])).toBe(false);
    expect(dominates([1, 3], [3, 1])).toBe(false);
    expect(dominates([0, 0], [Number.NaN, 0])).toBe(true); // NaN is the worst value
  });
});

describe('non-dominated sorting', () => {
  it('sorts a hand case into fronts', () => {
    //            a       b       c       d       e       f (= b)
    const objs = [[3, 3], [2, 2], [3, 1], [1, 3], [1, 1], [2, 2]];
    expect(nonDominatedSort(objs)).toEqual([[0], [1, 2, 3, 5], [4]]);
  });

  it('puts every point of a trade-off curve in front 0', () => {
    const objs = [[0, 4], [1, 3], [2, 2], [3, 1], [4, 0]];
    expect(nonDominatedSort(objs)).toEqual([[0, 1, 2, 3, 4]]);
  });
});

describe('crowding distance', () => {
  it('gives extremes infinity and interior points the normalised neighbour gaps, summed over objectives', () => {
    const objs = [[0, 4], [1, 3.5], [3, 1], [4, 0]];
    const d = crowdingDistance(objs, [0, 1, 2, 3]);
    expect(d[0]).toBe(Number.POSITIVE_INFINITY);
    expect(d[3]).toBe(Number.POSITIVE_INFINITY);
    // objective 0: (3 − 0)/4 and (4 − 1)/4; objective 1: (4 − 1)/4 and (3.5 − 0)/4
    expect(d[1]).toBeCloseTo(0.75 + 0.75, 12);
    expect(d[2]).toBeCloseTo(0.75 + 0.875, 12);
  });

  it('adds nothing for an objective without spread', () => {
    const d = crowdingDistance([[1, 5], [2, 5], [3, 5]], [0, 1, 2]);
    expect(d[1]).toBeCloseTo(1, 12);
  });

  it('orders by rank, then by crowding (the tournament comparison)', () => {
    const objs = [[0.5, 0.5], [0, 4], [1, 3.5], [3, 1], [4, 0]];
    const { rank, crowding } = rankAndCrowding(objs);
    expect(Array.from(rank)).toEqual([1, 0, 0, 0, 0]);
    expect(crowdedCompare(rank, crowding, 2, 0)).toBeLessThan(0); // front 0 beats front 1, whatever the crowding
    expect(crowdedCompare(rank, crowding, 1, 2)).toBeLessThan(0); // extreme (∞) beats interior
    expect(crowdedCompare(rank, crowding, 2, 3)).toBeGreaterThan(0); // 1.5 < 1.625
  });
});
