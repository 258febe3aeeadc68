import { Decimal } from 'decimal.js';
import { Ledger } from '../../../local/paper-broker/ledger';

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
