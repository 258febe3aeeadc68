import { Decimal } from 'decimal.js';
import { Ledger } from '../../../local/paper-broker/ledger';
import { nyseHolidays, nyseSession } from '../../../local/paper-broker/nyse-calendar';

describe('Ledger', () => {
  it('keeps exact cash, average entry and realised P&L through adds, a reduce and a flip to short', () => {
    const ledger = new Ledger(new Decimal('10000'));
    ledger.book('SPY', 'buy', new Decimal(10), new Decimal('0.1'));
    ledger.book('SPY', 'buy', new Decimal(20), new Decimal('0.2'));
    // Average of 10 @ 0.1 and 20 @ 0.2 = 5 / 30; binary floats would drift on these values.
    expect(ledger.position('SPY')?.averageEntryPrice.toFixed(10)).toBe(new Decimal(5).div(30).toFixed(10));
    expect(ledger.cash().toFixed()).toBe('9995');
    const reduce = ledger.book('SPY', 'sell', new Decimal(15), new Decimal('0.3'));
    expect(reduce.realizedPnl.toFixed(10)).toBe(new Decimal(15).times(new Decimal('0.3').minus(new Decimal(5).div(30))).toFixed(10));
    const flip = ledger.book('SPY', 'sell', new Decimal(20), new Decimal('0.4'));
    expect(flip.positionQuantity.toFixed()).toBe('-5');
    expect(ledger.position('SPY')?.averageEntryPrice.toFixed()).toBe('0.4');
    ledger.book('SPY', 'buy', new Decimal(5), new Decimal('0.5'));
    expect(ledger.position('SPY')).toBeUndefined();
    // Cash = 10000 − 1 − 4 + 4.5 + 8 − 2.5; realised = total cash change since all positions are closed.
    expect(ledger.cash().toFixed()).toBe('10005');
    expect(ledger.realizedPnl().toFixed(9)).toBe('5.000000000');
  });
});

describe('NYSE calendar rules', () => {
  it('matches the published NYSE holidays of 2013 and 2024', () => {
    expect([...nyseHolidays(2013)].sort()).toEqual(['2013-01-01', '2013-01-21', '2013-02-18', '2013-03-29', '2013-05-27', '2013-07-04', '2013-09-02', '2013-11-28', '2013-12-25']);
    expect([...nyseHolidays(2024)].sort()).toEqual(['2024-01-01', '2024-01-15', '2024-02-19', '2024-03-29', '2024-05-27', '2024-06-19', '2024-07-04', '2024-09-02', '2024-11-28', '2024-12-25']);
  });

  it('gives 09:30–16:00 ET sessions (DST-aware), 13:00 early closes, none on weekends', () => {
    expect(nyseSession('2013-10-07')).toMatchObject({ open: Date.UTC(2013, 9, 7, 13, 30), close: Date.UTC(2013, 9, 7, 20, 0) });
    expect(nyseSession('2013-12-02')?.open).toBe(Date.UTC(2013, 11, 2, 14, 30));
    expect(nyseSession('2013-12-24')?.close).toBe(Date.UTC(2013, 11, 24, 18, 0));
    expect(nyseSession('2013-10-05')).toBeUndefined();
  });
});
