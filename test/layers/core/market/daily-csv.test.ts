import { DailyCsvError, parseDailyCsv, parseDailyCsvStrict, splitCsvLine } from '../../../../layers/core/market/csv';

// Rows in the shape of Yahoo Finance downloads (newest first), values from matplotlib's sample aapl.csv.
const YAHOO = `Date,Open,High,Low,Close,Volume,Adj Close
2008-10-14,116.26,116.40,103.14,104.08,70749800,104.08
2008-10-13,104.55,110.53,101.02,110.26,54967000,110.26
2000-06-21,50.50,56.94,50.31,55.62,4375000,27.81
`;

describe('parseDailyCsv', () => {
  it('parses and sorts ascending; Adj Close ignored by default', () => {
    const { bars, errors } = parseDailyCsv(YAHOO);
    expect(errors).toEqual([]);
    expect(bars.map((b) => b.date)).toEqual(['2000-06-21', '2008-10-13', '2008-10-14']);
    expect(bars[0]).toEqual({ date: '2000-06-21', open: 50.5, high: 56.94, low: 50.31, close: 55.62, volume: 4375000 });
  });

  it('uses Adj Close on request: all prices scaled by AdjClose/Close, volume kept', () => {
    const bars = parseDailyCsvStrict(YAHOO, { adjClose: 'use' });
    expect(bars[0]?.close).toBe(27.81);
    expect(bars[0]?.open).toBeCloseTo(50.5 / 2, 12); // 27.81 / 55.62 = 0.5 exactly (the 2000-06-21 2:1 split)
    expect(bars[0]?.high).toBeCloseTo(56.94 / 2, 12);
    expect(bars[0]?.volume).toBe(4375000);
    expect(() => parseDailyCsv('Date,Open,High,Low,Close,Volume\n2020-01-02,1,1,1,1,1', { adjClose: 'use' })).toThrow(/lacks column\(s\) adjClose/);
  });

  it('matches header names case-insensitively, in any order, ignoring punctuation and extra columns', () => {
    const text = 'Symbol,VOLUME,close,LOW,High,open,"Adj. Close*",DATE\nX,100,2.5,2,3,2.25,2.4,2021-03-31T00:00:00Z\n';
    const { bars, errors } = parseDailyCsv(text, { adjClose: 'ignore' });
    expect(errors).toEqual([]);
    expect(bars).toEqual([{ date: '2021-03-31', open: 2.25, high: 3, low: 2, close: 2.5, volume: 100 }]);
  });

  it('accepts ISO date-times (date taken as written), CRLF, a BOM, blank lines and quoted fields', () => {
    const text = '\uFEFFDate,Open,High,Low,Close,Volume\r\n"2021-03-30 16:00:00",1,2,0.5,1.5,"10"\r\n\r\n2021-03-31T09:30-04:00,1,2,0.5,1.5,0\r\n';
    expect(parseDailyCsvStrict(text).map((b) => b.date)).toEqual(['2021-03-30', '2021-03-31']);
  });

  it('reports each malformed row with its line number and every reason, keeping the valid rows', () => {
    const text = [
      'Date,Open,High,Low,Close,Volume', //        line 1
      '2021-01-04,10,11,9,10.5,1000', //          line 2 ok
      '2021-01-05,10,11,9', //                    line 3 too few fields
      '01/06/2021,10,11,9,10.5,1000', //          line 4 not ISO
      '2021-02-30,10,11,9,10.5,1000', //          line 5 no such date
      '2021-01-07,null,11,9,10.5,1000', //        line 6 Yahoo "null"
      '2021-01-08,10,9,9.5,10.5,-5', //           line 7 high below, low above, negative volume
      '2021-01-04,10,11,9,10.5,1000', //          line 8 duplicate
      '2021-01-11,0,11,9,10.5,1e3', //            line 9 zero price, exponent notation
      '',
      '2021-01-12,10,11,9,10.5,', //              line 11 empty volume
    ].join('\n');
    const { bars, errors } = parseDailyCsv(text);
    expect(bars.map((b) => b.date)).toEqual(['2021-01-04']);
    expect(errors).toEqual([
      { row: 3, reason: 'expected at least 6 fields, got 4' },
      { row: 4, reason: 'date "01/06/2021" is not an ISO date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM[:SS])' },
      { row: 5, reason: 'date "2021-02-30" does not exist' },
      { row: 6, reason: 'Open "null" is not a number' },
      { row: 7, reason: 'Volume -5 is negative; High 9 is below Open/Close/Low; Low 9.5 is above Open/Close/High' },
      { row: 8, reason: 'date 2021-01-04 repeats line 2' },
      { row: 9, reason: 'Volume "1e3" is not a number; Open 0 is not positive' },
      { row: 11, reason: 'Volume is empty' },
    ]);
    expect(() => parseDailyCsvStrict(text)).toThrow(/8 malformed row\(s\):\nline 3: expected at least 6 fields/);
    try {
      parseDailyCsvStrict(text);
    } catch (error) {
      expect(error).toBeInstanceOf(DailyCsvError);
      expect(error instanceof DailyCsvError ? error.errors.map((e) => e.row) : []).toEqual([3, 4, 5, 6, 7, 8, 9, 11]);
    }
  });

  it('rejects a file without the required header columns', () => {
    expect(() => parseDailyCsv('Date,Open,High,Low,Close\n2021-01-04,1,1,1,1')).toThrow(/line 1: header lacks column\(s\) volume/);
    expect(() => parseDailyCsv('\n\n')).toThrow(DailyCsvError);
  });
});

describe('splitCsvLine', () => {
  it('handles quotes and escaped quotes', () => {
    expect(splitCsvLine('a,"b,c","d ""e""",')).toEqual(['a', 'b,c', 'd "e"', '']);
  });
});
