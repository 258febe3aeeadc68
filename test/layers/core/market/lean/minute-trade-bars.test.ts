import { LeanFormatError, parseLeanMinuteTradeBars } from '../../../../../layers/core/market/lean';

describe('parseLeanMinuteTradeBars', () => {
  // The first rows of data/lean/equity/usa/minute/spy/20131007_trade.zip (unzip -p).
  const spy20131007 = '14400000,1674100,1674100,1672500,1672700,3197\n14460000,1672500,1672500,1672500,1672500,1150\n';

  it('converts New York ms-since-midnight to UTC epoch ms (EDT, UTC-4) and deci-cents to USD', () => {
    const bars = parseLeanMinuteTradeBars(spy20131007, '20131007');
    expect(bars).toEqual([
      { start: Date.UTC(2013, 9, 7, 8, 0), open: 167.41, high: 167.41, low: 167.25, close: 167.27, volume: 3197 },
      { start: Date.UTC(2013, 9, 7, 8, 1), open: 167.25, high: 167.25, low: 167.25, close: 167.25, volume: 1150 },
    ]);
  });

  it('applies EST (UTC-5) after the November change and wall-clock time on the change day itself', () => {
    expect(parseLeanMinuteTradeBars('34200000,1,1,1,1,1', '20131104')[0]?.start).toBe(Date.UTC(2013, 10, 4, 14, 30));
    // 2013-11-03: clocks fell back at 02:00; 03:00 wall clock is EST.
    expect(parseLeanMinuteTradeBars('10800000,1,1,1,1,1', '20131103')[0]?.start).toBe(Date.UTC(2013, 10, 3, 8, 0));
    // 2014-03-09: clocks sprang forward at 02:00; 04:00 wall clock is EDT (only 3 h elapsed since midnight).
    expect(parseLeanMinuteTradeBars('14400000,1,1,1,1,1', '20140309')[0]?.start).toBe(Date.UTC(2014, 2, 9, 8, 0));
  });

  it('keeps exact 4-decimal prices when printed', () => {
    const [bar] = parseLeanMinuteTradeBars('34200000,1818900,1818900,1816300,1817000,7978', '20131008');
    expect(String(bar?.low)).toBe('181.63');
    expect(String(parseLeanMinuteTradeBars('34200000,1,1,1,1,1', '20131008')[0]?.open)).toBe('0.0001');
  });

  it('tolerates CRLF and a missing trailing newline, and rejects malformed rows', () => {
    expect(parseLeanMinuteTradeBars('14400000,1,2,1,2,5\r\n14460000,2,2,2,2,6', '20131007')).toHaveLength(2);
    expect(() => parseLeanMinuteTradeBars('14400000,1,2,1,2', '20131007')).toThrow(LeanFormatError);
    expect(() => parseLeanMinuteTradeBars('14400000,1.5,2,1,2,3', '20131007')).toThrow(/line 1/);
    expect(() => parseLeanMinuteTradeBars('90000000,1,2,1,2,3', '20131007')).toThrow(LeanFormatError);
    expect(() => parseLeanMinuteTradeBars('1,1,2,1,2,3', '2013-1-7')).toThrow(LeanFormatError);
  });
});
