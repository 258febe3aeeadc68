import {
  factorsOn,
  filterByMapFile,
  parseLeanDailyBars,
  parseLeanFactorFile,
  parseLeanMapFile,
  tickerOn,
  LeanFormatError,
} from '../../../../layers/core/market/lean';
import { adjustBars } from '../../../../layers/core/market';

// Rows copied from the shipped data/lean/equity/usa files (AAPL daily, AAPL factor file, GOOG map file).
const AAPL_DAILY = [
  '19980102 00:00,136300,162500,135000,162500,6315000',
  '20140606 00:00,6500000,6512500,6444800,6455700,12116671',
  '20140609 00:00,926900,938800,917500,937000,72875948',
  '20200828 00:00,5040000,5057700,4983100,4992300,44109029',
  '20200831 00:00,1276700,1310000,1262500,1290400,210024091',
].join('\n');
const AAPL_FACTORS = [
  '19980102,0.8613657,0.00892857,1',
  '20140507,0.8961764,0.03571430,592.33',
  '20140606,0.9011818,0.03571430,645.57',
  '20140806,0.9011818,0.25,94.97',
  '20200828,0.9967882,0.25,499.23',
  '20201105,0.9967882,1,119.03',
  '20501231,1,1,0',
].join('\n');

describe('parseLeanDailyBars (L-DAY)', () => {
  it('reads deci-cent prices and YYYYMMDD HH:MM dates (AAPL 1998-01-02 raw close 16.25)', () => {
    const bars = parseLeanDailyBars(AAPL_DAILY);
    expect(bars[0]).toEqual({ date: '1998-01-02', open: 13.63, high: 16.25, low: 13.5, close: 16.25, volume: 6315000 });
    expect(bars).toHaveLength(5);
  });

  it('rejects malformed rows with the line number', () => {
    expect(() => parseLeanDailyBars('19980102 00:00,1,2,3')).toThrow(/line 1: expected 6/);
    expect(() => parseLeanDailyBars('1998-01-02,1,2,3,4,5')).toThrow(LeanFormatError);
    expect(() => parseLeanDailyBars('19980105 00:00,1,1,1,1,1\n19980102 00:00,1,1,1,1,1')).toThrow(/line 2: date 1998-01-02 is not after/);
  });
});

describe('parseLeanFactorFile (L-FACTOR) and factorsOn', () => {
  const rows = parseLeanFactorFile(AAPL_FACTORS);

  it('parses rows', () => {
    expect(rows[2]).toEqual({ date: '2014-06-06', priceFactor: 0.9011818, splitFactor: 0.0357143, referencePrice: 645.57 });
    expect(rows.at(-1)).toEqual({ date: '2050-12-31', priceFactor: 1, splitFactor: 1, referencePrice: 0 });
  });

  it('applies a row to dates after the previous row up to and including its own date', () => {
    expect(factorsOn(rows, '1997-06-01')).toEqual({ priceFactor: 0.8613657, splitFactor: 0.00892857 });
    expect(factorsOn(rows, '2014-05-07')).toEqual({ priceFactor: 0.8961764, splitFactor: 0.0357143 });
    expect(factorsOn(rows, '2014-05-08')).toEqual({ priceFactor: 0.9011818, splitFactor: 0.0357143 });
    expect(factorsOn(rows, '2014-06-06')).toEqual({ priceFactor: 0.9011818, splitFactor: 0.0357143 });
    expect(factorsOn(rows, '2014-06-09')).toEqual({ priceFactor: 0.9011818, splitFactor: 0.25 });
    expect(factorsOn(rows, '2020-08-31')).toEqual({ priceFactor: 0.9967882, splitFactor: 1 });
    expect(factorsOn(rows, '2021-03-31')).toEqual({ priceFactor: 1, splitFactor: 1 });
    expect(factorsOn([], '2021-03-31')).toEqual({ priceFactor: 1, splitFactor: 1 });
  });

  it('rejects bad factors', () => {
    expect(() => parseLeanFactorFile('20140606,0,1,1')).toThrow(/line 1: expected a positive price factor/);
    expect(() => parseLeanFactorFile('20140606,1,1')).toThrow(/expected 4/);
  });
});

