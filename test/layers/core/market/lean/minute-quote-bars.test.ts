import { parseLeanEntryName, parseLeanMinuteQuoteBars } from '../../../../../layers/core/market/lean';

describe('parseLeanMinuteQuoteBars', () => {
  it('parses both sides of a real IBM 2013-10-08 09:30 quote bar', () => {
    // From data/lean/equity/usa/minute/ibm/20131008_quote.zip.
    const [bar] = parseLeanMinuteQuoteBars('34200000,1817500,1818900,1815200,1816900,400,1825700,1825700,1817300,1819200,100', '20131008');
    expect(bar).toEqual({
      start: Date.UTC(2013, 9, 8, 13, 30),
      bid: { open: 181.75, high: 181.89, low: 181.52, close: 181.69, lastSize: 400 },
      ask: { open: 182.57, high: 182.57, low: 181.73, close: 181.92, lastSize: 100 },
    });
  });

  it('leaves out a side Lean wrote empty', () => {
    const [bar] = parseLeanMinuteQuoteBars('34200000,,,,,0,1825700,1825700,1817300,1819200,100', '20131008');
    expect(bar?.bid).toBeUndefined();
    expect(bar?.ask?.close).toBe(181.92);
    expect(() => parseLeanMinuteQuoteBars('34200000,1,1,1,1', '20131008')).toThrow(/11 quote-bar fields/);
  });
});

describe('parseLeanEntryName', () => {
  it('reads date, symbol, resolution and tick type', () => {
    expect(parseLeanEntryName('20131007_spy_minute_trade.csv')).toEqual({ date: '20131007', symbol: 'SPY', resolution: 'minute', tickType: 'trade' });
    expect(() => parseLeanEntryName('spy.csv')).toThrow();
  });
});
