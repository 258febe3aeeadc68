import { nyseCalendar } from '../../../../../layers/core/market/calendar';
import { parseDecimal } from '../../../../../layers/core/market/exact';
import { chainByExpiry, lastTradingInstant, matchesChainFilter, midDecimal, optionContract, quoteMid, yearsToExpiry, type ChainEntry } from '../../../../../layers/core/options';

const d = parseDecimal;
const calendar = nyseCalendar();

describe('contracts and expiry', () => {
  it('builds the OCC symbol of a standard contract', () => {
    const c = optionContract({ underlying: 'GOOG', expiry: '2016-01-15', right: 'put', strike: d('752.5'), style: 'american' });
    expect(c).toMatchObject({ symbol: 'GOOG160115P00752500', root: 'GOOG', multiplier: 100 });
  });

  it('expires at the 16:00 New York close of the last trading day (Saturday and holiday expiries move back)', () => {
    expect(new Date(lastTradingInstant('2016-01-15', calendar)).toISOString()).toBe('2016-01-15T21:00:00.000Z');
    // 2014-06-21 was a Saturday (monthly expiries before 2015): last trade Friday 2014-06-20 16:00 EDT.
    expect(new Date(lastTradingInstant('2014-06-21', calendar)).toISOString()).toBe('2014-06-20T20:00:00.000Z');
    // 2015-12-24 was an early close (13:00).
    expect(new Date(lastTradingInstant('2015-12-24', calendar)).toISOString()).toBe('2015-12-24T18:00:00.000Z');
    const asOf = Date.parse('2015-12-24T15:00:00Z');
    expect(yearsToExpiry('2015-12-24', asOf, calendar)).toBeCloseTo(3 / (365 * 24), 15);
  });
});

describe('exact quotes', () => {
  it('takes mids exactly, one more decimal at most', () => {
    expect(midDecimal(d('13.1'), d('14.5'))).toBe('13.8');
    expect(midDecimal(d('0.05'), d('0.1'))).toBe('0.075');
    expect(midDecimal(d('747.09'), d('747.1'))).toBe('747.095');
    expect(midDecimal(d('0.0001'), d('0'))).toBe('0.00005');
    expect(midDecimal(d('-1'), d('0'))).toBe('-0.5');
  });

  it('has no mid without both sides or with a zero bid', () => {
    expect(quoteMid({ ts: 0, ask: { price: d('1'), size: d('1') } })).toBeUndefined();
    expect(quoteMid({ ts: 0, bid: { price: d('0'), size: d('1') }, ask: { price: d('0.05'), size: d('1') } })).toBeUndefined();
    expect(quoteMid({ ts: 0, bid: { price: d('1.2'), size: d('1') }, ask: { price: d('1.3'), size: d('1') } })).toBe('1.25');
  });
});

describe('chain views', () => {
  const entry = (expiry: string, strike: string, right: 'call' | 'put'): ChainEntry => ({ contract: optionContract({ underlying: 'GOOG', expiry, right, strike: d(strike), style: 'american' }) });
  const entries = [entry('2016-01-15', '752.5', 'put'), entry('2015-12-31', '750', 'call'), entry('2016-01-15', '752.5', 'call'), entry('2016-01-15', '1000', 'call'), entry('2016-01-15', '80', 'put')];

  it('groups by expiry, then numeric strike, with the call and put side by side', () => {
    const slices = chainByExpiry(entries);
    expect(slices.map((s) => s.expiry)).toEqual(['2015-12-31', '2016-01-15']);
    const jan = slices[1];
    expect(jan?.strikes.map((s) => s.strike)).toEqual(['80', '752.5', '1000']);
    expect(jan?.strikes[1]?.call?.contract.symbol).toBe('GOOG160115C00752500');
    expect(jan?.strikes[1]?.put?.contract.symbol).toBe('GOOG160115P00752500');
    expect(jan?.strikes[0]?.call).toBeUndefined();
  });

  it('filters like the chain endpoint', () => {
    const pick = (f: Parameters<typeof matchesChainFilter>[1]) => entries.filter((e) => matchesChainFilter(e.contract, f)).map((e) => e.contract.symbol);
    expect(pick({ expiry: '2015-12-31' })).toEqual(['GOOG151231C00750000']);
    expect(pick({ right: 'put', strikeFrom: 100 })).toEqual(['GOOG160115P00752500']);
    expect(pick({ expiryFrom: '2016-01-01', strikeTo: 752.5 })).toHaveLength(3);
  });
});
