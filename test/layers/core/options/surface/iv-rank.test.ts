import { ivRank, type DailyIv } from '../../../../../layers/core/options';

const day = (date: string, iv: number): DailyIv => ({ date, iv });

describe('IV rank and IV percentile (hand cases)', () => {
  it('rank = (IV − min)/(max − min) over the window; percentile = share of earlier days strictly below', () => {
    // Window values 0.20, 0.30, 0.40, 0.10 and today 0.25: min 0.10, max 0.40 → rank 0.5; below 0.25: 0.20, 0.10 → 2/4.
    const series = [day('2015-01-05', 0.2), day('2015-01-06', 0.3), day('2015-01-07', 0.4), day('2015-01-08', 0.1), day('2015-01-09', 0.25)];
    const result = ivRank(series);
    expect(result.date).toBe('2015-01-09');
    expect(result.rank).toBeCloseTo(0.5, 15);
    expect(result.percentile).toBe(0.5);
    expect(result).toMatchObject({ min: 0.1, max: 0.4, observations: 5 });
  });

  it('is 1 / 1 at a new high, 0 / 0 at a new low, and ties are not "below"', () => {
    const base = [day('2015-03-02', 0.2), day('2015-03-03', 0.3)];
    expect(ivRank([...base, day('2015-03-04', 0.5)])).toMatchObject({ rank: 1, percentile: 1 });
    expect(ivRank([...base, day('2015-03-04', 0.1)])).toMatchObject({ rank: 0, percentile: 0 });
    expect(ivRank([...base, day('2015-03-04', 0.2)]).percentile).toBe(0);
  });

  it('drops observations older than 52 weeks and reads any date of the series', () => {
    const series = [day('2014-01-02', 0.9), day('2015-01-02', 0.2), day('2015-06-01', 0.4), day('2015-12-31', 0.3)];
    const result = ivRank(series);
    // 2015-12-31 − 364 days = 2015-01-01: 2014-01-02 (0.9) is outside, so max is 0.4.
    expect(result).toMatchObject({ windowStart: '2015-01-01', max: 0.4, min: 0.2, observations: 3 });
    expect(result.rank).toBeCloseTo(0.5, 15);
    expect(ivRank(series, { date: '2015-06-01', weeks: 26 })).toMatchObject({ min: 0.2, max: 0.4, rank: 1, percentile: 1, shortHistory: false });
  });

  it('says when the history is shorter than the window and has no rank without a range', () => {
    const result = ivRank([day('2015-12-30', 0.3), day('2015-12-31', 0.3)]);
    expect(result.shortHistory).toBe(true);
    expect(result.rank).toBeUndefined();
    expect(result.percentile).toBe(0);
    expect(ivRank([day('2015-12-31', 0.3)]).percentile).toBeUndefined();
    expect(() => ivRank([day('2015-12-31', 0.3)], { date: '2015-12-30' })).toThrow(/no IV observation/);
  });
});
