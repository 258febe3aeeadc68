import { LeanFormatError } from '../../../../../layers/core/market/lean';
import { parseLeanDailyOptionQuotes, parseLeanOpenInterest, parseLeanOptionEntryName, parseLeanOptionMinuteQuotes, parseLeanOptionMinuteTrades, parseLeanOptionUniverse } from '../../../../../layers/core/options';
import { parseLeanMinuteQuoteBars, parseLeanMinuteTradeBars } from '../../../../../layers/core/market/lean';

describe('Lean option entry names', () => {
  it('reads the contract from minute and daily entry names (strikes in deci-cents)', () => {
    const minute = parseLeanOptionEntryName('20151224_goog_minute_quote_american_call_7500000_20160115.csv');
    expect(minute).toMatchObject({ date: '20151224', resolution: 'minute', tickType: 'quote' });
    expect(minute.contract).toMatchObject({ symbol: 'GOOG160115C00750000', underlying: 'GOOG', expiry: '2016-01-15', right: 'call', strike: '750', style: 'american' });
    const daily = parseLeanOptionEntryName('aapl_quote_american_call_1000000_20160115.csv');
    expect(daily).toMatchObject({ resolution: 'daily', tickType: 'quote' });
    expect(daily.date).toBeUndefined();
    expect(parseLeanOptionEntryName('twx_openinterest_american_put_425000_20140621.csv').contract.symbol).toBe('TWX140621P00042500');
    expect(() => parseLeanOptionEntryName('20131007_spy_minute_trade.csv')).toThrow(LeanFormatError);
  });
});

describe('Lean option rows', () => {
  it('parses open interest (minute: ms since New York midnight; daily: its own date)', () => {
    expect(parseLeanOpenInterest('23520000,889\n', '20151224')).toEqual([{ ts: Date.parse('2015-12-24T11:32:00Z'), openInterest: 889 }]);
    expect(parseLeanOpenInterest('20151223 00:00,12\n20151224 00:00,15')).toEqual([
      { ts: Date.parse('2015-12-23T05:00:00Z'), openInterest: 12 },
      { ts: Date.parse('2015-12-24T05:00:00Z'), openInterest: 15 },
    ]);
    expect(() => parseLeanOpenInterest('23520000,x', '20151224')).toThrow(LeanFormatError);
  });

  it('parses daily option quotes with exact closes; an empty side is absent', () => {
    expect(parseLeanDailyOptionQuotes('20150102 00:00,100000,110000,90000,105000,12,,,,,0')).toEqual([{ date: '2015-01-02', bidClose: '10.5', bidSize: 12, askSize: 0 }]);
  });

  it('fast minute parsers give the same rows as the equity parsers', () => {
    const quotes = '34200000,131000,131000,129000,129000,16,145000,145000,142000,142000,5\n34260000,,,,,0,141000,141000,139000,139000,15\n';
    const trades = '39420000,3555400,3555400,3555400,3555400,1\n';
    expect(parseLeanOptionMinuteQuotes(quotes, '20151224')).toEqual(parseLeanMinuteQuoteBars(quotes, '20151224'));
    expect(parseLeanOptionMinuteTrades(trades, '20151224')).toEqual(parseLeanMinuteTradeBars(trades, '20151224'));
    // Summer time too (EDT): the per-day offset must follow the date.
    expect(parseLeanOptionMinuteTrades(trades, '20140606')).toEqual(parseLeanMinuteTradeBars(trades, '20140606'));
  });

  it('parses a universe file: underlying row first, then contracts with Lean IV and Greeks', () => {
    const text = [
      '#expiry,strike,right,open,high,low,close,volume,open_interest,implied_volatility,delta,gamma,vega,theta,rho',
      ',,,747.9300,748.7700,747.8600,748.4000,106129,,,,,,,',
      '20160115,752.5,C,12.0000,12.3000,12.0000,12.3000,2,22,0.3317833,0.4910115,0.0066965,0.7159277,-0.5738744,0.1987653',
      '20160115,450,P,0.0500,0.0500,0.0500,0.0500,0,,,,,,,',
    ].join('\n');
    const u = parseLeanOptionUniverse(text, 'goog');
    expect(u.underlying).toEqual({ open: '747.93', high: '748.77', low: '747.86', close: '748.4', volume: 106129 });
    expect(u.contracts[0]).toMatchObject({ close: '12.3', openInterest: 22, impliedVolatility: 0.3317833, delta: 0.4910115 });
    expect(u.contracts[0]?.contract.symbol).toBe('GOOG160115C00752500');
    expect(u.contracts[1]?.impliedVolatility).toBeUndefined();
    expect(u.contracts[1]?.openInterest).toBeUndefined();
  });
});