describe('adjustBars', () => {
  const bars = parseLeanDailyBars(AAPL_DAILY);
  const factors = parseLeanFactorFile(AAPL_FACTORS);

  it('raw returns the file prices', () => {
    expect(adjustBars(bars, factors, 'raw')).toBe(bars);
  });

  it('split-adjusts across the 2014-06-09 7:1 and 2020-08-31 4:1 splits without a jump, volume inversely', () => {
    const adjusted = adjustBars(bars, factors, 'split');
    const close = (date: string): number => adjusted.find((b) => b.date === date)?.close ?? NaN;
    // Raw closes 645.57 → 93.70 (-85 %); split-adjusted 645.57/28 = 23.056 → 93.70/4 = 23.425 (+1.6 %).
    expect(close('2014-06-06')).toBeCloseTo(645.57 * 0.0357143, 10);
    expect(close('2014-06-09')).toBeCloseTo(93.7 / 4, 10);
    expect(Math.abs(close('2014-06-09') / close('2014-06-06') - 1)).toBeLessThan(0.02);
    expect(Math.abs(close('2020-08-31') / close('2020-08-28') - 1)).toBeLessThan(0.04); // 124.81 → 129.04
    // 1998: 1/112 (2:1 in 2000 and 2005, 7:1, 4:1): 16.25 × 0.00892857.
    expect(close('1998-01-02')).toBeCloseTo(16.25 * 0.00892857, 12);
    const volume = adjusted.find((b) => b.date === '2014-06-06')?.volume ?? NaN;
    expect(volume).toBeCloseTo(12116671 / 0.0357143, 3);
    // Traded value is invariant under split adjustment.
    expect(volume * close('2014-06-06')).toBeCloseTo(12116671 * 645.57, 3);
  });

  it('split-and-dividend multiplies by both factors; volume only by the split factor', () => {
    const adjusted = adjustBars(bars, factors, 'split-and-dividend');
    expect(adjusted[0]?.close).toBeCloseTo(16.25 * 0.8613657 * 0.00892857, 12);
    expect(adjusted[0]?.volume).toBeCloseTo(6315000 / 0.00892857, 3);
    expect(adjusted[2]?.close).toBeCloseTo(93.7 * 0.9011818 * 0.25, 12);
    expect(adjusted[4]).toEqual(bars[4] === undefined ? undefined : { ...bars[4], close: 129.04 * 0.9967882, open: 127.67 * 0.9967882, high: 131 * 0.9967882, low: 126.25 * 0.9967882 });
  });
});

describe('parseLeanMapFile (L-MAP), tickerOn, filterByMapFile', () => {
  // GOOG's map file: class C traded as GOOCV 2014-03-27..04-02, as GOOG from 2014-04-03.
  const goog = parseLeanMapFile('20140327,goocv,Q\n20140402,goocv,Q\n20501231,goog,Q');

  it('parses rows with upper-case tickers', () => {
    expect(goog[0]).toEqual({ date: '2014-03-27', ticker: 'GOOCV', exchange: 'Q' });
  });

  it('gives the ticker in force on a date; none before the first date', () => {
    expect(tickerOn(goog, '2014-03-26')).toBeUndefined();
    expect(tickerOn(goog, '2014-03-27')).toBe('GOOCV');
    expect(tickerOn(goog, '2014-04-02')).toBe('GOOCV');
    expect(tickerOn(goog, '2014-04-03')).toBe('GOOG');
    expect(tickerOn(goog, '2051-01-01')).toBeUndefined();
  });

  it('drops rows of a per-ticker file that belong to another instrument', () => {
    const bars = [
      { date: '2004-08-19', close: 100 }, // ticker GOOG was class A then
      { date: '2014-04-02', close: 1 },
      { date: '2014-04-03', close: 2 },
    ];
    expect(filterByMapFile(bars, goog, 'goog')).toEqual([{ date: '2014-04-03', close: 2 }]);
  });

  it('rejects malformed rows', () => {
    expect(() => parseLeanMapFile('20140327')).toThrow(/line 1: expected 2 or 3/);
    expect(() => parseLeanMapFile('2014-03-27,goog,Q')).toThrow(/line 1: expected a date/);
  });
});
